// Callbacks run after the cache has finished its own changes: one that throws leaves the cache
// consistent (and the error reaches the caller after every other callback ran), and calls made
// from inside a callback (delete, set, get) are safe.
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { ManualClock } from './helpers.js';

function consistent(cache: Cache<number, number>): void {
  let cost = 0;
  let count = 0;
  for (const [k, v] of cache.entries()) {
    expect(cache.peek(k)).toBe(v);
    cost += 1;
    count++;
  }
  expect(count).toBe(cache.size);
  expect(cache.cost).toBe(cost);
  expect(cache.cost).toBeLessThanOrEqual(cache.maxCost);
}

describe('throwing callbacks', () => {
  for (const policy of ['lru', 'tinylfu'] as const) {
    it(`onEvict throwing during set() (${policy}): the write happened, the error propagates`, () => {
      const cache = new Cache<number, number>({
        maxCost: 3,
        policy,
        onEvict: () => {
          throw new Error('evict boom');
        },
      });
      for (let i = 0; i < 3; i++) cache.set(i, i);
      for (let round = 0; round < 3; round++) for (let i = 0; i < 3; i++) cache.get(100 + i); // make newcomers popular
      let thrown = 0;
      for (let i = 100; i < 103; i++) {
        try {
          cache.set(i, i);
        } catch (e) {
          expect((e as Error).message).toBe('evict boom');
          thrown++;
        }
      }
      expect(thrown).toBeGreaterThan(0);
      consistent(cache);
      expect(cache.size).toBe(3);
    });
  }

  it('every queued callback still runs when the first throws; the first error wins', () => {
    const exits: number[] = [];
    const cache = new Cache<number, number>({
      maxCost: 10,
      policy: 'lru',
      onExit: (k) => {
        exits.push(k);
        if (k === 0) throw new Error('first');
        if (k === 1) throw new Error('second');
      },
    });
    for (let i = 0; i < 5; i++) cache.set(i, i);
    expect(() => cache.clear()).toThrow('first');
    expect(exits).toEqual([0, 1, 2, 3, 4]);
    expect(cache.size).toBe(0);
    consistent(cache);
  });

  it('onExit throwing on delete: the key is gone', () => {
    const cache = new Cache<number, number>({
      maxCost: 10,
      onExit: () => {
        throw new Error('exit boom');
      },
    });
    cache.set(1, 1);
    expect(() => cache.delete(1)).toThrow('exit boom');
    expect(cache.has(1)).toBe(false);
    consistent(cache);
  });

  /** What `call` threw (vitest's toThrow() also passes when `undefined` is thrown). */
  function thrownBy(call: () => unknown): unknown {
    try {
      call();
    } catch (error) {
      return error;
    }
    throw new Error('nothing was thrown');
  }

  it('the caller gets the very error the callback threw: onExit alone, or the first of two onEvicts', () => {
    const exitError = new Error('exit boom');
    const exiting = new Cache<number, number>({
      maxCost: 10,
      onExit: () => {
        throw exitError;
      },
    });
    exiting.set(1, 1);
    expect(thrownBy(() => exiting.delete(1))).toBe(exitError);
    // One set() that evicts two entries, each onEvict throwing its own error: the first wins.
    const evicted: number[] = [];
    const errors = new Map<number, Error>();
    const evicting = new Cache<number, number>({
      maxCost: 3,
      policy: 'lru',
      onEvict: (key) => {
        evicted.push(key);
        errors.set(key, new Error(`evict ${key}`));
        throw errors.get(key);
      },
    });
    for (let i = 0; i < 3; i++) evicting.set(i, i);
    expect(thrownBy(() => evicting.set(9, 9, { cost: 2 }))).toBe(errors.get(0));
    expect(evicted).toEqual([0, 1]);
    expect([...evicting.keys()].sort()).toEqual([2, 9]);
    expect(evicting.cost).toBe(3);
  });

  it('load() holds the callbacks until every entry is in: each one sees the whole load', () => {
    const seen: boolean[] = [];
    const cache = new Cache<number, number>({
      maxCost: 3,
      policy: 'lru',
      onEvict: () => {
        seen.push(cache.has(13));
      },
    });
    for (let i = 0; i < 3; i++) cache.set(i, i);
    const entries = [10, 11, 12, 13].map((key) => [key, { value: key }] as const);
    for (const admit of [true, false]) {
      seen.length = 0;
      cache.delete(13);
      cache.load(entries, { admit });
      expect(seen.length, `admit: ${admit}`).toBeGreaterThan(0);
      expect(seen, `admit: ${admit}`).toEqual(seen.map(() => true));
    }
  });

  it('onReject throwing: the value is not cached, the cache unchanged', () => {
    const cache = new Cache<number, number>({
      maxCost: 2,
      onReject: () => {
        throw new Error('reject boom');
      },
    });
    cache.set(1, 1);
    expect(() => cache.set(2, 2, { cost: 5 })).toThrow('reject boom');
    expect([...cache.keys()]).toEqual([1]);
    consistent(cache);
  });

  it('an expiry callback throwing on get(): the expired entry is gone and get throws', () => {
    const clock = new ManualClock();
    const cache = new Cache<number, number>({
      maxCost: 10,
      clock,
      onEvict: () => {
        throw new Error('expired boom');
      },
    });
    cache.set(1, 1, { ttl: 5 });
    clock.advance(5);
    expect(() => cache.get(1)).toThrow('expired boom');
    expect(cache.size).toBe(0);
    expect(cache.get(1)).toBeUndefined();
  });
});

