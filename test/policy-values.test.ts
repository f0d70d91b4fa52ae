// Policies as values (`cortado/policies`, src/policies.ts): the list it exports is the one the
// default entry registers by name, and a value, alone or as `{ name: value, ...options }`, gives
// a Cache the same policy, options, defaults and errors as its name does.
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES } from '../src/index.js';
import * as values from '../src/policies.js';
import { ALL_POLICIES } from '../src/policies/machinery/all.js';
import type { DefinedPolicy } from '../src/policies/machinery/define.js';

const VALUES: DefinedPolicy<string, any>[] = Object.values(values);

/** The error `make` throws, as [class, message]; fails the test when it throws nothing. */
function thrown(make: () => unknown): [unknown, string] {
  try {
    make();
  } catch (error) {
    return [(error as Error).constructor, (error as Error).message];
  }
  throw new Error('expected an error');
}

/** A fixed mix of sets, gets, deletes and costs on `policy`; what is left and what was counted. */
function replay(policy: unknown): { keys: number[]; evicted: number[]; hits: number } {
  const evicted: number[] = [];
  const cache = new Cache<number, number>({
    maxCost: 40,
    policy: policy as never,
    seed: 7,
    onEvict: (key) => evicted.push(key),
  });
  let x = 12345;
  for (let i = 0; i < 3000; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const key = (x >>> 8) % (i % 500 < 250 ? 60 : 200);
    if (x % 11 === 0) cache.delete(key);
    else if (cache.get(key) === undefined) cache.set(key, i, { cost: 1 + (x % 3) });
  }
  return { keys: [...cache.keys()], evicted, hits: cache.stats().hits };
}

describe('cortado/policies', () => {
  it('exports every policy the default entry registers by name, and no other', () => {
    expect(new Set(VALUES)).toEqual(new Set(ALL_POLICIES));
    expect(VALUES.map((d) => d.name).sort()).toEqual([...POLICIES].sort());
  });

  it('gives each policy and variant, as a value, the same evictions and hits as by name', () => {
    for (const value of VALUES) {
      expect(replay(value), value.name).toEqual(replay(value.name));
      for (const variant of value.variants) {
        expect(replay({ name: value, variant }), `${value.name} ${variant}`).toEqual(
          replay({ name: value.name, variant }),
        );
      }
    }
    // The options reach the policy: a window share that differs changes the outcome.
    const { wTinyLfu } = values;
    const narrow = replay({ name: wTinyLfu, windowFrac: 0.5, adaptive: false });
    expect(narrow).toEqual(replay({ name: 'w-tinylfu', windowFrac: 0.5, adaptive: false }));
    expect(narrow).not.toEqual(replay(wTinyLfu));
  });

  it('refuses bad options with the same error as by name', () => {
    const cases: [DefinedPolicy<string, any>, Record<string, unknown>][] = [
      ...VALUES.map((d): [DefinedPolicy<string, any>, Record<string, unknown>] => [d, { nope: 1 }]),
      ...VALUES.filter((d) => d.variants.length > 0).flatMap(
        (d): [DefinedPolicy<string, any>, Record<string, unknown>][] => [
          [d, { variant: 'nope' }],
          [d, { variant: 3 }],
        ],
      ),
      [values.lirs, { hirFrac: 2 }],
      [values.lruK, { k: 0 }],
      [values.lruK, { k: 1.5 }],
      [values.twoQ, { probationFrac: -1 }],
      [values.s3Fifo, { ghostRatio: -1 }],
      [values.slru, { probationaryFrac: Number.NaN }],
      [values.wTinyLfu, { windowFrac: 2 }],
      [values.wTinyLfu, { adaptive: 'yes' }],
    ];
    for (const [value, options] of cases) {
      const byName = thrown(() => new Cache({ maxCost: 10, policy: { name: value.name, ...options } as never }));
      const byValue = thrown(() => new Cache({ maxCost: 10, policy: { name: value, ...options } as never }));
      expect(byValue, `${value.name} ${JSON.stringify(options)}`).toEqual(byName);
      expect(byValue[1]).toMatch(/^cortado: policy/);
    }
  });

  it('takes an object that only looks like one for a spec by name, and names what is wrong with it', () => {
    expect(() => new Cache({ maxCost: 1, policy: { name: 'lru', create: 1 } as never })).toThrow(
      /policy "lru" has no option "create"/,
    );
    expect(() => new Cache({ maxCost: 1, policy: { name: { create: 1 } } as never })).toThrow(
      /policy\.name must be a policy name/,
    );
  });
});
