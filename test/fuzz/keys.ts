// The fuzz suite's key pool: small ints, short strings, keys that are equal under SameValueZero
// (0 / -0, NaN), keys of every kind a Map accepts, and crafted keys that collided under every
// seed with the hash cortado shipped before b2144b6 (16 equal-length strings with one 64-bit
// hash, and floats hashing like the ints 1, 2 and 42). Keys are always compared, so no
// collision may ever make the cache return another key's value; the fuzzer checks that with
// these keys in play, and fuzz.test.ts checks that they no longer collide.

/**
 * A Joux multicollision against the old string hash: four stages, each a choice between two
 * pairs of 32-bit words (two UTF-16 units each) that leave both lanes in the same state, so
 * the 2^4 strings of 16 units share one hash whatever the seed. Found by a birthday search on
 * lane a ^ lane b after the first word of each stage; the second word cancels the difference.
 */
const STAGES: [number, number][][] = [
  [
    [2772154041, 6422625],
    [1924056018, 3945457752],
  ],
  [
    [2192902634, 6422625],
    [3822839137, 538242510],
  ],
  [
    [2058392912, 6422625],
    [95196161, 2594289851],
  ],
  [
    [273671407, 6422625],
    [1472272125, 812206370],
  ],
];

function craftedString(choice: number): string {
  const units: number[] = [];
  for (let stage = 0; stage < STAGES.length; stage++) {
    for (const word of STAGES[stage]![(choice >> stage) & 1]!) units.push(word & 0xffff, word >>> 16);
  }
  return String.fromCharCode(...units);
}

/** The 16 strings that shared one hash under every seed before the keyed hash. */
export const CRAFTED_STRINGS: readonly string[] = Array.from({ length: 1 << STAGES.length }, (_, i) =>
  craftedString(i),
);

/** A double whose two words the old hash mixed exactly like the int `i` (for any seed). */
export function floatCollidingWith(i: number): number {
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  w[0] = (i ^ 0x2c1b3c6d) >>> 0; // TAG_FLOAT cancelled
  w[1] = 0x1b873593; // TAG_INT
  return f[0]!;
}

/** Pairs of distinct keys that collided under every seed with the old hash. */
export const CRAFTED_FLOAT_PAIRS: readonly [number, number][] = [1, 2, 42].map((i) => [i, floatCollidingWith(i)]);

const OBJECT_A = { name: 'object A' };
const OBJECT_B = { name: 'object B' };
const SYMBOL_A = Symbol('symbol A');

/**
 * The pool, hottest first: the generator draws half its keys from the first eight. Entries that
 * are SameValueZero-equal (0 and -0, the two NaNs) are the same key on purpose.
 */
export const KEY_POOL: readonly unknown[] = [
  0,
  'a',
  CRAFTED_STRINGS[0],
  floatCollidingWith(1),
  1,
  CRAFTED_STRINGS[1],
  -0,
  NaN,
  2,
  'b',
  42,
  floatCollidingWith(42),
  CRAFTED_STRINGS[2],
  CRAFTED_STRINGS[3],
  '',
  0 / 0,
  3,
  'c',
  1n,
  '1',
  true,
  null,
  undefined,
  OBJECT_A,
  OBJECT_B,
  SYMBOL_A,
  Symbol.for('cortado'),
  2 ** 40,
  -7,
  1.5,
  floatCollidingWith(2),
  2n ** 70n,
  ...CRAFTED_STRINGS.slice(4),
  ...Array.from({ length: 48 }, (_, i) => (i % 2 === 0 ? 100 + i : `k${i}`)),
];

/** A short, unambiguous rendering of a pool key for traces. */
export function describeKey(key: unknown): string {
  if (typeof key === 'string') {
    const crafted = CRAFTED_STRINGS.indexOf(key);
    return crafted >= 0 ? `crafted#${crafted}` : JSON.stringify(key);
  }
  if (typeof key === 'number') return Object.is(key, -0) ? '-0' : String(key);
  if (typeof key === 'bigint') return `${key}n`;
  if (typeof key === 'symbol') return key.toString();
  if (key === OBJECT_A) return '{object A}';
  if (key === OBJECT_B) return '{object B}';
  return String(key);
}

/** SameValueZero, the equality of Map keys. */
export function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