describe('calls from inside callbacks', () => {
  it('delete() of another key inside onEvict', () => {
    const cache: Cache<number, number> = new Cache<number, number>({
      maxCost: 4,
      policy: 'lru',
      onEvict: (k) => {
        cache.delete(k + 1); // drop the neighbour too
      },
    });
    for (let i = 0; i < 4; i++) cache.set(i, i);
    cache.set(10, 10); // evicts 0, whose callback deletes 1
    expect([...cache.keys()].sort((a, b) => a - b)).toEqual([2, 3, 10]);
    consistent(cache);
  });

  it('set() inside onEvict (re-inserting the victim elsewhere) stays within budget', () => {
    const cache: Cache<number, number> = new Cache<number, number>({
      maxCost: 3,
      policy: 'lru',
      onEvict: (k, v, reason) => {
        if (reason === 'capacity' && k < 100) cache.set(k + 1000, v);
      },
    });
    for (let i = 0; i < 10; i++) cache.set(i, i);
    expect(cache.size).toBe(3);
    consistent(cache);
  });

  it('get() and iteration inside onExit see a consistent cache', () => {
    const seen: number[] = [];
    const cache: Cache<number, number> = new Cache<number, number>({
      maxCost: 2,
      policy: 'lru',
      onExit: (k) => {
        expect(cache.get(k)).toBeUndefined(); // already gone when the callback runs
        seen.push(cache.size);
        for (const [key, value] of cache) expect(cache.peek(key)).toBe(value);
      },
    });
    for (let i = 0; i < 5; i++) cache.set(i, i);
    expect(seen).toEqual([2, 2, 2]);
  });

  it('clear() inside onEvict', () => {
    const cache: Cache<number, number> = new Cache<number, number>({
      maxCost: 2,
      policy: 'lru',
      onEvict: () => cache.clear(),
    });
    cache.set(1, 1);
    cache.set(2, 2);
    cache.set(3, 3); // evicts 1, then clears everything
    expect(cache.size).toBe(0);
    consistent(cache);
  });

  it('close() inside a callback makes later calls throw, without corrupting the call that fired it', () => {
    const cache: Cache<number, number> = new Cache<number, number>({
      maxCost: 1,
      policy: 'lru',
      onEvict: () => cache.close(),
    });
    cache.set(1, 1);
    expect(cache.set(2, 2)).toBe(true);
    expect(() => cache.get(2)).toThrow(/closed/);
  });
});
