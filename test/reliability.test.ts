// Regression tests for defects the store once had, each named after the defect it pins down, run
// under every policy where the defect was policy-independent. The model-based fuzz suite
// (test/fuzz/) keeps the general contract; these keep the exact shapes that once broke it.
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES, type PolicyName } from '../src/index.js';
import { oldMulticollision } from './old-key-hash.js';
import { rng } from './helpers.js';

const ALL = [...POLICIES] as PolicyName[];

describe('defect 1: an entry that expires during its own set() corrupts the slot table', () => {
  for (const policy of ALL) {
    it(`${policy}: the repro — a coster that moves the clock past the old entry's expiry`, () => {
      let t = 0;
      const cache = new Cache<string, string>({
        maxCost: 10,
        policy,
        clock: { now: () => t },
        cost: () => {
          t += 10;
          return 1;
        },
      });
      cache.set('a', 'A1', { ttl: 5, cost: 1 });
      expect(cache.set('a', 'A2', { ttl: 100 })).toBe(true);
      expect(cache.has('a')).toBe(true);
      expect(cache.get('a')).toBe('A2');
      t = 200;
      cache.set('x', 'X', { cost: 1 });
      cache.set('y', 'Y', { cost: 1 });
      expect(cache.get('x')).toBe('X');
      expect(cache.get('y')).toBe('Y');
      expect(cache.cost).toBe(cache.size);
    });

    it(`${policy}: a clock that ticks on every reading, short TTLs, no user code — every get is its own key's`, () => {
      // The real-clock shape: time passes between any two readings inside one call.
      let t = 0;
      const cache = new Cache<number, string>({ maxCost: 200, policy, clock: { now: () => (t += 0.25) } });
      const next = rng(17);
      for (let i = 0; i < 20_000; i++) {
        const key = next(1_000);
        if (next(10) < 6) cache.set(key, `v${key}`, { ttl: 1 + next(10) });
        else {
          const value = cache.get(key);
          if (value !== undefined) expect(value).toBe(`v${key}`);
        }
      }
      let held = 0;
      for (const [key, value] of cache) {
        expect(value).toBe(`v${key}`);
        held++;
      }
      expect(cache.cost).toBeLessThanOrEqual(200);
      expect(held).toBeLessThanOrEqual(cache.size);
    });
  }
});

describe('defect 2: cost() and shouldUpdate() calling back into the cache', () => {
  const writes: [string, (c: Cache<string, string>) => unknown][] = [
    ['delete the key', (c) => c.delete('a')],
    ['set the same key', (c) => c.set('a', 'nested')],
    ['insert another key (which could evict this one)', (c) => c.set('z', 'Z')],
    ['clear', (c) => c.clear()],
    ['shrink maxCost', (c) => (c.maxCost = 1)],
    ['close', (c) => c.close()],
  ];
  for (const policy of ALL) {
    for (const [what, write] of writes) {
      it(`${policy}: shouldUpdate that tries to ${what} is refused and leaves the cache unchanged`, () => {
        const cache: Cache<string, string> = new Cache<string, string>({
          maxCost: 3,
          policy,
          shouldUpdate: () => {
            write(cache);
            return true;
          },
        });
        cache.set('a', 'A1');
        cache.set('b', 'B1');
        expect(() => cache.set('a', 'A2')).toThrow(/inside the shouldUpdate or cost callback/);
        expect(cache.get('a')).toBe('A1');
        expect(cache.get('b')).toBe('B1');
        expect(cache.size).toBe(2);
        expect(cache.cost).toBe(2);
        expect(cache.set('c', 'C1')).toBe(true); // still usable
      });

      it(`${policy}: a coster that tries to ${what} is refused and leaves the cache unchanged`, () => {
        let nested = false;
        const cache: Cache<string, string> = new Cache<string, string>({
          maxCost: 3,
          policy,
          cost: () => {
            if (nested) write(cache);
            return 1;
          },
        });
        cache.set('a', 'A1');
        cache.set('b', 'B1');
        nested = true;
        expect(() => cache.set('a', 'A2')).toThrow(/inside the shouldUpdate or cost callback/);
        nested = false;
        expect(cache.peek('a')).toBe('A1');
        expect(cache.peek('b')).toBe('B1');
        expect(cache.size).toBe(2);
        expect(cache.cost).toBe(2);
      });
    }

    it(`${policy}: user code may read the cache, even reads that expire entries; the write then lands`, () => {
      let t = 0;
      let seen: unknown[] = [];
      const cache: Cache<string, string> = new Cache<string, string>({
        maxCost: 3,
        policy,
        clock: { now: () => t },
        shouldUpdate: (current) => {
          t += 50; // 'a' (ttl 10) expires while we decide; the get below removes it
          seen = [current, cache.get('a'), cache.peek('b'), cache.has('b')];
          return true;
        },
        cost: () => (cache.get('b') === undefined ? 1 : 1),
      });
      cache.set('a', 'A1', { ttl: 10 });
      cache.set('b', 'B1');
      expect(cache.set('a', 'A2')).toBe(true);
      expect(seen).toEqual(['A1', undefined, 'B1', true]);
      expect(cache.get('a')).toBe('A2');
      expect(cache.size).toBe(2);
      expect(cache.cost).toBe(2);
    });

    it(`${policy}: a coster that catches the refusal can still complete the outer write`, () => {
      const cache: Cache<string, string> = new Cache<string, string>({
        maxCost: 3,
        policy,
        cost: () => {
          try {
            cache.set('z', 'Z');
          } catch {
            // refused, as documented
          }
          return 1;
        },
      });
      expect(cache.set('a', 'A')).toBe(true);
      expect(cache.get('a')).toBe('A');
      expect(cache.has('z')).toBe(false);
      expect(cache.size).toBe(1);
    });
  }

  it('event callbacks (after the change) stay free to write', () => {
    const cache: Cache<string, number> = new Cache<string, number>({
      maxCost: 2,
      policy: 'lru',
      onEvict: (key) => void cache.set(`${key}-evicted`, 0, { cost: 0 }),
    });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a-evicted')).toBe(0);
  });
});

