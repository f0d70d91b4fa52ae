// The Cache API (README's "API at a glance"), one behaviour per test, with the stretto design ('tinylfu')
// unless a test needs a predictable victim ('lru').
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES, DEFAULT_POLICY } from '../src/index.js';
import { kernelsModule } from '../src/wasm/module.js';
import { ManualClock, recorder } from './helpers.js';
import { kernelsOf, testingModule } from './testing-kernels.js';

describe('reads and writes', () => {
  it('set() stores a value that get() returns at once', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu' });
    expect(cache.set('a', 1)).toBe(true);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
  });

  it('set() of an existing key replaces its value', () => {
    const cache = new Cache<string, string>({ maxCost: 10 });
    cache.set('a', 'x');
    expect(cache.set('a', 'y')).toBe(true);
    expect(cache.get('a')).toBe('y');
    expect(cache.size).toBe(1);
  });

  it('keys follow Map equality (SameValueZero)', () => {
    const cache = new Cache<unknown, string>({ maxCost: 100, policy: 'tinylfu' });
    const obj = { id: 1 };
    const sym = Symbol('s');
    cache.set(NaN, 'nan');
    cache.set(0, 'zero');
    cache.set('0', 'string zero');
    cache.set(10n, 'bigint');
    cache.set(obj, 'object');
    cache.set(sym, 'symbol');
    cache.set(Symbol.for('reg'), 'registered');
    cache.set(null, 'null');
    cache.set(true, 'true');
    expect(cache.get(Number.NaN)).toBe('nan');
    expect(cache.get(-0)).toBe('zero');
    expect(cache.get('0')).toBe('string zero');
    expect(cache.get(BigInt(10))).toBe('bigint');
    expect(cache.get({ id: 1 })).toBeUndefined();
    expect(cache.get(obj)).toBe('object');
    expect(cache.get(Symbol('s'))).toBeUndefined();
    expect(cache.get(sym)).toBe('symbol');
    expect(cache.get(Symbol.for('reg'))).toBe('registered');
    expect(cache.get(null)).toBe('null');
    expect(cache.get(undefined)).toBeUndefined();
    expect(cache.get(true)).toBe('true');
    expect(cache.size).toBe(9);
  });

  it('a value may be any non-undefined value, including null and 0', () => {
    const cache = new Cache<string, unknown>({ maxCost: 10 });
    cache.set('n', null);
    cache.set('z', 0);
    cache.set('f', false);
    expect(cache.get('n')).toBeNull();
    expect(cache.get('z')).toBe(0);
    expect(cache.get('f')).toBe(false);
  });

  it('setIfPresent() only replaces present keys', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    expect(cache.setIfPresent('a', 1)).toBe(false);
    expect(cache.has('a')).toBe(false);
    cache.set('a', 1);
    expect(cache.setIfPresent('a', 2)).toBe(true);
    expect(cache.get('a')).toBe(2);
  });

  it('peek() and has() have no side effects on recency', () => {
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru' });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.peek('a')).toBe(1);
    expect(cache.has('a')).toBe(true);
    cache.set('c', 3); // 'a' is still the least recently used
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
  });

  it('peek() and has() do not count as hits or misses', () => {
    const cache = new Cache<string, number>({ maxCost: 2 });
    cache.set('a', 1);
    cache.peek('a');
    cache.has('b');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0 });
  });

  it('get() records recency (LRU keeps what was read)', () => {
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru' });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
  });

  it('delete() removes a key and reports whether it was there', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.cost).toBe(0);
  });

  it('clear() empties the cache', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.cost).toBe(0);
    expect(cache.get('a')).toBeUndefined();
    cache.set('c', 3);
    expect(cache.get('c')).toBe(3);
  });

  it('slots are reused after deletes without mixing values', () => {
    const cache = new Cache<number, number>({ maxCost: 1000, policy: 'tinylfu' });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 500; i++) cache.set(i, i * 10 + round);
      for (let i = 0; i < 500; i += 2) cache.delete(i);
      for (let i = 1; i < 500; i += 2) expect(cache.get(i)).toBe(i * 10 + round);
    }
  });

  it('grows past its initial slot table', () => {
    const cache = new Cache<number, number>({ maxCost: 50_000, policy: 'tinylfu' });
    for (let i = 0; i < 50_000; i++) expect(cache.set(i, i)).toBe(true);
    expect(cache.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(cache.get(i)).toBe(i);
  });
});

