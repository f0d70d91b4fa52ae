// stats().lifeExpectancy (the lifeExpectancy option): how long capacity-evicted entries lived, by
// the cache's clock, in power-of-two buckets of ms. Every figure is checked against a model built
// from the callbacks (when each key was added, when onEvict said 'capacity'), for every policy.
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES, type LifeExpectancy } from '../src/index.js';
import { bucketOf, percentile } from '../src/life-expectancy.js';
import { ManualClock, rng } from './helpers.js';

/** The histogram the model expects from a list of lifetimes. */
function expected(lifetimes: number[]): Omit<LifeExpectancy, 'bounds'> {
  const counts = new Array(33).fill(0);
  for (const t of lifetimes) counts[bucketOf(t)]++;
  const sum = lifetimes.reduce((a, b) => a + b, 0);
  return {
    counts,
    count: lifetimes.length,
    sum,
    min: lifetimes.length === 0 ? 0 : Math.min(...lifetimes),
    max: lifetimes.length === 0 ? 0 : Math.max(...lifetimes),
    mean: lifetimes.length === 0 ? 0 : sum / lifetimes.length,
  };
}

describe('bucketOf: the first power-of-two bound (ms) at or above a lifetime', () => {
  it.each([
    [0, 0],
    [0.5, 0],
    [1, 0],
    [1.0001, 1],
    [2, 1],
    [2.5, 2],
    [3, 2],
    [4, 2],
    [4.1, 3],
    [1000, 10],
    [1024, 10],
    [1025, 11],
    [2 ** 31, 31],
    [2 ** 31 + 0.5, 32],
    [1e12, 32],
  ])('%d ms → bucket %d', (t, bucket) => {
    expect(bucketOf(t)).toBe(bucket);
    // The definition, checked directly: t <= 2^bucket, and t > 2^(bucket - 1) unless it is the first.
    if (bucket <= 31) expect(t).toBeLessThanOrEqual(2 ** bucket);
    if (bucket > 0) expect(t).toBeGreaterThan(2 ** (bucket - 1));
  });
});

