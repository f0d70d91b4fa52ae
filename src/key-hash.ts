// Keys -> seeded 64-bit hashes, as two 32-bit halves (lo, hi). Hashes feed the frequency
// sketch and index ghost entries; they never decide identity (keys are always compared), so a
// collision can cost hit ratio but never return another key's value. Equal keys under Map's
// SameValueZero hash equally: -0 and 0 alike, every NaN alike; objects and symbols hash by
// identity through an id assigned on first sight.

const floatView = new Float64Array(1);
const wordView = new Uint32Array(floatView.buffer);

// Long ASCII strings are hashed over their UTF-8 bytes, four bytes per word: TextEncoder's
// encodeInto writes them in one native call into this scratch buffer (shared by every hasher of
// the realm, grown on demand), and the loop then reads 32-bit words instead of calling charCodeAt
// twice per word. Short strings stay on the charCodeAt loop, where the call into the encoder
// costs more than it saves, and so do strings whose first, middle or last unit is not ASCII:
// encodeInto is slower than the loop on those. bench/hash-strings.ts measures both by length.
const BYTES_FROM = 64;
/** Longer strings (a scratch buffer over 192 KiB) stay on the charCodeAt loop. */
const BYTES_UP_TO = 1 << 16;
const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : undefined;
let scratch = new Uint8Array(0);
let scratchWords = new Int32Array(0);
// A lone surrogate encodes as U+FFFD, so two different strings that are not well formed can
// share their bytes: such strings take the charCodeAt loop. Without isWellFormed (ES2024), every
// string that is not ASCII does.
const isWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
// Called through a reference held here, never as `s.charCodeAt(i)`: once any code in the process
// declares `class X extends String` (node-redis does), V8 stops inlining the method looked up on
// String.prototype and each call becomes a full lookup; called through this constant, optimised
// code calls the builtin directly whatever else the process loaded (bench/hash-strings.ts).
const charCodeAt = String.prototype.charCodeAt;

// Identity ids for objects, functions and (where the runtime allows) symbols. A WeakMap, so
// hashing a key never keeps it alive.
const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** Murmur3's 32-bit finaliser. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Type tags keep e.g. the number 1, the string "1" and true apart.
const TAG_INT = 0x1b873593;
const TAG_FLOAT = 0x2c1b3c6d;
const TAG_STRING = 0x297a2d39;
const TAG_STRING_BYTES = 0x1f83d9ab;
const TAG_BIGINT = 0x68e31da4;
const TAG_OBJECT = 0x5bd1e995;
const TAG_SYMBOL = 0x3c6ef372;
const TAG_OTHER = 0x7f4a7c15;

function identityOf(key: object): number {
  let id = identities.get(key);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(key, id);
  }
  return id;
}

/**
 * A keyed key hasher. `hash(key)` leaves the result in `lo` and `hi` (no allocation).
 *
 * The seed is the hash's key, not a final whitening: it sets both lanes' starting states and
 * the multipliers before the first input word is absorbed, so which keys collide depends on
 * the seed. (The former construction absorbed the string first and applied the seed only in a
 * bijective final mix, so equal-length strings with equal lane state collided under every
 * seed; test/key-hash.test.ts builds such a set and checks it no longer collides.)
 *
 * Two 32-bit lanes take alternate words (two UTF-16 units each), so their multiplies overlap
 * in the CPU; each step is multiply, rotate by 16, multiply. A single multiply would carry a
 * top-bit difference through unchanged, whatever the multiplier, and a crafted pair could
 * cancel it with the next input word under every seed; the rotation turns that bit into a
 * middle bit whose carries depend on the state and the keyed multiplier. Collisions cost hit
 * ratio at worst (the sketch, ghost entries): keys are always compared, so no collision can
 * return another key's value.
 */
export class KeyHasher {
  lo = 0;
  hi = 0;
  private readonly k1: number;
  private readonly k2: number;
  /** Lane b's keyed starting state (lane a's depends on the kind of key). */
  private readonly startB: number;
  // Lane a's state after absorbing the kind tag, for the common kinds (computed once).
  private readonly startString: number;
  private readonly startBytes: number;
  private readonly startInt: number;

