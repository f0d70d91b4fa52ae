// The expiry variants: a ttl function, idleTtl (expiry after a time without a get)
// and set(…, { keepTTL }), on a fake clock; their option checks; and resetStats().
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES } from '../src/index.js';
import { ManualClock, recorder, rng } from './helpers.js';

describe('ttl as a function', () => {
  it('gives each entry the TTL the function returns for its value and key', () => {
    const clock = new ManualClock();
    const seen: [string, number][] = [];
    const cache = new Cache<string, number>({
      maxCost: 10,
      clock,
      ttl: (value, key) => {
        seen.push([key, value]);
        return value;
      },
    });
    cache.set('short', 100);
    cache.set('long', 1000);
    cache.set('never', 0);
    expect(seen).toEqual([
      ['short', 100],
      ['long', 1000],
      ['never', 0],
    ]);
    expect(cache.getTTL('short')).toBe(100);
    expect(cache.getTTL('never')).toBe(Infinity);
    clock.advance(500);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')).toBe(1000);
    expect(cache.get('never')).toBe(0);
  });

  it("a call's own ttl wins over the function, which is then not called", () => {
    let calls = 0;
    const cache = new Cache<string, number>({ maxCost: 10, clock: new ManualClock(), ttl: () => (calls++, 50) });
    cache.set('a', 1, { ttl: 5000 });
    expect(calls).toBe(0);
    expect(cache.getTTL('a')).toBe(5000);
  });

  it('returning garbage is a TypeError or RangeError naming the ttl option; the cache is unchanged', () => {
    const answers: unknown[] = ['5', -1, NaN, null];
    let next = 0;
    const cache = new Cache<string, number>({
      maxCost: 10,
      clock: new ManualClock(),
      ttl: () => answers[next++] as number,
    });
    expect(() => cache.set('a', 1)).toThrow(TypeError);
    expect(() => cache.set('a', 1)).toThrow(
      /^cortado: the ttl option's function returned -1; it must return a number >= 0/,
    );
    expect(() => cache.set('a', 1)).toThrow(RangeError);
    expect(() => cache.set('a', 1)).toThrow(/ttl option's function returned null/);
    expect(cache.size).toBe(0);
  });

  it('a ttl function that throws, or that writes to the cache, leaves the cache unchanged', () => {
    let mode = 'ok';
    const cache: Cache<string, number> = new Cache<string, number>({
      maxCost: 10,
      clock: new ManualClock(),
      ttl: () => {
        if (mode === 'throw') throw new Error('no ttl today');
        if (mode === 'write') cache.set('other', 2);
        return 100;
      },
    });
    cache.set('a', 1);
    mode = 'throw';
    expect(() => cache.set('a', 9)).toThrow('no ttl today');
    mode = 'write';
    expect(() => cache.set('b', 9)).toThrow(/set: called from inside/);
    expect([...cache.entries()]).toEqual([['a', 1]]);
    expect(cache.getTTL('a')).toBe(100);
    mode = 'ok';
    expect(cache.set('b', 2)).toBe(true); // the cache is open again
  });
});

describe('idleTtl', () => {
  it.each(POLICIES)('%s: an entry expires after idleTtl without a get; each get restarts its clock', (policy) => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, policy, clock, idleTtl: 100 });
    cache.set('read', 1);
    cache.set('unread', 2);
    for (let i = 0; i < 5; i++) {
      clock.advance(60);
      expect(cache.get('read')).toBe(1);
    }
    expect(cache.has('unread')).toBe(false);
    expect(cache.get('unread')).toBeUndefined();
    clock.advance(99);
    expect(cache.get('read')).toBe(1);
  });

  it('peek() and has() do not restart the clock', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, idleTtl: 100 });
    cache.set('a', 1);
    clock.advance(60);
    expect(cache.peek('a')).toBe(1);
    expect(cache.has('a')).toBe(true);
    clock.advance(60);
    expect(cache.peek('a')).toBeUndefined();
  });

  it('combines with ttl: whichever comes first', () => {
    const clock = new ManualClock();
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, clock, idleTtl: 100, ttl: 250, ...r.options });
    cache.set('a', 1);
    cache.set('b', 2, { ttl: 50 });
    expect(cache.getTTL('a')).toBe(100);
    clock.advance(60);
    expect(cache.get('b')).toBeUndefined(); // its ttl came first
    expect(cache.get('a')).toBe(1);
    for (let i = 0; i < 3; i++) {
      clock.advance(60);
      expect(cache.get('a')).toBe(1);
    }
    expect(cache.getTTL('a')).toBe(10); // the ttl's deadline, not a full idleTtl
    clock.advance(10);
    expect(cache.get('a')).toBeUndefined();
    expect(r.evicted).toEqual([
      { key: 'b', value: 2, reason: 'expired' },
      { key: 'a', value: 1, reason: 'expired' },
    ]);
  });

  it('an entry load() puts back keeps its TTL deadline: reads restart idleTtl up to it, not past it', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, idleTtl: 100 });
    cache.load([['a', { value: 1, ttl: 150 }]]);
    expect(cache.getTTL('a')).toBe(100); // idleTtl comes first
    clock.advance(60);
    expect(cache.get('a')).toBe(1);
    clock.advance(60);
    expect(cache.get('a')).toBe(1); // read within idleTtl, but 30 ms from its TTL
    expect(cache.getTTL('a')).toBe(30);
    clock.advance(30);
    expect(cache.get('a')).toBeUndefined();
  });

  it('purgeExpired() removes idle entries, and a replace restarts the idle clock', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, idleTtl: 100 });
    cache.set('a', 1);
    cache.set('b', 2);
    clock.advance(80);
    cache.set('b', 3);
    clock.advance(40);
    expect(cache.purgeExpired()).toBe(1);
    expect([...cache.entries()]).toEqual([['b', 3]]);
  });

  it('idleTtl 0 or Infinity means none', () => {
    const clock = new ManualClock();
    for (const idleTtl of [0, Infinity]) {
      const cache = new Cache<string, number>({ maxCost: 10, clock, idleTtl });
      cache.set('a', 1);
      clock.advance(1e9);
      expect(cache.get('a')).toBe(1);
    }
  });
});

