// TinyLFU admission + sampled LFU (the stretto design): an established newcomer does not win ties
// against equally frequent residents, so a loop larger than the cache keeps a stable resident set.
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';

function hitRatio(policy: 'tinylfu' | 'lru', size: number, keys: number[]): number {
  const cache = new Cache<number, number>({ maxCost: size, policy, seed: 11 });
  let hits = 0;
  for (const k of keys) {
    if (cache.get(k) === undefined) cache.set(k, 1);
    else hits++;
  }
  return hits / keys.length;
}

describe('tinylfu', () => {
  it('holds on to part of a loop twice its size (LRU and tie-admitting TinyLFU churn)', () => {
    const keys: number[] = [];
    for (let pass = 0; pass < 100; pass++) for (let k = 0; k < 1011; k++) keys.push(k);
    // Belady keeps 499 of the 1,011 keys: ~49 %. Counting the admitting access, TinyLFU hit 11 %.
    expect(hitRatio('lru', 500, keys)).toBe(0);
    expect(hitRatio('tinylfu', 500, keys)).toBeGreaterThan(0.35);
  });
});
