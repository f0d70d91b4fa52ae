// Serving an expired value (lru-cache's allowStale and noDeleteOnStaleGet) on the core's terms:
// keepExpired leaves expired entries in place, peekExpired() reads one without side effects, and
// get() removes it as expired. touch() restarts an entry's TTL (updateAgeOnGet), and
// getGivenTTL() reports the TTL an entry was given (its age is that less getTTL()).
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { ManualClock, recorder } from './helpers.js';

describe('keepExpired and peekExpired()', () => {
  it('an expired entry is served by peekExpired() until get() removes it as expired', () => {
    const clock = new ManualClock();
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, clock, keepExpired: true, ...r.options });
    cache.set('a', 1, { ttl: 100 });
    expect(cache.peekExpired('a')).toBeUndefined(); // live
    clock.advance(100);
    for (let i = 0; i < 10; i++) cache.set(`k${i % 5}`, i); // no sweep in passing
    expect(cache.peekExpired('a')).toBe(1);
    expect(cache.peekExpired('a')).toBe(1);
    expect(cache.has('a')).toBe(false);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.peekExpired('a')).toBeUndefined();
    expect(r.evicted.filter((e) => e.key === 'a')).toEqual([{ key: 'a', value: 1, reason: 'expired' }]);
  });

  it('without keepExpired, set() removes expired entries in passing', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 100 });
    clock.advance(100);
    cache.set('b', 2);
    expect(cache.peekExpired('a')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('a set() removes at most 4 expired entries in passing, the soonest first: its cost stays bounded', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 100, clock });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i, { ttl: 100 + i });
    clock.advance(1000);
    cache.set('new', 0);
    expect(cache.size).toBe(10 - 4 + 1);
    for (let i = 0; i < 10; i++) expect(cache.peekExpired(`k${i}`), `k${i}`).toBe(i < 4 ? undefined : i);
    cache.close();
  });

  it('checks the option', () => {
    expect(() => new Cache({ maxCost: 10, keepExpired: 1 as unknown as boolean })).toThrow(/keepExpired/);
  });
});

describe('touch() and getGivenTTL()', () => {
  it('restarts the TTL an entry was given, its own or the default', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, ttl: 100 });
    cache.set('a', 1);
    cache.set('b', 2, { ttl: 500 });
    cache.set('c', 3, { ttl: 0 });
    clock.advance(60);
    expect(cache.getTTL('a')).toBe(40);
    expect(cache.touch('a')).toBe(true);
    expect(cache.touch('b')).toBe(true);
    expect(cache.touch('c')).toBe(true);
    expect(cache.touch('zz')).toBe(false);
    expect(cache.getTTL('a')).toBe(100);
    expect(cache.getTTL('b')).toBe(500);
    expect(cache.getTTL('c')).toBe(Infinity);
    expect(cache.getGivenTTL('a')).toBe(100);
    expect(cache.getGivenTTL('b')).toBe(500);
    expect(cache.getGivenTTL('c')).toBe(Infinity);
    expect(cache.getGivenTTL('zz')).toBeUndefined();
    clock.advance(100);
    expect(cache.touch('a')).toBe(false); // expired: not brought back
    expect(cache.get('a')).toBeUndefined();
  });

  it('knows the TTLs of a large cache: a first TTL given late, and entries without one past it', () => {
    // The TTLs are kept per slot from the first entry given one (here the 41st, slot 40) on.
    const cache = new Cache<number, number>({ maxCost: 1_000, clock: new ManualClock(), policy: 'lru' });
    for (let key = 0; key < 40; key++) cache.set(key, key);
    cache.set(40, 40, { ttl: 100 });
    for (let key = 41; key < 120; key++) cache.set(key, key);
    expect(cache.getGivenTTL(40)).toBe(100);
    for (const key of [0, 39, 41, 42, 119]) expect(cache.getGivenTTL(key), `key ${key}`).toBe(Infinity);
    cache.set(119, 119, { ttl: 200 });
    expect(cache.getGivenTTL(119)).toBe(200);
    expect(cache.getGivenTTL(40)).toBe(100);
  });

  it("a reused slot does not keep an earlier entry's TTL", () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 1, clock, policy: 'lru' });
    cache.set('a', 1, { ttl: 100 });
    cache.set('b', 2); // evicts a, takes its slot
    clock.advance(50);
    cache.touch('b');
    expect(cache.getTTL('b')).toBe(Infinity);
    expect(cache.getGivenTTL('b')).toBe(Infinity);
  });

  it("an entry written without a TTL after one with a TTL has none: a replace, or a freed slot's next key", () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 100 });
    cache.set('a', 2); // a replace without a TTL (nor keepTTL)
    cache.set('b', 1, { ttl: 100 });
    cache.delete('b');
    cache.set('c', 3); // takes b's freed slot
    for (const key of ['a', 'c']) {
      expect(cache.getGivenTTL(key)).toBe(Infinity);
      expect(cache.touch(key)).toBe(true);
    }
    clock.advance(200);
    expect([cache.get('a'), cache.get('c')]).toEqual([2, 3]);
    cache.close();
  });

  it("load() records each entry's TTL left as its given TTL, and none for an entry without, even in a freed slot", () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('x', 0, { ttl: 500 });
    cache.delete('x'); // its slot, freed, goes to the first entry loaded
    cache.load([
      ['b', { value: 2 }],
      ['a', { value: 1, ttl: 1000 }],
    ]);
    expect(cache.getGivenTTL('b')).toBe(Infinity);
    expect(cache.getGivenTTL('a')).toBe(1000);
    clock.advance(600);
    cache.touch('b');
    cache.touch('a'); // restarts a's 1,000 ms
    clock.advance(900);
    expect([cache.get('a'), cache.get('b')]).toEqual([1, 2]);
    // And the first TTL a fresh cache sees is a loaded one.
    const fresh = new Cache<string, number>({ maxCost: 10, clock });
    fresh.load([['a', { value: 1, ttl: 1000 }]]);
    expect(fresh.getGivenTTL('a')).toBe(1000);
    cache.close();
    fresh.close();
  });

  it('keepTTL keeps the TTL given with the expiry', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 300 });
    clock.advance(100);
    cache.set('a', 2, { keepTTL: true });
    expect([cache.getTTL('a'), cache.getGivenTTL('a')]).toEqual([200, 300]);
  });
});
