// Key hashing: equal keys under SameValueZero hash alike, different kinds of key do not
// collide by construction, the seed changes every hash, and real key sets spread without
// collisions in 64 bits.
import { describe, expect, it } from 'vitest';
import { KeyHasher, seedFrom } from '../src/key-hash.js';
import { oldHash, oldMulticollision } from './old-key-hash.js';

function hashOf(hasher: KeyHasher, key: unknown): string {
  hasher.hash(key);
  return `${hasher.lo >>> 0}:${hasher.hi >>> 0}`;
}

describe('KeyHasher', () => {
  const h = new KeyHasher(...seedFrom(1));

  it('hashes SameValueZero-equal keys alike', () => {
    expect(hashOf(h, 0)).toBe(hashOf(h, -0));
    expect(hashOf(h, NaN)).toBe(hashOf(h, 0 / 0));
    expect(hashOf(h, 'abc')).toBe(hashOf(h, ['a', 'b', 'c'].join('')));
    expect(hashOf(h, 12345678901234567890n)).toBe(hashOf(h, BigInt('12345678901234567890')));
    expect(hashOf(h, Symbol.for('x'))).toBe(hashOf(h, Symbol.for('x')));
    const o = {};
    expect(hashOf(h, o)).toBe(hashOf(h, o));
  });

  it('keeps kinds of key apart', () => {
    const keys = [1, '1', 1n, true, null, undefined, 1.5, '1.5', {}, Symbol('1'), Symbol.for('1'), () => 1];
    const hashes = new Set(keys.map((k) => hashOf(h, k)));
    expect(hashes.size).toBe(keys.length);
    expect(hashOf(h, {})).not.toBe(hashOf(h, {})); // identity, not structure
  });

  it('has no 64-bit collisions on 200k integers, floats and strings', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(hashOf(h, i - 50_000));
    for (let i = 0; i < 50_000; i++) seen.add(hashOf(h, i + 0.25));
    for (let i = 0; i < 50_000; i++) seen.add(hashOf(h, `user:${i}`));
    expect(seen.size).toBe(200_000);
  });

  it('spreads sequential keys evenly over buckets (low bits)', () => {
    const buckets = new Int32Array(256);
    for (let i = 0; i < 256_000; i++) {
      h.hash(`key-${i}`);
      buckets[h.lo & 255]!++;
    }
    for (const n of buckets) {
      expect(n).toBeGreaterThan(850);
      expect(n).toBeLessThan(1150);
    }
  });

  it('depends on the seed', () => {
    const other = new KeyHasher(...seedFrom(2));
    let same = 0;
    for (let i = 0; i < 1000; i++) if (hashOf(h, `k${i}`) === hashOf(other, `k${i}`)) same++;
    expect(same).toBe(0);
  });

  it('keeps apart floats built to collide with integers under the old mix (42 vs 4.58e-176)', () => {
    // The former hasher mixed an integer as (key, TAG_INT) and a float as (lo ^ TAG_FLOAT, hi):
    // the float whose words are (42 ^ TAG_FLOAT, TAG_INT) hashed like 42 under every seed.
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, (42 ^ 0x2c1b3c6d) >>> 0, true);
    view.setUint32(4, 0x1b873593, true);
    const crafted = view.getFloat64(0, true);
    expect(crafted).toBeCloseTo(4.58e-176, 178);
    for (const seed of [1, 2, 3]) {
      const hasher = new KeyHasher(...seedFrom(seed));
      expect(hashOf(hasher, crafted)).not.toBe(hashOf(hasher, 42));
    }
  });

  it('hashes long strings and odd lengths by every character', () => {
    const base = 'x'.repeat(199);
    expect(hashOf(h, `${base}a`)).not.toBe(hashOf(h, `${base}b`));
    expect(hashOf(h, `a${base}`)).not.toBe(hashOf(h, `b${base}`));
    expect(hashOf(h, 'ab')).not.toBe(hashOf(h, 'ba'));
    expect(hashOf(h, 'a')).not.toBe(hashOf(h, 'a\u0000'));
  });

  it('no seed-independent collisions: a set built against the old construction spreads', () => {
    const colliding = oldMulticollision(10); // 1,024 strings of 40 characters
    // Against the old construction they all share one hash, whatever the seed...
    for (const seed of [1, 2]) {
      const [lo, hi] = seedFrom(seed);
      const hashes = new Set(colliding.map((s) => oldHash(s, lo, hi)));
      expect(hashes.size).toBe(1);
    }
    // ...and under the keyed hash they are all distinct, for every seed tried.
    for (const seed of [1, 2, 3]) {
      const hasher = new KeyHasher(...seedFrom(seed));
      expect(new Set(colliding.map((s) => hashOf(hasher, s))).size).toBe(colliding.length);
    }
  });

  it('no structured differences collide: top-bit flips cancelled by the next word, for every position', () => {
    // The shape that defeats a single multiply per word: flip bit 15 of one unit (the word's top
    // bit) and some bit of a following unit. None of these pairs may collide in 64 bits.
    const hasher = new KeyHasher(...seedFrom(9));
    const random = seeded(5);
    let pairs = 0;
    for (let trial = 0; trial < 40; trial++) {
      const base = Array.from({ length: 24 }, () => 0x20 + Math.floor(random() * 0x5f));
      const baseHash = hashOf(hasher, String.fromCharCode(...base));
      for (let i = 0; i < base.length; i++) {
        for (let j = i + 1; j < Math.min(base.length, i + 4); j++) {
          for (let bit = 0; bit < 16; bit++) {
            const twin = base.slice();
            twin[i] = twin[i]! ^ 0x8000;
            twin[j] = twin[j]! ^ (1 << bit);
            expect(hashOf(hasher, String.fromCharCode(...twin))).not.toBe(baseHash);
            pairs++;
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(40_000);
  });
});

describe('KeyHasher on long strings (64 UTF-16 units and more, ASCII at both ends and the middle: by their UTF-8 bytes)', () => {
  const h = new KeyHasher(...seedFrom(3));

  it('reads a long key with one encodeInto, not unit by unit', () => {
    // The cost that made a 200-character key ~10x a short one: a charCodeAt call per unit.
    const original = TextEncoder.prototype.encodeInto;
    let calls = 0;
    const count = (key: string) => {
      calls = 0;
      h.hash(key);
      return calls;
    };
    TextEncoder.prototype.encodeInto = function (this: TextEncoder, source: string, into: Uint8Array) {
      calls++;
      return original.call(this, source, into);
    };
    try {
      // ASCII at the three probes (the ends and the middle): the bytes, in one call.
      expect(count(`https://api.example.com/v1/users/${'x'.repeat(160)}/items`)).toBe(1);
      expect(count(`${'a'.repeat(10)}${'é'.repeat(20)}${'b'.repeat(70)}`)).toBe(1);
      // Not ASCII where probed, or below the switch: unit by unit.
      expect(count(`${'é'.repeat(100)}`)).toBe(0);
      expect(count('x'.repeat(63))).toBe(0);
    } finally {
      TextEncoder.prototype.encodeInto = original;
    }
  });

  it('reads units with the builtin charCodeAt, whatever String.prototype holds later', () => {
    // Held from the start: a method replaced or wrapped afterwards (a polyfill, a shim, a spy)
    // neither changes a hash nor is called; nor does V8's slower lookup once the process has
    // declared `class extends String` (bench/hash-strings.ts --subclassed-string) reach the loop.
    const keys = ['user:000042', 'x'.repeat(63), 'é'.repeat(100), `https://example.com/${'y'.repeat(100)}`];
    const before = keys.map((k) => hashOf(h, k));
    const original = String.prototype.charCodeAt;
    let calls = 0;
    String.prototype.charCodeAt = function (this: string) {
      calls++;
      return 0;
    };
    try {
      expect(keys.map((k) => hashOf(h, k))).toEqual(before);
      expect(calls).toBe(0);
    } finally {
      String.prototype.charCodeAt = original;
    }
  });

  it('hashes equal strings alike however they were built (rope, slice, flat), by every byte and the length', () => {
    const flat = JSON.parse(JSON.stringify(`${'k'.repeat(150)}tail-end`)) as string;
    const rope = 'k'.repeat(150) + ['tail', 'end'].join('-');
    const slice = `__${flat}__`.slice(2, -2);
    expect(hashOf(h, rope)).toBe(hashOf(h, flat));
    expect(hashOf(h, slice)).toBe(hashOf(h, flat));
    const seen = new Set<string>();
    // Every length around the switch and the word and lane boundaries, with and without a NUL tail.
    for (let n = 56; n <= 100; n++) {
      seen.add(hashOf(h, 'a'.repeat(n)));
      seen.add(hashOf(h, `${'a'.repeat(n - 1)}\u0000`));
    }
    expect(seen.size).toBe(2 * (100 - 56 + 1));
    // One character changed at each position of a 200-character key.
    const base = 'q'.repeat(200);
    const positions = new Set<string>([hashOf(h, base)]);
    for (let i = 0; i < 200; i++) positions.add(hashOf(h, `${base.slice(0, i)}r${base.slice(i + 1)}`));
    expect(positions.size).toBe(201);
  });

  it('keeps apart strings that are not well formed (a lone surrogate encodes as U+FFFD)', () => {
    // In the middle of the key's first half: the probes see ASCII, so these take the bytes path.
    const a = 'z'.repeat(20);
    const b = 'z'.repeat(60);
    const keys = [
      `${a}\uD800${b}`,
      `${a}\uDC00${b}`,
      `${a}\uFFFD${b}`,
      `${a}\uD801${b}`,
      `${a}\uDC00\uD800${b}`,
      `${a}\uD800\uDC00${b}`,
    ];
    expect(new Set(keys.map((k) => hashOf(h, k))).size).toBe(keys.length);
    expect(hashOf(h, `${a}\uD800${b}`)).toBe(hashOf(h, `${'z'.repeat(10)}${'z'.repeat(10)}\uD800${b}`));
  });

  it('depends on the seed and has no 64-bit collisions on 100k 200-character keys', () => {
    const other = new KeyHasher(...seedFrom(4));
    const seen = new Set<string>();
    let same = 0;
    for (let i = 0; i < 100_000; i++) {
      const key = `https://api.example.com/v1/users/${i}/items?page=`.padEnd(200 - String(i).length, 'abcdefgh') + i;
      const hash = hashOf(h, key);
      seen.add(hash);
      if (i < 1000 && hash === hashOf(other, key)) same++;
    }
    expect(seen.size).toBe(100_000);
    expect(same).toBe(0);
  });

  it('no structured differences collide: two bits flipped in nearby characters, ASCII and not', () => {
    const hasher = new KeyHasher(...seedFrom(9));
    const random = seeded(7);
    let pairs = 0;
    for (let trial = 0; trial < 12; trial++) {
      // Two-byte characters (U+0080..U+07FF) and ASCII: flips keep each character's byte count.
      const wide = trial % 2 === 1;
      // 72 units with ASCII where hash() probes (first, middle, last), so both kinds take the bytes path.
      const probes = [0, 36, 71];
      const base = Array.from({ length: 72 }, (_, k) =>
        wide && !probes.includes(k) ? 0x80 + Math.floor(random() * 0x780) : 0x20 + Math.floor(random() * 0x5f),
      );
      const baseHash = hashOf(hasher, String.fromCharCode(...base));
      const bits = wide ? 10 : 6;
      for (let i = 0; i < base.length; i++) {
        for (let j = i + 1; j < Math.min(base.length, i + 4); j++) {
          if (wide && (probes.includes(i) || probes.includes(j))) continue;
          for (let bi = 0; bi < bits; bi++) {
            for (let bj = 0; bj < bits; bj += 2) {
              const twin = base.slice();
              twin[i] = twin[i]! ^ (1 << bi);
              twin[j] = twin[j]! ^ (1 << bj);
              if (twin[i]! < 0x20 || twin[j]! < 0x20 || (wide && (twin[i]! < 0x80 || twin[j]! < 0x80))) continue;
              expect(hashOf(hasher, String.fromCharCode(...twin))).not.toBe(baseHash);
              pairs++;
            }
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(20_000);
  });
});

function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
