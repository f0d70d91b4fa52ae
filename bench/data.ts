// Seeded, pregenerated benchmark data: keys of four kinds and Zipf-distributed access streams.
// Every contender runs on the very same arrays, built before any timing starts, so no key is
// created (and no string hashed for the first time) inside a measured loop.
//
// String keys are sequential (flat) strings whose V8 hash is already computed, and object keys
// already have their identity hash: built by concatenation, a long key is a rope (a cons
// string) that V8 keeps as one even after Map has hashed it, so a library that reads the key's
// characters (cortado hashes them) would pay for walking the rope on every read, a cost that
// belongs to how the benchmark built its keys, not to the library.

/** The key kinds every workload is run with. */
export type KeyKind = 'int' | 'short' | 'long' | 'object';

export const KEY_KINDS: readonly KeyKind[] = ['int', 'short', 'long', 'object'];

/** A small, fast, seeded PRNG (mulberry32): uniform doubles in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Scrambles an id into a distinct 31-bit integer (a bijection on [0, 2^31)), so keys look random. */
function scramble(id: number): number {
  return Math.imul(id, 0x2f6b4ab5) & 0x7fffffff;
}

const FILLER = 'abcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTUVWXYZ'.repeat(4);

/**
 * The key with id `id` (ids from 0; distinct ids give distinct keys of every kind).
 * - int: a 31-bit integer (a V8 small integer);
 * - short: "user:123456"-style strings (11+ characters);
 * - long: 200-character strings (a URL-like prefix, the id, padding);
 * - object: a fresh object (keys compared by identity).
 */
export function makeKey(kind: KeyKind, id: number): unknown {
  const n = scramble(id);
  switch (kind) {
    case 'int':
      return n;
    case 'short':
      // A bijection of id: a permutation of the six digits' range, then a suffix past a million.
      return flat(
        `user:${String(((id % 1_000_000) * 7919 + 12345) % 1_000_000).padStart(6, '0')}${
          id >= 1_000_000 ? `.${Math.floor(id / 1_000_000)}` : ''
        }`,
      );
    case 'long': {
      const head = `https://api.example.com/v1/users/${n}/items?page=`;
      return flat((head + FILLER).slice(0, 200 - String(id).length) + id);
    }
    case 'object':
      return { id: n };
  }
}

/** The same characters as a new sequential string (JSON.parse allocates one; the keys need no escaping). */
function flat(s: string): string {
  return JSON.parse(`"${s}"`) as string;
}

/** Has V8 compute and keep each key's hash (a string's, an object's identity hash) by a Map pass. */
function settle(keys: readonly unknown[]): void {
  const map = new Map<unknown, number>();
  for (let i = 0; i < keys.length; i++) {
    map.set(keys[i], i);
    if (map.size === 1 << 16) map.clear();
  }
}

/** `count` distinct keys of one kind (ids 0..count-1, or from `firstId`). */
export function makeKeys(kind: KeyKind, count: number, firstId = 0): unknown[] {
  const keys = new Array<unknown>(count);
  for (let i = 0; i < count; i++) keys[i] = makeKey(kind, firstId + i);
  if (kind !== 'int') settle(keys);
  return keys;
}

/** A seeded uniform random sequence of indexes into [0, n), `length` long. */
export function uniformIndexes(n: number, length: number, seed: number): Int32Array {
  const random = prng(seed);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * n);
  return out;
}

/**
 * Zipf(s) sampler over ranks 1..n by rejection-inversion (Hörmann & Derflinger 1996): O(1)
 * per draw with no table, so n can be in the millions.
 */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  if (!(n >= 1) || !(s > 0)) throw new RangeError(`zipfSampler: need n >= 1 and s > 0, got n=${n}, s=${s}`);
  const h = (x: number) => Math.exp(-s * Math.log(x));
  // expm1(x)/x and log1p(x)/x, with their limits at 0.
  const helper2 = (x: number) => (Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3));
  const helper1 = (x: number) => (Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x / 3));
  const hIntegral = (x: number) => {
    const logX = Math.log(x);
    return helper2((1 - s) * logX) * logX;
  };
  const hIntegralInverse = (x: number) => {
    let t = x * (1 - s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5) - 1;
  const hIntegralN = hIntegral(n + 0.5);
  const sConst = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  return () => {
    for (;;) {
      const u = hIntegralN + random() * (hIntegralX1 - hIntegralN);
      const x = hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= sConst || u >= hIntegral(k + 0.5) - h(k)) return k;
    }
  };
}

/** A Zipf access stream: key indexes (rank - 1) into a universe of `universe` keys. */
export function zipfIndexes(universe: number, s: number, length: number, seed: number): Int32Array {
  const draw = zipfSampler(universe, s, prng(seed));
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = draw() - 1;
  return out;
}

/**
 * Keys for a stream of indexes, built only for the indexes that occur (a universe of millions
 * of 200-character strings would not fit), shared so equal indexes give the same key object.
 */
export function keysForStream(kind: KeyKind, indexes: Int32Array): unknown[] {
  const out = new Array<unknown>(indexes.length);
  if (kind === 'int') {
    // Values, not objects: nothing to share.
    for (let i = 0; i < indexes.length; i++) out[i] = makeKey(kind, indexes[i]!);
    return out;
  }
  let universe = 0;
  for (let i = 0; i < indexes.length; i++) if (indexes[i]! >= universe) universe = indexes[i]! + 1;
  // An array by index (holey, preallocated) is several times faster than a Map here.
  const byIndex = new Array<unknown>(universe);
  for (let i = 0; i < indexes.length; i++) {
    const index = indexes[i]!;
    let key = byIndex[index];
    if (key === undefined) byIndex[index] = key = makeKey(kind, index);
    out[i] = key;
  }
  settle(out);
  return out;
}
