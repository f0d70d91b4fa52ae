// What changes with `policy: 'w-tinylfu'` (README, "Coming from lru-cache"): a burst of new keys,
// each set once, into a warm cache is mostly refused, where lru-cache (and the 'lru' policy) takes
// every one of them in and evicts warm keys for them. That is admission doing its job: a key
// seen once is not worth a key read again and again. A newcomer read again gets in.
import { LRUCache as Original } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { LRUCache } from '../../src/adapters/lru-cache/index.js';

/** A cache of 100 keys, each read 10 times, then 20 new keys set once each: how many of them stay. */
function burst(cache: { set(k: string, v: number): unknown; get(k: string): unknown; has(k: string): boolean }) {
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < 100; i++) if (cache.get(`warm${i}`) === undefined) cache.set(`warm${i}`, i);
  }
  for (let i = 0; i < 20; i++) cache.set(`new${i}`, i);
  let newcomers = 0;
  let warm = 0;
  for (let i = 0; i < 20; i++) if (cache.has(`new${i}`)) newcomers++;
  for (let i = 0; i < 100; i++) if (cache.has(`warm${i}`)) warm++;
  return { newcomers, warm };
}

describe("policy 'w-tinylfu': a burst of new keys into a warm cache", () => {
  it('lru-cache and the lru policy take every newcomer in, evicting 20 warm keys', () => {
    expect(burst(new Original<string, number>({ max: 100 }))).toEqual({ newcomers: 20, warm: 80 });
    expect(burst(new LRUCache<string, number>({ max: 100 }))).toEqual({ newcomers: 20, warm: 80 });
  });

  it('w-tinylfu refuses most of them and keeps the warm keys', () => {
    const result = burst(new LRUCache<string, number>({ max: 100, policy: 'w-tinylfu' }));
    console.log(`w-tinylfu: ${result.newcomers} of 20 newcomers kept, ${result.warm} of 100 warm keys`);
    expect(result.newcomers).toBeLessThanOrEqual(2);
    expect(result.warm).toBeGreaterThanOrEqual(98);
  });

  it('a newcomer that is read again gets in', () => {
    const cache = new LRUCache<string, number>({ max: 100, policy: 'w-tinylfu' });
    burst(cache);
    for (let round = 0; round < 5; round++) {
      if (cache.get('again') === undefined) cache.set('again', 1);
      for (let i = 0; i < 100; i++) cache.get(`warm${i}`);
    }
    expect(cache.has('again')).toBe(true);
  });
});