  constructor(seedLo: number, seedHi: number) {
    // Odd, seed-derived multipliers (odd: a multiplication by them is a bijection).
    this.k1 = (fmix32(seedHi ^ 0x1b873593) | 1) >>> 0;
    this.k2 = (fmix32(seedLo ^ seedHi ^ 0x6a09e667) | 1) >>> 0;
    this.startB = fmix32(seedHi ^ 0x3c6ef372 ^ Math.imul(seedLo, 0x9e3779b1));
    this.startString = this.begin(seedLo, TAG_STRING);
    this.startBytes = this.begin(seedLo, TAG_STRING_BYTES);
    this.startInt = this.begin(seedLo, TAG_INT);
    this.seedLo = seedLo;
  }

  private readonly seedLo: number;

  hash(key: unknown): void {
    switch (typeof key) {
      case 'string':
        if (
          key.length >= BYTES_FROM &&
          key.length <= BYTES_UP_TO &&
          encoder !== undefined &&
          (charCodeAt.call(key, 0) | charCodeAt.call(key, key.length >> 1) | charCodeAt.call(key, key.length - 1)) <
            0x80
        ) {
          this.hashStringBytes(key);
        } else this.hashString(key, this.startString);
        return;
      case 'number':
        if ((key | 0) === key)
          this.finish(this.step(this.startInt, key), this.startB, 1); // -0 | 0 is 0
        else {
          floatView[0] = key === key ? key : NaN; // every NaN alike
          const a = this.step(this.begin(this.seedLo, TAG_FLOAT), wordView[0]!);
          this.finish(a, this.step(this.startB, wordView[1]!), 2);
        }
        return;
      case 'bigint':
        this.hashString(key.toString(16), this.begin(this.seedLo, TAG_BIGINT));
        return;
      case 'object':
      case 'function':
        if (key === null) this.hashWord(0, TAG_OTHER);
        else this.hashWord(identityOf(key), TAG_OBJECT);
        return;
      case 'symbol':
        this.hashSymbol(key);
        return;
      case 'boolean':
        this.hashWord(key ? 1 : 2, TAG_OTHER);
        return;
      default:
        this.hashWord(3, TAG_OTHER); // undefined
    }
  }

  private hashSymbol(key: symbol): void {
    const registered = Symbol.keyFor(key);
    if (registered !== undefined) {
      this.hashString(registered, this.begin(this.seedLo, TAG_SYMBOL));
      return;
    }
    try {
      this.hashWord(identityOf(key as unknown as object), TAG_SYMBOL);
    } catch {
      // Runtimes without symbols as WeakMap keys: equal descriptions share a hash (only the
      // sketch's estimate is shared; lookups still compare the symbol itself).
      this.hashString(key.description ?? '', this.begin(this.seedLo, TAG_SYMBOL));
    }
  }

  /** Lane a's keyed state after absorbing a kind tag (kinds start from unrelated states). */
  private begin(seedLo: number, tag: number): number {
    return this.step(fmix32(seedLo ^ 0x2d358dcc), tag);
  }

  /** One keyed step: absorb a word, multiply, rotate by 16, multiply. */
  private step(x: number, word: number): number {
    x = Math.imul(x ^ word, this.k1);
    return Math.imul((x << 16) | (x >>> 16), this.k2);
  }

  private hashWord(word: number, tag: number): void {
    this.finish(this.step(this.begin(this.seedLo, tag), word), this.startB, 1);
  }