describe('cost', () => {
  it('defaults to 1 per entry', () => {
    const cache = new Cache<string, number>({ maxCost: 3, policy: 'lru' });
    for (const k of ['a', 'b', 'c', 'd']) cache.set(k, 1);
    expect(cache.size).toBe(3);
    expect(cache.cost).toBe(3);
  });

  it('uses the per-call cost', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
    cache.set('a', 1, { cost: 4 });
    cache.set('b', 1, { cost: 5 });
    expect(cache.cost).toBe(9);
    cache.set('c', 1, { cost: 3 }); // evicts 'a' (LRU) to fit
    expect(cache.has('a')).toBe(false);
    expect(cache.cost).toBe(8);
  });

  it('uses the cost function when set() gets no cost', () => {
    const cache = new Cache<string, string>({ maxCost: 10, policy: 'lru', cost: (v) => v.length });
    cache.set('a', 'xxxx');
    cache.set('b', 'yy', { cost: 1 });
    expect(cache.cost).toBe(5);
  });

  it('passes value and key to the cost function', () => {
    const seen: unknown[] = [];
    const cache = new Cache<string, number>({ maxCost: 10, cost: (v, k) => (seen.push([v, k]), 1) });
    cache.set('k', 7);
    expect(seen).toEqual([[7, 'k']]);
  });

  it('refuses a value costing more than maxCost and keeps the cache as it was', () => {
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru', ...r.options });
    cache.set('a', 1, { cost: 5 });
    expect(cache.set('big', 2, { cost: 11 })).toBe(false);
    expect(cache.has('big')).toBe(false);
    expect(cache.get('a')).toBe(1);
    expect(r.rejected).toEqual([{ key: 'big', value: 2 }]);
    expect(cache.stats().setsRejected).toBe(1);
  });

  it('refusing a too-costly update removes the old value (no stale read), reported as a replace', () => {
    const exits: [string, number, string][] = [];
    const rejected: [string, number][] = [];
    const cache = new Cache<string, number>({
      maxCost: 10,
      onExit: (k, v, reason) => exits.push([k, v, reason]),
      onReject: (k, v) => rejected.push([k, v]),
    });
    cache.set('a', 1);
    expect(cache.set('a', 2, { cost: 20 })).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.cost).toBe(0);
    expect(exits).toEqual([
      ['a', 1, 'replace'],
      ['a', 2, 'rejected'],
    ]);
    expect(rejected).toEqual([['a', 2]]);
  });

  it('an update that raises the cost evicts others to fit', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
    cache.set('a', 1, { cost: 4 });
    cache.set('b', 1, { cost: 4 });
    expect(cache.set('b', 2, { cost: 8 })).toBe(true);
    expect(cache.has('a')).toBe(false);
    expect(cache.cost).toBe(8);
  });

  it('one large entry may evict several small ones', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu' });
    for (let i = 0; i < 10; i++) cache.set(`s${i}`, i);
    for (let i = 0; i < 3; i++) cache.get('big'); // make the newcomer popular enough to enter
    expect(cache.set('big', 1, { cost: 6 })).toBe(true);
    expect(cache.size).toBe(5);
    expect(cache.cost).toBe(10);
  });

  it('lowering maxCost evicts at once', () => {
    const r = recorder<number, number>();
    const cache = new Cache<number, number>({ maxCost: 10, policy: 'lru', ...r.options });
    for (let i = 0; i < 10; i++) cache.set(i, i);
    cache.maxCost = 4;
    expect(cache.maxCost).toBe(4);
    expect(cache.size).toBe(4);
    expect([...cache.keys()]).toEqual([6, 7, 8, 9]);
    expect(r.evicted.map((e) => e.key)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('cost 0 entries take no budget', () => {
    const cache = new Cache<number, number>({ maxCost: 2, policy: 'lru' });
    for (let i = 0; i < 100; i++) cache.set(i, i, { cost: 0 });
    expect(cache.size).toBe(100);
    expect(cache.cost).toBe(0);
  });

  it('fractional costs are summed exactly enough to stay within budget', () => {
    const cache = new Cache<number, number>({ maxCost: 1, policy: 'lru' });
    for (let i = 0; i < 1000; i++) cache.set(i, i, { cost: 0.1 });
    expect(cache.cost).toBeLessThanOrEqual(1);
    expect(cache.size).toBeGreaterThanOrEqual(9);
  });
});

describe("the store's bookkeeping: costs (the slot table) and expiry times", () => {
  /** The store's slot table (test-only: a private field). */
  const tableOf = (cache: Cache<string, number>) => Reflect.get(cache, 'table') as object;

  it('the summed cost of fractional costs is exactly 0 once the cache is empty', () => {
    // 0.1 + 0.2 - 0.1 - 0.2 is 2.8e-17 in floating point.
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1, { cost: 0.1 });
    cache.set('b', 2, { cost: 0.2 });
    cache.delete('a');
    cache.delete('b');
    expect(cache.size).toBe(0);
    expect(cache.cost).toBe(0);
    cache.close();
  });

  it('the summed cost never goes below 0 while entries remain, after a delete or a replace', () => {
    // 0.3 + 0.6 - 0.3 - 0.6 is -1.1e-16 in floating point; a cost-0 entry keeps the cache non-empty.
    const withFractions = () => {
      const cache = new Cache<string, number>({ maxCost: 10 });
      cache.set('zero', 0, { cost: 0 });
      cache.set('a', 1, { cost: 0.3 });
      cache.set('b', 2, { cost: 0.6 });
      cache.delete('a');
      return cache;
    };
    const deleted = withFractions();
    deleted.delete('b');
    expect(deleted.size).toBe(1);
    expect(deleted.cost).toBe(0);
    deleted.close();

    const replaced = withFractions();
    replaced.set('b', 3, { cost: 0 }); // a replace: the total takes the difference
    expect(replaced.size).toBe(2);
    expect(replaced.cost).toBe(0);
    replaced.close();
  });

  it('keeps no cost array while every cost is 1, through growth; the first other cost makes one, earlier entries at 1', () => {
    const cache = new Cache<string, number>({ maxCost: 1000 });
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, i); // the slot table doubles from its first size
    expect((Reflect.get(tableOf(cache), 'costs') as Float64Array).length).toBe(0);
    cache.set('heavy', 0, { cost: 5 });
    const costs = Reflect.get(tableOf(cache), 'costs') as Float64Array;
    expect(costs.length).toBeGreaterThanOrEqual(101);
    expect(cache.cost).toBe(105);
    for (let i = 0; i < 100; i++) cache.delete(`k${i}`);
    expect(cache.cost).toBe(5);
    cache.close();
  });

  it('clear() forgets every expiry time: a new entry without a TTL in a slot that had one lives on', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 100 });
    cache.clear();
    cache.set('b', 2); // takes a's slot, no TTL
    clock.advance(200);
    expect(cache.get('b')).toBe(2);
    expect(cache.getTTL('b')).toBe(Infinity);
    cache.close();
  });

  it('a closed cache lets go of its expiry times', () => {
    const cache = new Cache<string, number>({ maxCost: 100 });
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, i, { ttl: 5000 });
    const expiry = Reflect.get(cache, 'expiry') as object;
    expect((Reflect.get(expiry, 'expiresAt') as Float64Array).length).toBeGreaterThan(0);
    cache.close();
    expect((Reflect.get(expiry, 'expiresAt') as Float64Array).length).toBe(0);
  });

  it('a closed cache lets go of its cost array and its kernels', () => {
    const cache = new Cache<string, number>({ maxCost: 100 });
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, i, { cost: 2 });
    const table = tableOf(cache);
    expect((Reflect.get(table, 'costs') as Float64Array).length).toBeGreaterThan(0);
    cache.close();
    expect((Reflect.get(table, 'costs') as Float64Array).length).toBe(0);
    expect(Reflect.get(table, 'kernels')).toBeUndefined();
  });
});

