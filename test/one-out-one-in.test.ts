// One out, one in: a full cache's newcomer of cost 1 takes its victim's slot when the policy can
// name the victim first (Policy.reuseVictim: lru, fifo, mru, lifo, clock, sieve, nru, lfu, slru
// and some cachekit variants), or is weighed against its victim
// in one call (Policy.admitOne: w-tinylfu, in WebAssembly), skipping the makeRoom() round that
// set() with options still takes. Both routes must decide alike: two
// caches with the same seed, one written with set(k, v) (the one-out-one-in route) and one with
// set(k, v, {}) (write()'s general path through makeRoom), see the same random reads, writes and
// deletes, and must evict the same keys in the same order and hold the same entries throughout.
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES, type PolicySpec } from '../src/index.js';
import { ALL_POLICIES } from '../src/policies/machinery/all.js';
import { rng } from './helpers.js';

/**
 * Every policy and variant: those that take neither route must pass trivially, and a policy that
 * gains Policy.reuseVictim (or admitOne) is held to its makeRoom() without a list to update.
 */
const ROUTED: PolicySpec[] = [
  ...POLICIES,
  ...ALL_POLICIES.flatMap((d) => d.variants.slice(1).map((variant) => ({ name: d.name, variant }) as PolicySpec)),
  { name: 'w-tinylfu', adaptive: false },
  { name: 'w-tinylfu', windowFrac: 0.2 },
];

function run(policy: PolicySpec, seed: number, withOptions: boolean, size: number, keys: number): string[] {
  const evicted: string[] = [];
  const cache = new Cache<number, number>({
    maxCost: size,
    policy,
    seed: 7,
    onEvict: (key, _value, reason) => evicted.push(`${reason}:${key}`),
  });
  const random = rng(seed);
  const log: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    // Skewed keys: a hot few and a long tail.
    const r = random(1000);
    const key = r < 600 ? random(keys >> 3) : random(keys);
    const op = random(10);
    if (op < 5) {
      if (cache.get(key) === undefined) {
        if (withOptions) cache.set(key, i, {});
        else cache.set(key, i);
      }
    } else if (op < 9) {
      if (withOptions) cache.set(key, i, {});
      else cache.set(key, i);
    } else cache.delete(key);
    if (i % 1000 === 999) log.push(JSON.stringify([...cache.keys()].sort((a, b) => a - b)));
  }
  const stats = cache.stats();
  log.push(`added ${stats.keysAdded} evicted ${stats.keysEvicted} rejected ${stats.setsRejected}`);
  cache.close();
  return [...log, ...evicted];
}

describe('one out, one in (Policy.reuseVictim, Policy.admitOne)', () => {
  for (const policy of ROUTED) {
    const name = typeof policy === 'string' ? policy : JSON.stringify(policy);
    it(`${name}: set(k, v) evicts exactly what set(k, v, {}) evicts, in the same order`, () => {
      for (const [size, keys] of [
        [1, 8],
        [3, 40],
        [64, 600],
        [500, 4000],
      ] as const) {
        for (const seed of [1, 2, 3]) {
          const routed = run(policy, seed, false, size, keys);
          const general = run(policy, seed, true, size, keys);
          expect(routed.length).toBeGreaterThan(20); // the caches did evict
          expect(routed).toEqual(general);
        }
      }
    });
  }
});
