// Randomised round trips the model-based fuzz cannot express: for every policy and variant,
// seeded hot traffic (skewed reads and writes, costs, TTLs on a manual clock, maxCost moving
// between finite budgets and Infinity), then `load(JSON.parse(JSON.stringify(dump())))` into a
// fresh cache must succeed and restore every live entry (value, cost, TTL); and loads that fetch
// other keys, and their own, from inside the load (re-entrant fetch) always get a promise.
import { describe, expect, it } from 'vitest';
import { Cache, type PolicySpec } from '../../src/index.js';
import { ALL_POLICIES } from '../../src/policies/machinery/all.js';
import { ManualClock, rng } from '../helpers.js';

const SPECS: { label: string; spec: PolicySpec }[] = ALL_POLICIES.flatMap((d) =>
  d.variants.length === 0
    ? [{ label: d.name, spec: d.name as PolicySpec }]
    : d.variants.map((variant) => ({ label: `${d.name}:${variant}`, spec: { name: d.name, variant } as PolicySpec })),
);

const BUDGETS = [8, 32, 100, Infinity, 3.5];

/** Hot traffic: a few keys read often, many once; costs, TTLs, clock ticks and budget moves. */
function traffic(cache: Cache<string, number>, clock: ManualClock, seed: number): void {
  const r = rng(seed);
  for (let i = 0; i < 3000; i++) {
    const hot = r(4) !== 0;
    const key = hot ? `h${r(12)}` : `c${r(400)}`;
    const roll = r(100);
    if (roll < 55) {
      if (cache.get(key) === undefined)
        cache.set(key, i, { cost: r(5) === 0 ? 2 : 1, ttl: r(6) === 0 ? 50 : undefined });
    } else if (roll < 85) cache.set(key, i);
    else if (roll < 90) cache.delete(key);
    else if (roll < 97) clock.advance(r(20));
    else cache.maxCost = BUDGETS[r(BUDGETS.length)]!;
  }
}

describe.each(SPECS)('round trip after hot traffic: $label', ({ spec }) => {
  it('load(JSON(dump())) restores every live entry, over 6 seeds', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const clock = new ManualClock();
      const cache = new Cache<string, number>({ maxCost: 64, policy: spec, clock, seed });
      traffic(cache, clock, seed * 7919);
      const dumped = cache.dump();
      const copy = new Cache<string, number>({ maxCost: cache.maxCost, policy: spec, clock, seed });
      copy.load(JSON.parse(JSON.stringify(dumped)) as typeof dumped);
      expect(copy.size).toBe(dumped.length);
      for (const [key, entry] of dumped) {
        const info = copy.info(key);
        expect(info?.value).toBe(entry.value);
        expect(info?.cost).toBe(entry.cost);
        expect(info?.ttl).toBe(entry.ttl);
      }
      // The copy goes on working: a budget move and new writes keep it within its budget.
      copy.maxCost = 16;
      for (let i = 0; i < 100; i++) copy.set(`n${i}`, i);
      expect(copy.cost).toBeLessThanOrEqual(16);
    }
  });
});

describe('re-entrant fetch', () => {
  it('every fetch from inside a load returns a promise; only a key fetching itself (a cycle) rejects', async () => {
    const r = rng(42);
    const inner: { key: string; of: string; promise: unknown }[] = [];
    const cache: Cache<string, string> = new Cache<string, string>({
      maxCost: 50,
      load: async (key) => {
        const other = r(3) === 0 ? key : `k${r(30)}`;
        inner.push({ key: other, of: key, promise: cache.fetch(other).catch((error: unknown) => error) });
        return `v:${key}`;
      },
    });
    const outer = await Promise.all(Array.from({ length: 200 }, (_, i) => cache.fetch(`k${i % 40}`)));
    outer.forEach((value, i) => expect(value).toBe(`v:k${i % 40}`));
    expect(inner.length).toBeGreaterThan(0);
    for (const { key, of, promise } of inner) {
      expect(promise).toBeInstanceOf(Promise);
      const result = await promise;
      if (key === of) expect(String(result)).toMatch(/cycle/);
      else expect(result).toBe(`v:${key}`);
    }
  });
});