describe('TinyLFU admission (policy "tinylfu")', () => {
  it('keeps a frequently read working set through a stream of one-time keys', () => {
    // Each hot key recurs every 200 requests, beyond LRU's reach at 100 entries; the one-time
    // keys in between never recur. TinyLFU should keep the hot set; LRU keeps none of it.
    const run = (policy: 'tinylfu' | 'lru') => {
      const cache = new Cache<string, number>({ maxCost: 100, policy, seed: 1 });
      let hotHits = 0;
      let once = 0;
      for (let i = 0; i < 20_000; i++) {
        const hot = `hot${i % 50}`;
        if (cache.get(hot) !== undefined) hotHits++;
        else cache.set(hot, 1);
        for (let j = 0; j < 3; j++) {
          const k = `once${once++}`;
          if (cache.get(k) === undefined) cache.set(k, 1);
        }
      }
      return { hotHits, cache };
    };
    const tiny = run('tinylfu');
    const lru = run('lru');
    expect(lru.hotHits).toBe(0);
    expect(tiny.hotHits).toBeGreaterThan(19_000);
    expect(tiny.cache.stats().setsRejected).toBeGreaterThan(50_000);
  });

  it('set() returns false and fires onReject when admission refuses', () => {
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 5, policy: 'tinylfu', seed: 2, ...r.options });
    for (let round = 0; round < 4; round++)
      for (let i = 0; i < 5; i++) if (cache.get(`k${i}`) === undefined) cache.set(`k${i}`, i);
    expect(cache.set('stranger', 99)).toBe(false);
    expect(cache.has('stranger')).toBe(false);
    expect(r.rejected).toEqual([{ key: 'stranger', value: 99 }]);
    expect(r.exits.at(-1)).toEqual({ key: 'stranger', value: 99, reason: 'rejected' });
  });

  it('the same seed makes the same decisions', () => {
    const run = () => {
      const cache = new Cache<number, number>({ maxCost: 64, policy: 'tinylfu', seed: 42 });
      let x = 12345;
      let hits = 0;
      for (let i = 0; i < 20_000; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        const k = (x >>> 8) % 300;
        if (cache.get(k) !== undefined) hits++;
        else cache.set(k, k);
      }
      return [hits, [...cache.keys()].join(',')];
    };
    expect(run()).toEqual(run());
  });
});

