// cortado/lite: the same Cache class with w-tinylfu and lru only, and types that say so (a policy
// it does not ship is a TypeScript error, not only a RangeError at run time). `npm run typecheck`
// checks the @ts-expect-error lines; test/runtimes/node.test.ts checks the packed declarations and
// that both entries' classes are named Cache. Nothing here imports src/index.ts: policies register
// in one table per realm, and the default entry would register all 22.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Cache,
  POLICIES,
  type DEFAULT_POLICY,
  type CacheOptions,
  type PolicyName,
  type PolicySpec,
} from '../src/lite.js';

describe('cortado/lite', () => {
  it('exports the Cache class itself, under its name, and it can be extended', () => {
    expect(Cache.name).toBe('Cache');
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru' });
    expect(cache).toBeInstanceOf(Cache);
    class Named extends Cache<string, number> {}
    expect(new Named({ maxCost: 1 }).set('a', 1)).toBe(true);
  });

  it('types its policies as the two it ships', () => {
    expectTypeOf<PolicyName>().toEqualTypeOf<'w-tinylfu' | 'lru'>();
    expectTypeOf<typeof POLICIES>().toEqualTypeOf<readonly PolicyName[]>();
    expectTypeOf<typeof DEFAULT_POLICY>().toEqualTypeOf<'w-tinylfu'>();
    expectTypeOf<{ name: 'w-tinylfu'; windowFrac: number }>().toMatchTypeOf<PolicySpec>();
    expectTypeOf<CacheOptions<string, number>['policy']>().toEqualTypeOf<PolicySpec | undefined>();
    expect([...POLICIES]).toEqual(['w-tinylfu', 'lru']);
  });

  it('refuses every other policy: a type error, and a RangeError pointing to "cortado" at run time', () => {
    const make = (policy: string) => () => new Cache({ maxCost: 1, policy: policy as PolicyName });
    // @ts-expect-error arc is not in cortado/lite
    expect(() => new Cache({ maxCost: 1, policy: 'arc' })).toThrow(RangeError);
    // @ts-expect-error neither as { name }
    expect(() => new Cache({ maxCost: 1, policy: { name: 'lru-k', k: 2 } })).toThrow(/import from "cortado"/);
    expect(make('tinylfu')).toThrow(/unknown policy "tinylfu"; allowed: w-tinylfu, lru/);
    expect(new Cache({ maxCost: 1, policy: { name: 'w-tinylfu', windowFrac: 0.5 } }).maxCost).toBe(1);
  });

  it('has inspection and persistence for both of its policies (the same class as the default entry)', () => {
    for (const policy of POLICIES) {
      const cache = new Cache<number, number>({ maxCost: 5, policy, seed: 1 });
      for (let i = 0; i < 20; i++) if (cache.get(i % 8) === undefined) cache.set(i % 8, i);
      const dump = cache.dump();
      expect(dump.map((e) => e[0])).toEqual(cache.coldest());
      const copy = new Cache<number, number>({ maxCost: 5, policy, seed: 1 });
      expect(copy.load(JSON.parse(JSON.stringify(dump)))).toBe(cache.size);
      expect(new Set(copy.keys())).toEqual(new Set(cache.keys()));
      const next = cache.peekVictim();
      expect(cache.evictOne()?.[0]).toBe(next);
    }
  });
});
