// cortado/core: the Cache with the default policy only by name, every other policy as a value
// from cortado/policies (types included: `npm run typecheck` checks the @ts-expect-error lines).
// Nothing here imports src/index.ts, which would register all 22 names in this file's registry.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Cache, POLICIES, type PolicyName, type PolicySpec } from '../src/core.js';
import { lirs, lru, lruK } from '../src/policies.js';

describe('cortado/core', () => {
  it('knows the default policy by name, and uses it when none is given', () => {
    expectTypeOf<PolicyName>().toEqualTypeOf<'w-tinylfu'>();
    expect([...POLICIES]).toEqual(['w-tinylfu']);
    expect(new Cache({ maxCost: 4 }).set('a', 1)).toBe(true);
    expect(new Cache({ maxCost: 4, policy: { name: 'w-tinylfu', windowFrac: 0.5 } }).maxCost).toBe(4);
  });

  it('refuses any other name: a type error, and a RangeError pointing to cortado/policies', () => {
    // @ts-expect-error lru is not known by name here
    expect(() => new Cache({ maxCost: 1, policy: 'lru' })).toThrow(RangeError);
    expect(() => new Cache({ maxCost: 1, policy: 'lirs' as PolicyName })).toThrow(
      /unknown policy "lirs"; allowed: w-tinylfu \(cortado\/core knows only the default by name: import the policy from "cortado\/policies"/,
    );
  });

  it('takes every other policy as a value, alone or with its options', () => {
    const evicted: number[] = [];
    const cache = new Cache<number, number>({ maxCost: 3, policy: lru, onEvict: (k) => evicted.push(k) });
    for (const k of [1, 2, 3]) cache.set(k, k);
    cache.get(1);
    cache.set(4, 4);
    expect(evicted).toEqual([2]);
    const spec: PolicySpec = { name: lruK, k: 3 };
    expect(new Cache({ maxCost: 3, policy: spec }).maxCost).toBe(3);
    expect(new Cache({ maxCost: 3, policy: { name: lirs, hirFrac: 0.2 } }).set(1, 1)).toBe(true);
    // @ts-expect-error hirFrac is not an option of lru-k
    expect(() => new Cache({ maxCost: 3, policy: { name: lruK, hirFrac: 0.2 } })).toThrow(
      /policy "lru-k" has no option "hirFrac"/,
    );
    expect(() => new Cache({ maxCost: 3, policy: { name: lruK, k: 0 } })).toThrow(RangeError);
  });
});
