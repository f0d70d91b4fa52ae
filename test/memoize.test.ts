// memoize(): sync and async functions over a Cache, keys from arguments, one call per key for
// concurrent async calls, and the checks of its options.
import { describe, expect, it } from 'vitest';
import { Cache, memoize } from '../src/index.js';
import { ManualClock } from './helpers.js';

describe('memoize(): synchronous functions', () => {
  it('calls the function once per key (the first argument by default) and returns the stored result', () => {
    const calls: number[] = [];
    const square = memoize((n: number) => (calls.push(n), n * n), { maxCost: 10 });
    expect([square(3), square(3), square(4), square(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toEqual([3, 4]);
    expect(square.cache.get(3)).toBe(9);
    expect(square.cache.stats()).toMatchObject({ loadSuccesses: 2 });
  });

  it('maps arguments to a key with `key`, and passes `this` and every argument through', () => {
    let calls = 0;
    const scaler = {
      factor: 10,
      scale: memoize(
        function (this: { factor: number }, a: number, b: number) {
          calls++;
          return (a + b) * this.factor;
        },
        { maxCost: 10, key: (a, b) => `${a}+${b}` },
      ),
    };
    expect(scaler.scale(1, 2)).toBe(30);
    expect(scaler.scale(1, 2)).toBe(30);
    expect(scaler.scale(2, 1)).toBe(30);
    expect(calls).toBe(2);
    expect([...scaler.scale.cache.keys()].sort()).toEqual(['1+2', '2+1']);
  });

  it('never stores undefined: such a call runs again', () => {
    let calls = 0;
    const lookup = memoize((_key: string) => (calls++, undefined), { maxCost: 10 });
    lookup('a');
    lookup('a');
    expect(calls).toBe(2);
  });

  it('stores null, the way to cache an absence: the function is not called again', () => {
    let calls = 0;
    const find = memoize((_id: string) => (calls++, null), { maxCost: 10 });
    expect([find('a'), find('a')]).toEqual([null, null]);
    expect(calls).toBe(1);
  });

  it('returns an object result as it is (only a thenable makes the memoized function async)', () => {
    const user = memoize((id: number) => ({ id }), { maxCost: 10 });
    const first = user(1);
    expect(first).toEqual({ id: 1 });
    expect(user(1)).toBe(first);
  });

  it('builds its cache from the options (ttl here), or uses the one given', () => {
    const clock = new ManualClock();
    let calls = 0;
    const f = memoize((n: number) => (calls++, n), { maxCost: 10, ttl: 100, clock });
    f(1);
    clock.advance(100);
    f(1);
    expect(calls).toBe(2);
    const shared = new Cache<number, number>({ maxCost: 10 });
    const g = memoize((n: number) => n + 1, { cache: shared });
    g(1);
    expect(g.cache).toBe(shared);
    expect(shared.get(1)).toBe(2);
  });
});

describe('memoize(): async functions', () => {
  it('concurrent calls with one key share one call, and the resolved value is stored (not a promise)', async () => {
    let calls = 0;
    const fetchUser = memoize(
      async (id: number) => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { id };
      },
      { maxCost: 100 },
    );
    const users = await Promise.all(Array.from({ length: 20 }, () => fetchUser(1)));
    expect(calls).toBe(1);
    expect(new Set(users).size).toBe(1);
    expect(fetchUser.cache.peek(1)).toEqual({ id: 1 });
    await expect(fetchUser(1)).resolves.toBe(users[0]);
    expect(calls).toBe(1);
  });

  it('tinylfu on a full cache: 20 concurrent calls of a new key make one call (the value is refused, not cached)', async () => {
    let calls = 0;
    const cache = new Cache<string, string>({ maxCost: 10, policy: 'tinylfu', seed: 3 });
    for (let i = 0; i < 10; i++) cache.set(`hot${i}`, 'hot');
    for (let round = 0; round < 20; round++) for (let i = 0; i < 10; i++) cache.get(`hot${i}`);
    cache.flush();
    const load = memoize(async (key: string) => (calls++, `value of ${key}`), { cache });
    const values = await Promise.all(Array.from({ length: 20 }, () => load('cold')));
    expect(values).toEqual(Array(20).fill('value of cold'));
    expect(calls).toBe(1);
    expect(cache.has('cold')).toBe(false);
  });

  it('a rejection is not cached: every waiter gets it and the next call runs again', async () => {
    let calls = 0;
    const flaky = memoize(
      async (_key: string) => {
        calls++;
        if (calls === 1) throw new Error('first call fails');
        return 'ok';
      },
      { maxCost: 10 },
    );
    const outcomes = await Promise.allSettled([flaky('a'), flaky('a')]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    await expect(flaky('a')).resolves.toBe('ok');
    expect(calls).toBe(2);
  });

  it('an async function is known from the start: its first call is one load, through fetch()', async () => {
    const double = memoize(async (n: number) => n * 2, { maxCost: 10 });
    await expect(double(1)).resolves.toBe(2);
    expect(double.cache.stats()).toMatchObject({ loadSuccesses: 1, misses: 1 });
  });

  it('a thenable is any object or function with a then method, as promises define it', async () => {
    const callable = Object.assign(() => 'not the value', {
      then: (resolve: (value: string) => void) => resolve('resolved'),
    });
    const later = memoize((_key: string) => callable, { maxCost: 10 });
    await expect(later('a')).resolves.toBe('resolved');
    expect(later.cache.peek('a')).toBe('resolved');
  });

  it('a plain function that returns a promise is recognised by its first call', async () => {
    let calls = 0;
    const later = memoize((n: number) => (calls++, Promise.resolve(n * 2)), { maxCost: 10 });
    const first = later(1);
    const second = later(1);
    expect(first).toBeInstanceOf(Promise);
    expect(await Promise.all([first, second])).toEqual([2, 2]);
    expect(calls).toBe(1);
    expect(later.cache.peek(1)).toBe(2);
    await expect(later(1)).resolves.toBe(2);
  });
});

describe('memoize() options', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'fn not a function',
      () => memoize(5 as never, { maxCost: 1 }),
      /^cortado: memoize\(\) fn must be a function, got 5$/,
    ],
    [
      'options missing',
      () => memoize(() => 1, undefined as never),
      /^cortado: memoize\(\) options must be an object, got undefined$/,
    ],
    [
      'neither cache nor maxCost',
      () => memoize(() => 1, {}),
      /^cortado: memoize\(\) needs \{ cache \} or the options of a new cache, with maxCost$/,
    ],
    [
      'cache and cache options',
      () => memoize(() => 1, { cache: new Cache({ maxCost: 1 }), ttl: 5 }),
      /got a cache and cache options \(ttl\); give one or the other$/,
    ],
    [
      'cache and two cache options',
      () => memoize(() => 1, { cache: new Cache({ maxCost: 1 }), ttl: 5, metrics: false }),
      /got a cache and cache options \(ttl, metrics\); give one or the other$/,
    ],
    [
      'cache not a Cache',
      () => memoize(() => 1, { cache: new Map() as never }),
      /^cortado: memoize\(\) cache must be a Cache, got an object$/,
    ],
    [
      'key not a function',
      () => memoize(() => 1, { maxCost: 1, key: 'id' as never }),
      /^cortado: memoize\(\) key must be a function, got "id"$/,
    ],
    [
      'unknown option',
      () => memoize(() => 1, { maxCost: 1, keys: () => 1 } as never),
      /^cortado: unknown memoize\(\) option "keys"; did you mean "key"\? allowed: cache, key, maxCost/,
    ],
  ];
  it.each(cases)('%s: TypeError', (_name, attempt, message) => {
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(message);
  });

  it("passes the cache options' own checks through", () => {
    expect(() => memoize(() => 1, { maxCost: -1 })).toThrow(/maxCost must be > 0/);
  });
});