describe('TTL', () => {
  it('allocates no expiry state until the first TTL, which then works after growth', () => {
    const clock = new ManualClock();
    const cache = new Cache<number, number>({ maxCost: 10_000, policy: 'lru', clock });
    for (let i = 0; i < 5_000; i++) cache.set(i, i); // the slot table grows past 4,096
    const internals = (cache as unknown as { expiry: { expiresAt: Float64Array } }).expiry;
    expect(internals.expiresAt.length).toBe(0);
    expect(cache.getTTL(1)).toBe(Infinity);
    expect(cache.peek(1)).toBe(1);
    expect(cache.delete(2)).toBe(true);
    cache.set(3, 30, { ttl: 100 }); // the first TTL arrives on a replace
    cache.set(9_000, 9, { ttl: 50 }); // and one on an insert
    expect(internals.expiresAt.length).toBeGreaterThanOrEqual(5_000);
    expect(cache.getTTL(3)).toBe(100);
    clock.advance(60);
    expect(cache.get(9_000)).toBeUndefined();
    expect(cache.get(3)).toBe(30);
    clock.advance(50);
    expect(cache.has(3)).toBe(false);
    expect(cache.get(4)).toBe(4); // entries without a TTL never expire
    expect(cache.purgeExpired()).toBe(1);
    expect(cache.size).toBe(4_998);
  });

  it('a per-call ttl expires the entry (lazily, on read)', () => {
    const clock = new ManualClock();
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, clock, ...r.options });
    cache.set('a', 1, { ttl: 100 });
    clock.advance(99);
    expect(cache.get('a')).toBe(1);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(r.evicted).toEqual([{ key: 'a', value: 1, reason: 'expired' }]);
    expect(cache.size).toBe(0);
    expect(cache.stats().keysExpired).toBe(1);
  });

  it('the ttl option is the default; a per-call ttl overrides it; 0 means never', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, ttl: 50 });
    cache.set('default', 1);
    cache.set('long', 2, { ttl: 500 });
    cache.set('never', 3, { ttl: 0 });
    clock.advance(60);
    expect(cache.get('default')).toBeUndefined();
    expect(cache.get('long')).toBe(2);
    expect(cache.get('never')).toBe(3);
  });

  it('getTTL() reports ms left, Infinity without TTL, undefined when absent or expired', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('t', 1, { ttl: 100 });
    cache.set('forever', 2);
    clock.advance(30);
    expect(cache.getTTL('t')).toBe(70);
    expect(cache.getTTL('forever')).toBe(Infinity);
    expect(cache.getTTL('missing')).toBeUndefined();
    clock.advance(70);
    expect(cache.getTTL('t')).toBeUndefined();
  });

  it('peek(), has() and iteration hide expired entries without removing them', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 10 });
    cache.set('b', 2);
    clock.advance(10);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.has('a')).toBe(false);
    expect([...cache.keys()]).toEqual(['b']);
    expect(cache.size).toBe(2); // still held until removed
  });

  it('purgeExpired() removes every due entry and fires onEvict("expired")', () => {
    const clock = new ManualClock();
    const r = recorder<number, number>();
    const cache = new Cache<number, number>({ maxCost: 100, clock, ...r.options });
    for (let i = 0; i < 20; i++) cache.set(i, i, { ttl: i < 10 ? 5 : 50 });
    clock.advance(5);
    expect(cache.purgeExpired()).toBe(10);
    expect(cache.size).toBe(10);
    expect(r.evicted.every((e) => e.reason === 'expired' && e.key < 10)).toBe(true);
    expect(cache.cost).toBe(10);
  });

  it('set() sweeps a few expired entries in passing', () => {
    const clock = new ManualClock();
    const cache = new Cache<number, number>({ maxCost: 1000, clock });
    for (let i = 0; i < 100; i++) cache.set(i, i, { ttl: 1 });
    clock.advance(1);
    for (let i = 0; i < 10; i++) cache.set(1000 + i, i);
    expect(cache.size).toBeLessThan(110);
    expect(cache.size).toBeGreaterThanOrEqual(10);
  });

  it('re-setting a key replaces its expiry', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 10 });
    cache.set('a', 2);
    clock.advance(100);
    expect(cache.get('a')).toBe(2);
    expect(cache.getTTL('a')).toBe(Infinity);
  });

  it('setIfPresent() treats an expired key as absent', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 10 });
    clock.advance(10);
    expect(cache.setIfPresent('a', 2)).toBe(false);
    expect(cache.has('a')).toBe(false);
  });
});

