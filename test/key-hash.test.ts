// Key hashing: equal keys under SameValueZero hash alike, different kinds of key do not
// collide by construction, the seed changes every hash, and real key sets spread without
// collisions in 64 bits.
import { describe, expect, it } from 'vitest';
import { KeyHasher, seedFrom } from '../src/key-hash.js';

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

  it('hashes long strings and odd lengths by every character', () => {
    const base = 'x'.repeat(199);
    expect(hashOf(h, base + 'a')).not.toBe(hashOf(h, base + 'b'));
    expect(hashOf(h, 'a' + base)).not.toBe(hashOf(h, 'b' + base));
    expect(hashOf(h, 'ab')).not.toBe(hashOf(h, 'ba'));
    expect(hashOf(h, 'a')).not.toBe(hashOf(h, 'a\u0000'));
  });
});