  private hashString(s: string, a: number): void {
    const n = s.length;
    const k1 = this.k1;
    const k2 = this.k2;
    let b = this.startB;
    let i = 0;
    // Four UTF-16 units per round: lane a takes the first two, lane b the next two.
    for (; i + 3 < n; i += 4) {
      a = Math.imul(a ^ (charCodeAt.call(s, i) | (charCodeAt.call(s, i + 1) << 16)), k1);
      b = Math.imul(b ^ (charCodeAt.call(s, i + 2) | (charCodeAt.call(s, i + 3) << 16)), k1);
      a = Math.imul((a << 16) | (a >>> 16), k2);
      b = Math.imul((b << 16) | (b >>> 16), k2);
    }
    if (i + 1 < n) {
      a = this.step(a, charCodeAt.call(s, i) | (charCodeAt.call(s, i + 1) << 16));
      i += 2;
    }
    if (i < n) b = this.step(b, charCodeAt.call(s, i) | 0x10000);
    this.finish(a, b, n);
  }

  /**
   * A string of BYTES_FROM .. BYTES_UP_TO units (ASCII where hash() probed it), by its UTF-8 bytes: the same keyed step over
   * 32-bit words, lanes a and b alternating, from a start of its own (so no string hashed by
   * units shares a starting state with one hashed by bytes). Well-formed strings have distinct
   * UTF-8 bytes, and the byte count is folded in, so equal strings, and only they, absorb equal
   * words; a string that is not well formed goes to the charCodeAt loop (a choice made by the
   * string alone, so equal strings still hash alike).
   */
  private hashStringBytes(s: string): void {
    const units = s.length;
    if (scratch.length < 3 * units + 4) {
      let size = 1024;
      while (size < 3 * units + 4) size *= 2;
      scratch = new Uint8Array(size);
      scratchWords = new Int32Array(scratch.buffer);
    }
    const n = encoder!.encodeInto(s, scratch).written;
    if (n !== units && (isWellFormed === undefined || !isWellFormed.call(s))) {
      this.hashString(s, this.startString);
      return;
    }
    const words = scratchWords;
    const k1 = this.k1;
    const k2 = this.k2;
    let a = this.startBytes;
    let b = this.startB;
    const whole = n >> 2;
    let w = 0;
    for (; w + 1 < whole; w += 2) {
      a = Math.imul(a ^ words[w]!, k1);
      b = Math.imul(b ^ words[w + 1]!, k1);
      a = Math.imul((a << 16) | (a >>> 16), k2);
      b = Math.imul((b << 16) | (b >>> 16), k2);
    }
    if (w < whole) a = this.step(a, words[w]!);
    // The last 0..3 bytes, zero-padded (the byte count folded in tells the lengths apart).
    let tail = 0;
    for (let p = whole << 2, shift = 0; p < n; p++, shift += 8) tail |= scratch[p]! << shift;
    this.finish(a, this.step(b, tail), n);
  }

  /** Folds in the length and mixes (a, b) into 64 bits; a bijection of (a, b) for fixed n. */
  private finish(a: number, b: number, n: number): void {
    a ^= n;
    b = fmix32((b + Math.imul(a, 0x9e3779b1)) | 0);
    a = fmix32((a + Math.imul(b, 0x85ebca77)) | 0);
    this.lo = a;
    this.hi = fmix32((b ^ a) >>> 0);
  }
}

/**
 * A 64-bit seed as two words. Random when the runtime allows it where the cache is first used;
 * Workers forbid randomness at global scope, so failure falls back to a per-process counter.
 */
let fallbackSeeds = 0;
export function randomSeed(): [number, number] {
  try {
    const words = new Uint32Array(2);
    globalThis.crypto.getRandomValues(words);
    return [words[0]!, words[1]!];
  } catch {
    try {
      return [(Math.random() * 2 ** 32) >>> 0, (Math.random() * 2 ** 32) >>> 0];
    } catch {
      fallbackSeeds++;
      return [fmix32(fallbackSeeds), fmix32(fallbackSeeds ^ 0x5bd1e995)];
    }
  }
}

/** A seed from a user-supplied number (reproducible runs). */
export function seedFrom(seed: number): [number, number] {
  floatView[0] = seed;
  return [fmix32(wordView[0]! ^ 0x2545f491), fmix32(wordView[1]! ^ 0x4f6cdd1d)];
}