describe('options', () => {
  it('shouldUpdate can keep the current value', () => {
    const cache = new Cache<string, { v: number }>({ maxCost: 10, shouldUpdate: (cur, next) => next.v > cur.v });
    cache.set('a', { v: 2 });
    expect(cache.set('a', { v: 1 })).toBe(false);
    expect(cache.get('a')).toEqual({ v: 2 });
    expect(cache.set('a', { v: 3 })).toBe(true);
    expect(cache.get('a')).toEqual({ v: 3 });
  });

  it('shouldUpdate is not consulted for new keys', () => {
    const cache = new Cache<string, number>({ maxCost: 10, shouldUpdate: () => false });
    expect(cache.set('a', 1)).toBe(true);
    expect(cache.set('a', 2)).toBe(false);
  });

  it('onEvict reports capacity evictions with the reason', () => {
    const r = recorder<number, string>();
    const cache = new Cache<number, string>({ maxCost: 2, policy: 'lru', ...r.options });
    cache.set(1, 'a');
    cache.set(2, 'b');
    cache.set(3, 'c');
    expect(r.evicted).toEqual([{ key: 1, value: 'a', reason: 'capacity' }]);
    expect(cache.stats()).toMatchObject({ keysEvicted: 1, costEvicted: 1 });
  });

  it('onExit fires once for every value that leaves, with the reason', () => {
    const clock = new ManualClock();
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 3, policy: 'lru', clock, ...r.options });
    cache.set('a', 1);
    cache.set('a', 2); // replace
    cache.set('b', 3);
    cache.delete('b'); // delete
    cache.set('c', 4, { ttl: 5 });
    clock.advance(5);
    cache.get('c'); // expired
    cache.set('d', 5);
    cache.set('e', 6);
    cache.set('f', 7); // evicts 'a' (capacity)
    cache.set('huge', 8, { cost: 9 }); // rejected
    cache.clear(); // d, e, f
    expect(r.exits.map((e) => `${e.key}=${e.value}:${e.reason}`)).toEqual([
      'a=1:replace',
      'b=3:delete',
      'c=4:expired',
      'a=2:capacity',
      'huge=8:rejected',
      'd=5:clear',
      'e=6:clear',
      'f=7:clear',
    ]);
  });

  it('replacing a value with itself fires no onExit', () => {
    const r = recorder<string, object>();
    const cache = new Cache<string, object>({ maxCost: 3, ...r.options });
    const v = {};
    cache.set('a', v);
    cache.set('a', v);
    expect(r.exits).toEqual([]);
  });

  it('metrics: false turns the counters off and stats() says so', () => {
    const cache = new Cache<string, number>({ maxCost: 3, metrics: false });
    cache.set('a', 1);
    cache.get('a');
    expect(() => cache.stats()).toThrow(/metrics/);
  });

  it('stats() counts hits, misses, adds, updates and the ratio', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu' });
    cache.get('a');
    cache.set('a', 1, { cost: 2 });
    cache.set('a', 2);
    cache.get('a');
    cache.get('a');
    cache.flush();
    expect(cache.stats()).toEqual({
      hits: 2,
      misses: 1,
      hitRatio: 2 / 3,
      keysAdded: 1,
      keysUpdated: 1,
      keysEvicted: 0,
      keysExpired: 0,
      costAdded: 2,
      costEvicted: 0,
      setsRejected: 0,
      setsDropped: 0,
      getsKept: 3,
      getsDropped: 0,
      loadSuccesses: 0,
      loadFailures: 0,
      totalLoadTime: 0,
      refreshes: 0,
    });
  });

  it('bufferItems sets how many accesses are batched before the sketch sees them', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu', bufferItems: 4 });
    cache.set('a', 1);
    for (let i = 0; i < 3; i++) cache.get('a');
    expect(cache.stats().getsKept).toBe(0);
    cache.get('a');
    expect(cache.stats().getsKept).toBe(4);
    cache.get('a');
    cache.flush();
    expect(cache.stats().getsKept).toBe(5);
  });

  it('numCounters sizes the sketch', () => {
    // Read through the test build's probes. The estimate error: after 60 keys are recorded, a
    // sketch of 64 counters per row often gives keys it never saw a nonzero estimate; one of
    // 2^20 does not (a default-sized sketch, 1,024 here, hardly ever either).
    const misestimated = (numCounters: number) => {
      const cache = new Cache<number, number>({
        maxCost: 100,
        policy: 'w-tinylfu',
        numCounters,
        wasmModule: testingModule(),
      });
      const probes = kernelsOf(cache).exports;
      for (let k = 1; k <= 60; k++) probes.increment(Math.imul(k, 0x9e3779b1), k);
      let wrong = 0;
      for (let k = 1; k <= 1000; k++)
        if (probes.estimate(Math.imul(k, 0x85ebca6b) ^ 0x5bd1e995, 1_000_000 + k) > 0) wrong++;
      return wrong;
    };
    expect(misestimated(64)).toBeGreaterThan(50);
    expect(misestimated(1 << 20)).toBe(0);
    // tinylfu (ristretto) also ages its sketch every numCounters recorded accesses.
    const resets = (numCounters: number) => {
      const cache = new Cache<number, number>({
        maxCost: 100,
        policy: 'tinylfu',
        numCounters,
        wasmModule: testingModule(),
      });
      const probes = kernelsOf(cache).exports;
      for (let k = 1; k <= 200; k++) probes.increment(k, 0);
      return probes.sketchResets();
    };
    expect(resets(64)).toBe(3);
    expect(resets(1 << 20)).toBe(0);
  });

  it('numCounters defaults to 10 × maxCost, at least 1,024: tinylfu ages its sketch after that many accesses', () => {
    const resets = (maxCost: number, accesses: number) => {
      const cache = new Cache<number, number>({ maxCost, policy: 'tinylfu', wasmModule: testingModule() });
      const probes = kernelsOf(cache).exports;
      for (let k = 1; k <= accesses; k++) probes.increment(k, 0);
      const count = probes.sketchResets();
      cache.close();
      return count;
    };
    expect(resets(100, 2_100)).toBe(2); // 1,024 counters
    expect(resets(300, 3_100)).toBe(1); // 3,000
  });

  it('wasmModule accepts a precompiled module', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu', wasmModule: kernelsModule() });
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
  });

  it('the default policy is one of POLICIES', () => {
    const cache = new Cache({ maxCost: 10 });
    expect(POLICIES).toContain(DEFAULT_POLICY);
    expect(cache.policyName).toBe(DEFAULT_POLICY);
  });

  it('a policy may be given with options', () => {
    const cache = new Cache({ maxCost: 10, policy: { name: 'tinylfu' } });
    expect(cache.policyName).toBe('tinylfu');
  });
});

