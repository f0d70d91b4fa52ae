// TinyLFU admission + sampled LFU (the stretto design). By default ties admit, as ristretto and
// stretto document; `variant: 'discount'` keeps an established newcomer from winning ties against
// equally frequent residents, so a loop larger than the cache keeps a stable resident set.
import { describe, expect, it } from 'vitest';
import { Cache, type PolicySpec } from '../../src/index.js';

function hitRatio(policy: PolicySpec, size: number, keys: number[]): number {
  const cache = new Cache<number, number>({ maxCost: size, policy, seed: 11 });
  let hits = 0;
  for (const k of keys) {
    if (cache.get(k) === undefined) cache.set(k, 1);
    else hits++;
  }
  return hits / keys.length;
}

/** A full cache of 100 keys read 4 times each, then 200 new keys read 4 times each and set. */
function admittedOfStream(policy: PolicySpec): { admitted: number; rejected: number } {
  let rejected = 0;
  const cache = new Cache<number, number>({ maxCost: 100, policy, seed: 3, onReject: () => rejected++ });
  for (let k = 0; k < 100; k++) {
    for (let i = 0; i < 4; i++) cache.get(k);
    cache.set(k, k);
  }
  let admitted = 0;
  for (let k = 1000; k < 1200; k++) {
    for (let i = 0; i < 4; i++) cache.get(k);
    if (cache.set(k, k)) admitted++;
  }
  return { admitted, rejected };
}

describe('tinylfu', () => {
  it("admits a newcomer whose estimate ties the victim's (ristretto's rule, the default)", () => {
    expect(admittedOfStream('tinylfu')).toEqual({ admitted: 200, rejected: 0 });
    expect(admittedOfStream({ name: 'tinylfu', variant: 'ristretto' })).toEqual({ admitted: 200, rejected: 0 });
  });

  it("variant 'discount' refuses most of such a stream: an established newcomer loses ties", () => {
    const { admitted, rejected } = admittedOfStream({ name: 'tinylfu', variant: 'discount' });
    expect(admitted).toBeLessThan(100);
    expect(rejected).toBe(200 - admitted);
  });

  it("variant 'discount' holds on to part of a loop twice its size (LRU and the default churn)", () => {
    const keys: number[] = [];
    for (let pass = 0; pass < 100; pass++) for (let k = 0; k < 1011; k++) keys.push(k);
    // Belady keeps 499 of the 1,011 keys: ~49 %. Counting the admitting access, TinyLFU hit 11 %.
    expect(hitRatio('lru', 500, keys)).toBe(0);
    expect(hitRatio({ name: 'tinylfu', variant: 'discount' }, 500, keys)).toBeGreaterThan(0.35);
    expect(hitRatio('tinylfu', 500, keys)).toBeLessThan(0.2);
  });

  it('names policy.variant when it is not one of the variants', () => {
    expect(() => new Cache({ maxCost: 10, policy: { name: 'tinylfu', variant: 'paper' as 'ristretto' } })).toThrow(
      /policy\.variant of "tinylfu" must be one of "ristretto", "discount"; got "paper"/,
    );
    expect(() => new Cache({ maxCost: 10, policy: { name: 'tinylfu', variant: 1 as unknown as 'ristretto' } })).toThrow(
      TypeError,
    );
  });
});