describe('defect 3: full 64-bit hash collisions that hold under every seed', () => {
  // The attack: keys built to collide under the old hasher, used as one-hit junk between
  // accesses to a hot set. With the keyed hash they are ordinary one-hit keys.
  const junk = oldMulticollision(12); // 4,096 keys
  for (const policy of ['arc', 'lru-k', 'clock-pro', 'lirs', 'tinylfu', 'w-tinylfu'] as PolicyName[]) {
    it(`${policy}: colliding junk keys do not drag the hot set's hit ratio down`, () => {
      const cache = new Cache<string, number>({ maxCost: 500, policy, seed: 3 });
      const hot = Array.from({ length: 200 }, (_, i) => `hot-${i}`);
      const next = rng(5);
      let hits = 0;
      let lookups = 0;
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < junk.length; i++) {
          const key = hot[next(hot.length)]!;
          if (cache.get(key) !== undefined) {
            if (round > 0) hits++;
          } else cache.set(key, 1);
          if (round > 0) lookups++;
          if (cache.get(junk[i]!) === undefined) cache.set(junk[i]!, 0);
        }
      }
      // Hot keys are 1 in 2 requests and 200 of 500 slots: every policy here keeps them. With the
      // old hasher this replay measured arc 18.0 %, lru-k 86.4, clock-pro 89.1, lirs 92.2,
      // tinylfu 80.4, w-tinylfu 89.3 (the colliding junk looked like one very frequent key).
      expect(hits / lookups).toBeGreaterThan(0.99);
    });
  }
});

describe('defect 5: small holes', () => {
  it('a negative clock: now + ttl === 0 is a time like any other (the entry expires)', () => {
    let t = -5;
    const cache = new Cache<string, number>({ maxCost: 10, clock: { now: () => t } });
    cache.set('a', 1, { ttl: 5 });
    expect(cache.getTTL('a')).toBe(5);
    t = 0;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  for (const [what, value] of [
    ['NaN', NaN],
    ['a string', '12'],
    ['Infinity', Infinity],
    ['undefined', undefined],
  ] as const) {
    it(`a clock returning ${what} is a TypeError naming the clock, and changes nothing`, () => {
      let bad = false;
      const cache = new Cache<string, number>({ maxCost: 10, clock: { now: () => (bad ? value : 1) as number } });
      cache.set('a', 1, { ttl: 100 });
      bad = true;
      expect(() => cache.set('b', 2, { ttl: 5 })).toThrow(TypeError);
      expect(() => cache.get('a')).toThrow(/clock\.now\(\) returned/);
      bad = false;
      expect(cache.size).toBe(1);
      expect(cache.get('a')).toBe(1);
      expect(cache.has('b')).toBe(false);
    });
  }

  it('maxCost above Number.MAX_SAFE_INTEGER is a RangeError (option and setter); Infinity stays unbounded', () => {
    expect(() => new Cache({ maxCost: 2 ** 53 })).toThrow(RangeError);
    expect(() => new Cache({ maxCost: 2 ** 53 })).toThrow(/maxCost must be at most Number.MAX_SAFE_INTEGER/);
    const cache = new Cache<string, number>({ maxCost: 10 });
    expect(() => (cache.maxCost = 2 ** 60)).toThrow(RangeError);
    expect(cache.maxCost).toBe(10);
    expect(() => cache.set('a', 1, { cost: 2 ** 53 })).toThrow(/cost must be at most/);
    expect(new Cache({ maxCost: Infinity }).maxCost).toBe(Infinity);
  });

  it('cost totals stay exact near the bound: one entry of cost 1 reports cost 1', () => {
    const cache = new Cache<string, number>({ maxCost: Number.MAX_SAFE_INTEGER, policy: 'lru' });
    cache.set('big', 1, { cost: Number.MAX_SAFE_INTEGER - 1 });
    cache.set('one', 1, { cost: 1 });
    expect(cache.cost).toBe(Number.MAX_SAFE_INTEGER);
    cache.delete('big');
    expect(cache.cost).toBe(1);
  });

  it('a refused update (cost > maxCost) removes the old value: no stale read', () => {
    const exits: string[] = [];
    const cache = new Cache<string, string>({ maxCost: 10, onExit: (k, v, r) => exits.push(`${k}=${v}:${r}`) });
    cache.set('a', 'old');
    expect(cache.set('a', 'new', { cost: 11 })).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(exits).toEqual(['a=old:replace', 'a=new:rejected']);
  });

  it('re-setting the same value at a cost above maxCost: the value leaves once, as refused', () => {
    const exits: string[] = [];
    const cache = new Cache<string, object>({ maxCost: 10, onExit: (k, _v, r) => exits.push(`${k}:${r}`) });
    const v = {};
    cache.set('a', v);
    expect(cache.set('a', v, { cost: 20 })).toBe(false);
    expect(cache.has('a')).toBe(false);
    expect(exits).toEqual(['a:rejected']);
  });

  it('fractional costs never make the total negative', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
    cache.set('a', 1, { cost: 0.1 });
    cache.set('b', 2, { cost: 0.7 });
    cache.set('b', 3, { cost: 0 });
    cache.delete('a');
    expect(cache.cost).toBe(0);
    expect(cache.get('b')).toBe(3);
  });
});