describe('idleTtl, ttl and keepTTL against a model', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: 3,000 random gets, peeks, sets and clock moves agree with the model', (seed) => {
    const next = rng(seed);
    const clock = new ManualClock();
    const cache = new Cache<number, number>({
      maxCost: 100,
      policy: 'lru',
      clock,
      idleTtl: 50,
      ttl: (value) => (value % 3 === 0 ? 0 : 120),
    });
    // The model: per key its value, its ttl deadline and the end of its idle time.
    const model = new Map<number, { value: number; deadline: number; idleEnd: number }>();
    const live = (key: number) => {
      const e = model.get(key);
      if (e === undefined || Math.min(e.deadline, e.idleEnd) <= clock.time) return (model.delete(key), undefined);
      return e;
    };
    for (let op = 0; op < 3000; op++) {
      const key = next(8);
      const roll = next(10);
      if (roll < 3) {
        const e = live(key);
        if (e !== undefined) e.idleEnd = clock.time + 50;
        expect(cache.get(key), `op ${op}: get(${key})`).toBe(e?.value);
      } else if (roll < 4) {
        expect(cache.peek(key), `op ${op}: peek(${key})`).toBe(live(key)?.value);
      } else if (roll < 7) {
        const value = next(1000);
        const keep = next(2) === 0 && live(key) !== undefined;
        cache.set(key, value, keep ? { keepTTL: true } : undefined);
        const old = model.get(key);
        if (keep) old!.value = value;
        else
          model.set(key, { value, deadline: value % 3 === 0 ? Infinity : clock.time + 120, idleEnd: clock.time + 50 });
      } else {
        clock.advance(next(30));
      }
    }
  });
});

