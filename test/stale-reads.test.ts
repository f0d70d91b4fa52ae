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

  it('keepTTL keeps the TTL given with the expiry', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1, { ttl: 300 });
    clock.advance(100);
    cache.set('a', 2, { keepTTL: true });
    expect([cache.getTTL('a'), cache.getGivenTTL('a')]).toEqual([200, 300]);
  });
});