describe('iteration', () => {
  it('keys(), values(), entries(), the iterator and forEach() agree, in insertion order', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([...cache.keys()]).toEqual(['a', 'b', 'c']);
    expect([...cache.values()]).toEqual([1, 2, 3]);
    expect([...cache.entries()]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect([...cache]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const seen: [string, number][] = [];
    cache.forEach(function (this: unknown, v, k, c) {
      expect(c).toBe(cache);
      expect(this).toBe('ctx');
      seen.push([k, v]);
    }, 'ctx');
    expect(seen).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('iteration has no side effects on the policy', () => {
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru' });
    cache.set('a', 1);
    cache.set('b', 2);
    [...cache.entries()];
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
  });

  it('deleting while iterating is safe', () => {
    const cache = new Cache<number, number>({ maxCost: 10 });
    for (let i = 0; i < 5; i++) cache.set(i, i);
    for (const k of cache.keys()) cache.delete(k);
    expect(cache.size).toBe(0);
  });
});

describe('close()', () => {
  it('releases the cache; later calls throw a clear Error', () => {
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, ...r.options });
    cache.set('a', 1);
    cache.close();
    expect(r.exits).toEqual([{ key: 'a', value: 1, reason: 'clear' }]);
    expect(() => cache.get('a')).toThrow(/closed/);
    expect(() => cache.set('a', 1)).toThrow(/closed/);
    expect(() => cache.size).toThrow(/closed/);
    expect(() => [...cache.keys()]).toThrow(/closed/);
    expect(() => cache.close()).not.toThrow();
  });

  it('Symbol.dispose closes it (using)', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache[Symbol.dispose]();
    expect(() => cache.get('a')).toThrow(/closed/);
  });
});

describe('inspection', () => {
  it('util.inspect shows the policy and the figures, not the internals', async () => {
    const { inspect } = await import('node:util');
    const cache = new Cache<string, number>({ maxCost: 100, policy: 'lru' });
    cache.set('a', 1, { cost: 3 });
    expect(inspect(cache)).toBe("Cache { policy: 'lru', size: 1, cost: 3, maxCost: 100 }");
    cache.close();
    expect(inspect(cache)).toBe('Cache <closed>');
  });
});
