// The key hasher cortado used before the keyed construction, kept only so tests can build the
// seed-independent collisions it allowed (test/reliability.test.ts, "full 64-bit hash collisions")
// and show they no longer collide.

function oldFmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One 32-bit word (two UTF-16 units) through the old hasher's two lanes. */
function oldLanes(a: number, b: number, c: number): [number, number] {
  a = Math.imul(a ^ c, 0x01000193);
  a = (a << 15) | (a >>> 17);
  b = Math.imul(b ^ c, 0x5bd1e995);
  b = (b << 13) | (b >>> 19);
  return [a, b];
}

/** The old hash of an even-length string: lanes over the string, then the seeded mix. */
export function oldHash(s: string, seedLo: number, seedHi: number): string {
  const tag = 0x297a2d39;
  let a = tag ^ s.length;
  let b = Math.imul(tag, 0x9e3779b1) ^ s.length;
  for (let i = 0; i + 1 < s.length; i += 2) [a, b] = oldLanes(a, b, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  a ^= seedLo;
  b ^= seedHi;
  b = oldFmix32((b + Math.imul(a | 0, 0x9e3779b1)) | 0);
  a = oldFmix32((a + Math.imul(b | 0, 0x85ebca77)) | 0);
  return `${a >>> 0}:${oldFmix32((b ^ a) >>> 0)}`;
}

/**
 * Joux's multicollision against the old lanes: from a lane state, two 2-word blocks (c1, c2)
 * and (c1', c2') end in the same state when a1 ^ b1 agree after the first word (a birthday
 * search over c1, ~2^16 tries) and c2' = c2 ^ a1 ^ a1'. Chaining `rounds` such block pairs gives
 * 2^rounds strings of 4 * rounds characters with one lane state, so one hash under every seed.
 */
export function oldMulticollision(rounds: number): string[] {
  const n = rounds * 4;
  const tag = 0x297a2d39;
  let state: [number, number] = [tag ^ n, Math.imul(tag, 0x9e3779b1) ^ n];
  const choices: [string, string][] = [];
  for (let r = 0; r < rounds; r++) {
    const seen = new Map<number, number>();
    let found: [number, number] | undefined;
    for (let c1 = r * 0x10000 + 1; found === undefined; c1++) {
      const [a1, b1] = oldLanes(state[0], state[1], c1);
      const d = (a1 ^ b1) >>> 0;
      const other = seen.get(d);
      if (other !== undefined) found = [other, c1];
      else seen.set(d, c1);
    }
    const [x, y] = found;
    const [ax] = oldLanes(state[0], state[1], x);
    const [ay] = oldLanes(state[0], state[1], y);
    const c2 = 0x00410041;
    const c2y = (c2 ^ ax ^ ay) >>> 0;
    const word = (w: number) => String.fromCharCode(w & 0xffff, w >>> 16);
    choices.push([word(x) + word(c2), word(y) + word(c2y)]);
    const [a1, b1] = oldLanes(state[0], state[1], x);
    state = oldLanes(a1, b1, c2);
  }
  let strings = [''];
  for (const [p, q] of choices) strings = strings.flatMap((s) => [s + p, s + q]);
  return strings;
}
