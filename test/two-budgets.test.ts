// Two budgets at once: maxCost and maxEntries (lru-cache's maxSize beside its max). The policy
// evicts until both hold, for every policy; each budget alone binds when the other has room.
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES } from '../src/index.js';
import { recorder } from './helpers.js';

describe('maxEntries beside maxCost', () => {
  it('lru: the entry budget evicts the least recent entry when costs still fit', () => {
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 1000, maxEntries: 3, policy: 'lru', ...r.options });
    for (const k of ['a', 'b', 'c']) cache.set(k, 1, { cost: 10 });
    cache.get('a');
    expect(cache.set('d', 1, { cost: 10 })).toBe(true);
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(r.evicted).toEqual([{ key: 'b', value: 1, reason: 'capacity' }]);
    expect(cache.cost).toBe(30);
  });

  it('lru: the cost budget evicts when the entry count still fits', () => {
    const cache = new Cache<string, number>({ maxCost: 25, maxEntries: 10, policy: 'lru' });
    for (const k of ['a', 'b', 'c']) cache.set(k, 1, { cost: 10 });
    expect([...cache.keys()].sort()).toEqual(['b', 'c']);
    expect(cache.size).toBe(2);
  });

  it('every policy holds both budgets after any sequence of sets', () => {
    for (const policy of POLICIES) {
      const cache = new Cache<number, number>({ maxCost: 50, maxEntries: 8, policy, seed: 3 });
      for (let i = 0; i < 200; i++) {
        cache.set(i % 37, i, { cost: 1 + (i % 9) });
        if (i % 3 === 0) cache.get((i * 7) % 37);
        expect(cache.size, policy).toBeLessThanOrEqual(8);
        expect(cache.cost, policy).toBeLessThanOrEqual(50);
      }
    }
  });

  it('load() holds the entry budget too', () => {
    const cache = new Cache<string, number>({ maxCost: 100, maxEntries: 2, policy: 'lru' });
    cache.load([
      ['a', { value: 1 }],
      ['b', { value: 2 }],
      ['c', { value: 3 }],
    ]);
    expect(cache.size).toBe(2);
    expect(cache.has('c')).toBe(true);
  });

  it('checks the option', () => {
    expect(() => new Cache({ maxCost: 10, maxEntries: 0 })).toThrow(/maxEntries must be an integer from 1/);
    expect(() => new Cache({ maxCost: 10, maxEntries: 1.5 })).toThrow(RangeError);
    expect(() => new Cache({ maxCost: 10, maxEntries: '3' as unknown as number })).toThrow(/maxEntries/);
    expect(new Cache({ maxCost: 10, maxEntries: Infinity }).maxCost).toBe(10);
  });
});
