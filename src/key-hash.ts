// Keys -> seeded 64-bit hashes, as two 32-bit halves (lo, hi). Hashes feed the frequency
// sketch and index ghost entries; they never decide identity (keys are always compared), so a
// collision can cost hit ratio but never return another key's value. Equal keys under Map's
// SameValueZero hash equally: -0 and 0 alike, every NaN alike; objects and symbols hash by
// identity through an id assigned on first sight.

const floatView = new Float64Array(1);
const wordView = new Uint32Array(floatView.buffer);

// Identity ids for objects, functions and (where the runtime allows) symbols. A WeakMap, so
// hashing a key never keeps it alive.
const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** Murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
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
 * A seeded key hasher. `hash(key)` leaves the result in `lo` and `hi` (no allocation).
 * The seed makes hash values unpredictable across caches, so crafted keys cannot be chosen to
 * collide in the sketch or pile into one probe chain of the index.
 */
export class KeyHasher {
  lo = 0;
  hi = 0;
  constructor(
    private readonly seedLo: number,
    private readonly seedHi: number,
  ) {}

  hash(key: unknown): void {
    switch (typeof key) {
      case 'string':
        this.hashString(key, TAG_STRING);
        return;
      case 'number':
        if ((key | 0) === key && !Object.is(key, -0)) this.mix(key, TAG_INT);
        else if (key === 0) this.mix(0, TAG_INT); // -0 is 0 under SameValueZero
        else {
          floatView[0] = key === key ? key : NaN;
          this.mix(wordView[0]! ^ TAG_FLOAT, wordView[1]!);
        }
        return;
      case 'bigint':
        this.hashString(key.toString(16), TAG_BIGINT);
        return;
      case 'object':
      case 'function':
        if (key === null) this.mix(0, TAG_OTHER);
        else this.mix(identityOf(key), TAG_OBJECT);
        return;
      case 'symbol':
        this.hashSymbol(key);
        return;
      case 'boolean':
        this.mix(key ? 1 : 2, TAG_OTHER);
        return;
      default:
        this.mix(3, TAG_OTHER); // undefined
    }
  }

  private hashSymbol(key: symbol): void {
    const registered = Symbol.keyFor(key);
    if (registered !== undefined) {
      this.hashString(registered, TAG_SYMBOL);
      return;
    }
    try {
      this.mix(identityOf(key as unknown as object), TAG_SYMBOL);
    } catch {
      // Runtimes without symbols as WeakMap keys: equal descriptions share a hash (only the
      // sketch's estimate is shared; lookups still compare the symbol itself).
      this.hashString(key.description ?? '', TAG_SYMBOL);
    }
  }

  /** Two multiplicative lanes over two UTF-16 units per step, then a bijective 2x32 mix. */
  private hashString(s: string, tag: number): void {
    const n = s.length;
    let a = tag ^ n;
    let b = Math.imul(tag, 0x9e3779b1) ^ n;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const c = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      a = Math.imul(a ^ c, 0x01000193);
      a = (a << 15) | (a >>> 17);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b = (b << 13) | (b >>> 19);
    }
    if (i < n) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    this.mix(a, b);
  }

  /** Seeds and mixes two words; a bijection of (a, b) for a fixed seed. */
  private mix(a: number, b: number): void {
    a ^= this.seedLo;
    b ^= this.seedHi;
    b = fmix32((b + Math.imul(a | 0, 0x9e3779b1)) | 0);
    a = fmix32((a + Math.imul(b | 0, 0x85ebca77)) | 0);
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