describe('stats().lifeExpectancy', () => {
  it('is absent without the option, and the option needs metrics', () => {
    expect(new Cache({ maxCost: 2 }).stats().lifeExpectancy).toBeUndefined();
    expect(() => new Cache({ maxCost: 2, lifeExpectancy: 1 as never })).toThrow(/lifeExpectancy must be a boolean/);
    expect(() => new Cache({ maxCost: 2, lifeExpectancy: true, metrics: false })).toThrow(
      /lifeExpectancy option needs metrics/,
    );
  });

  it('counts evictOne() and evictions that load() makes, with loaded entries born when loaded', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'fifo', lifeExpectancy: true, clock });
    cache.set('a', 1);
    clock.advance(10);
    cache.load([['b', { value: 2 }]]);
    clock.advance(20);
    expect(cache.evictOne()).toEqual(['a', 1]); // aged 30
    cache.set('c', 3);
    clock.advance(40);
    cache.load([['d', { value: 4 }]]); // evicts b, aged 60
    const h = cache.stats().lifeExpectancy!;
    expect(h).toEqual({ bounds: h.bounds, ...expected([30, 60]) });
    expect(cache.stats().keysEvicted).toBe(2);
  });

  it('records each capacity eviction’s age by the cache’s clock: buckets, count, sum, min, max, mean', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru', lifeExpectancy: true, clock });
    cache.set('a', 1); // t = 1000
    clock.advance(3);
    cache.set('b', 2); // t = 1003
    clock.advance(100);
    cache.set('c', 3); // evicts a, aged 103
    clock.advance(5000);
    cache.set('d', 4); // evicts b, aged 5100
    const h = cache.stats().lifeExpectancy!;
    expect(h.bounds).toEqual(Array.from({ length: 32 }, (_, i) => 2 ** i));
    expect(h).toEqual({ bounds: h.bounds, ...expected([103, 5100]) });
    expect(h.counts[7]).toBe(1); // 103 ms: (64, 128]
    expect(h.counts[13]).toBe(1); // 5100 ms: (4096, 8192]
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
  });

  it('counts a life from the key’s insertion: an update keeps its birth time', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'fifo', lifeExpectancy: true, clock });
    cache.set('a', 1);
    clock.advance(50);
    cache.set('a', 2); // an update, not a new life
    cache.set('b', 1);
    clock.advance(50);
    cache.set('c', 1); // evicts a (fifo), 100 ms after it was added
    expect(cache.stats().lifeExpectancy).toMatchObject({ count: 1, sum: 100, min: 100, max: 100 });
  });

  it('counts capacity evictions only: not expirations, deletes, clears, nor refused newcomers', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru', lifeExpectancy: true, clock });
    cache.set('x', 1, { ttl: 10 });
    clock.advance(20);
    expect(cache.purgeExpired()).toBe(1);
    cache.set('d', 1);
    cache.delete('d');
    cache.set('e', 1);
    cache.clear();
    expect(cache.set('big', 1, { cost: 3 })).toBe(false);
    const stats = cache.stats();
    expect(stats.keysExpired).toBe(1);
    expect(stats.setsRejected).toBe(1);
    expect(stats.lifeExpectancy!.count).toBe(0);
  });

  it('counts evictions made by lowering maxCost, at that call’s time', () => {
    const clock = new ManualClock();
    const cache = new Cache<number, number>({ maxCost: 4, policy: 'lru', lifeExpectancy: true, clock });
    for (let i = 0; i < 4; i++) cache.set(i, i);
    clock.advance(7);
    cache.maxCost = 1;
    expect(cache.stats().lifeExpectancy).toMatchObject({ count: 3, sum: 21, min: 7, max: 7 });
  });

  it('resetStats() zeroes it; entries still held keep their birth times', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 1, policy: 'lru', lifeExpectancy: true, clock });
    cache.set('a', 1);
    clock.advance(10);
    cache.set('b', 1); // evicts a at 10 ms
    cache.resetStats();
    expect(cache.stats().lifeExpectancy).toEqual({ bounds: cache.stats().lifeExpectancy!.bounds, ...expected([]) });
    clock.advance(30);
    cache.set('c', 1); // evicts b, born before the reset: 30 ms
    expect(cache.stats().lifeExpectancy).toMatchObject({ count: 1, sum: 30 });
  });

  it('an age is never negative when the clock steps back', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 1, policy: 'lru', lifeExpectancy: true, clock });
    cache.set('a', 1);
    clock.advance(-500);
    cache.set('b', 1);
    expect(cache.stats().lifeExpectancy).toMatchObject({
      count: 1,
      sum: 0,
      min: 0,
      max: 0,
      counts: expect.arrayContaining([1]),
    });
    expect(cache.stats().lifeExpectancy!.counts[0]).toBe(1);
  });

  it('a clock that fails in set() changes nothing, and the next set() is measured', () => {
    const clock = new ManualClock();
    let broken = false;
    const cache = new Cache<string, number>({
      maxCost: 1,
      policy: 'lru',
      lifeExpectancy: true,
      clock: { now: () => (broken ? NaN : clock.now()) },
    });
    cache.set('a', 1);
    broken = true;
    expect(() => cache.set('b', 1)).toThrow(TypeError);
    expect([...cache.keys()]).toEqual(['a']);
    broken = false;
    clock.advance(9);
    cache.set('b', 1);
    expect(cache.stats().lifeExpectancy).toMatchObject({ count: 1, sum: 9 });
  });

  it.each(POLICIES)(
    '%s: matches a model of insertion times through growth, costs, TTLs, updates and deletes',
    (policy) => {
      const clock = new ManualClock();
      const born = new Map<number, number>();
      const lifetimes: number[] = [];
      const cache = new Cache<number, number>({
        maxCost: 600,
        policy,
        lifeExpectancy: true,
        clock,
        seed: 7,
        onEvict: (key, _value, reason) => {
          if (reason === 'capacity') lifetimes.push(clock.time - born.get(key)!);
          born.delete(key);
        },
        onExit: (key, _value, reason) => {
          if (reason === 'delete' || reason === 'clear') born.delete(key);
        },
      });
      const next = rng(11);
      for (let i = 0; i < 12_000; i++) {
        clock.advance(next(4));
        const key = next(i < 6000 ? 5000 : 900); // the first half grows the slot arrays past 4096
        const op = next(20);
        if (op === 0) cache.delete(key);
        else if (op < 8) cache.get(key);
        else {
          const had = cache.has(key);
          const options = op === 8 ? { ttl: 1 + next(40) } : op === 9 ? { cost: 1 + next(3) } : undefined;
          if (cache.set(key, i, options) && !had) born.set(key, clock.time);
          if (!cache.has(key)) born.delete(key);
        }
      }
      const stats = cache.stats();
      expect(stats.keysEvicted).toBeGreaterThan(1000);
      expect(stats.lifeExpectancy!.count).toBe(stats.keysEvicted);
      expect(stats.lifeExpectancy).toEqual({ bounds: stats.lifeExpectancy!.bounds, ...expected(lifetimes) });
    },
  );
});

describe('percentile()', () => {
  const clock = new ManualClock();
  const cache = new Cache<number, number>({ maxCost: 1, policy: 'lru', lifeExpectancy: true, clock });
  cache.set(0, 0);
  for (const age of [3, 3, 3, 100, 5000]) {
    clock.advance(age);
    cache.set(age + clock.time, 0);
  }
  const h = cache.stats().lifeExpectancy!;

  it('answers with the upper bound of the bucket where the share is reached, never above max', () => {
    expect(percentile(h, 0.5)).toBe(4); // 3 of 5 lifetimes are in (2, 4]
    expect(percentile(h, 0.6)).toBe(4);
    expect(percentile(h, 0.8)).toBe(128);
    expect(percentile(h, 1)).toBe(5000); // the bucket bound is 8192; the longest life was 5000
    expect(percentile({ ...h, counts: h.counts.map(() => 0), count: 0 }, 0.5)).toBe(0);
  });

  it('refuses p outside 0..1, naming p', () => {
    expect(() => percentile(h, 1.5)).toThrow(/percentile p must be a number from 0 to 1, got 1.5/);
    expect(() => percentile(h, NaN)).toThrow(RangeError);
  });
});