describe('set(…, { keepTTL: true })', () => {
  it('replaces a value and keeps its expiry; a new key gets its TTL as usual', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, ttl: 1000 });
    cache.set('a', 1, { ttl: 100 });
    clock.advance(60);
    expect(cache.set('a', 2, { keepTTL: true })).toBe(true);
    expect(cache.getTTL('a')).toBe(40);
    expect(cache.set('b', 1, { keepTTL: true })).toBe(true);
    expect(cache.getTTL('b')).toBe(1000);
    clock.advance(40);
    expect(cache.get('a')).toBeUndefined();
    cache.set('c', 1, { ttl: 0 });
    cache.set('c', 2, { keepTTL: true });
    expect(cache.getTTL('c')).toBe(Infinity);
  });

  it('keeps no expiry where there was none, in a cache without TTLs', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1);
    cache.set('a', 2, { keepTTL: true });
    expect(cache.getTTL('a')).toBe(Infinity);
    expect(cache.get('a')).toBe(2);
  });

  it('keeps the idle deadline too: the replaced value still expires at the ttl deadline', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, idleTtl: 100, ttl: 150 });
    cache.set('a', 1);
    clock.advance(90);
    cache.set('a', 2, { keepTTL: true });
    expect(cache.getTTL('a')).toBe(10);
    clock.advance(5);
    expect(cache.get('a')).toBe(2);
    expect(cache.getTTL('a')).toBe(55); // the ttl deadline caps the restarted idle clock
  });
});

describe('option checks', () => {
  const cases: [string, object, ErrorConstructor, RegExp][] = [
    ['idleTtl negative', { idleTtl: -1 }, RangeError, /^cortado: idleTtl must be >= 0, got -1$/],
    ['idleTtl string', { idleTtl: '5' }, TypeError, /^cortado: idleTtl must be a number/],
    ['refreshAfter negative', { refreshAfter: -5 }, RangeError, /^cortado: refreshAfter must be >= 0, got -5$/],
    ['refreshAfter NaN', { refreshAfter: NaN }, RangeError, /^cortado: refreshAfter must not be NaN$/],
    ['load not a function', { load: 'db' }, TypeError, /^cortado: load must be a function, got "db"$/],
    [
      'waitUntil not a function',
      { waitUntil: {} },
      TypeError,
      /^cortado: waitUntil must be a function, got an object$/,
    ],
    ['ttl neither a number nor a function', { ttl: '5' }, TypeError, /^cortado: ttl must be a number/],
  ];
  it.each(cases)('%s', (_name, options, type, message) => {
    const attempt = () => new Cache({ maxCost: 10, ...options });
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });

  it('keepTTL must be a boolean, and cannot be combined with ttl; the cache is unchanged', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1);
    expect(() => cache.set('a', 2, { keepTTL: 'yes' as never })).toThrow(
      /^cortado: keepTTL must be a boolean, got "yes"$/,
    );
    expect(() => cache.set('a', 2, { keepTTL: true, ttl: 5 })).toThrow(TypeError);
    expect(() => cache.set('a', 2, { keepTTL: true, ttl: 5 })).toThrow(/keepTTL and ttl cannot be combined/);
    expect(cache.get('a')).toBe(1);
  });
});

describe('resetStats()', () => {
  it('zeroes every counter, the sketch count and the load counters included', async () => {
    const cache = new Cache<string, number>({
      maxCost: 1,
      policy: 'tinylfu',
      bufferItems: 1,
      load: (key) => key.length,
    });
    cache.set('a', 1);
    cache.get('a');
    cache.get('b');
    cache.set('b', 2);
    await cache.fetch('abc');
    await cache.fetch('x', { load: () => Promise.reject(new Error('down')) }).catch(() => {});
    const before = cache.stats();
    expect(Object.values(before).filter((v) => v !== 0).length).toBeGreaterThan(6);
    cache.resetStats();
    const after = cache.stats();
    for (const [name, value] of Object.entries(after)) expect([name, value]).toEqual([name, 0]);
    cache.get('a');
    expect(cache.stats().getsKept).toBe(1);
  });
});

describe('a TTL below the clock’s resolution', () => {
  it('still gives a deadline after now: the entry lives until the clock moves', () => {
    // Date.now()-sized times resolve to about 2^-12 ms: 1.7e12 + 1e-6 is 1.7e12 again.
    const clock = new ManualClock();
    clock.time = 1.7e12;
    expect(clock.time + 1e-6).toBe(clock.time);
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    expect(cache.set('a', 1, { ttl: 1e-6 })).toBe(true);
    expect(cache.get('a')).toBe(1);
    expect(cache.getTTL('a')).toBeGreaterThan(0);
    expect(cache.getTTL('a')).toBeLessThan(0.001);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });
});
