// Defects found by using the cache as a hostile user would, one test (or a few) named after each:
// an unbounded budget made finite again, a dump that its own load() refused, options read when a
// load ends rather than when fetch() is called, a fetch() from inside its own load, options and
// entries whose getters answer differently on a second read, a TTL lost to the clock's rounding,
// setIfPresent() of an absent key cancelling a load, tinylfu's peekVictim() past an expired entry,
// and unknown options inherited from a prototype.
import { describe, expect, it } from 'vitest';
import { Cache, memoize } from '../src/index.js';
import { ManualClock } from './helpers.js';

/** A scan of `n` one-time keys, then `hot` keys read `reads` times each, into `cache`. */
function hotAfterScan(cache: Cache<string, number>, hot: number, reads: number): number {
  for (let r = 0; r < reads; r++) {
    for (let i = 0; i < hot; i++) if (cache.get(`hot${i}`) === undefined) cache.set(`hot${i}`, i);
  }
  for (let i = 0; i < 2000; i++) cache.set(`scan${i}`, i);
  let kept = 0;
  for (let i = 0; i < hot; i++) if (cache.has(`hot${i}`)) kept++;
  return kept;
}

describe('maxCost Infinity, then finite', () => {
  it('w-tinylfu keeps a window share (not NaN) and admission runs once the budget is finite', () => {
    const fresh = new Cache<string, number>({ maxCost: 100, seed: 1 });
    const once = new Cache<string, number>({ maxCost: Infinity, seed: 1 });
    once.maxCost = 100;
    const keptFresh = hotAfterScan(fresh, 50, 4);
    const keptOnce = hotAfterScan(once, 50, 4);
    expect(keptFresh).toBeGreaterThanOrEqual(45);
    expect(keptOnce).toBeGreaterThanOrEqual(45);
  });

  it('w-tinylfu: load(JSON(dump())) of a cache that was unbounded round-trips', () => {
    const cache = new Cache<string, number>({ maxCost: Infinity, seed: 2 });
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, i);
    const dumped = JSON.parse(JSON.stringify(cache.dump())) as ReturnType<typeof cache.dump>;
    for (const [, entry] of dumped) expect(Number.isFinite(entry.policy!.window)).toBe(true);
    const copy = new Cache<string, number>({ maxCost: Infinity, seed: 2 });
    expect(() => copy.load(dumped)).not.toThrow();
    expect(copy.size).toBe(20);
    copy.maxCost = 10;
    expect(copy.size).toBe(10);
    expect(() => copy.load(JSON.parse(JSON.stringify(copy.dump())))).not.toThrow();
  });

  it("cachekit's ARC: a finite target in dump() and a working cache after maxCost becomes finite", () => {
    const cache = new Cache<number, number>({ maxCost: Infinity, policy: { name: 'arc', variant: 'cachekit' } });
    for (let i = 0; i < 10; i++) cache.set(i, i);
    const dumped = JSON.parse(JSON.stringify(cache.dump())) as ReturnType<typeof cache.dump>;
    expect(Number.isFinite(dumped[0]![1].policy!.target)).toBe(true);
    const copy = new Cache<number, number>({ maxCost: Infinity, policy: { name: 'arc', variant: 'cachekit' } });
    expect(() => copy.load(dumped)).not.toThrow();
    cache.maxCost = 4;
    expect(cache.size).toBe(4);
    for (let i = 10; i < 100; i++) {
      cache.set(i, i);
      cache.get(i - 1);
    }
    expect(cache.size).toBe(4);
    expect(() => cache.load(JSON.parse(JSON.stringify(cache.dump())))).not.toThrow();
  });
});

describe("tinylfu's dump of a hot key", () => {
  it('load() accepts the frequency its own dump() writes (sketch maximum plus the doorkeeper bit)', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu', seed: 3 });
    cache.set('hot', 1);
    for (let i = 0; i < 40; i++) cache.get('hot');
    const dumped = cache.dump();
    expect(dumped[0]![1].policy!.freq).toBe(16);
    const copy = new Cache<string, number>({ maxCost: 10, policy: 'tinylfu', seed: 3 });
    copy.load(JSON.parse(JSON.stringify(dumped)));
    expect(copy.get('hot')).toBe(1);
    expect(copy.dump()[0]![1].policy!.freq).toBe(16);
    expect(() => copy.load([['x', { value: 1, policy: { name: 'tinylfu', freq: 17 } }]])).toThrow(/freq/);
  });
});

describe('fetch() options', () => {
  it('are read when fetch() is called, not when the load ends (a reused options object)', async () => {
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load: async (key) => key });
    const options: { ttl?: number } = {};
    const loads: Promise<string | undefined>[] = [];
    for (const [key, ttl] of [
      ['a', 60_000],
      ['b', 60_000],
      ['c', 50],
    ] as const) {
      options.ttl = ttl;
      loads.push(cache.fetch(key, options));
    }
    await Promise.all(loads);
    expect(cache.getTTL('a')).toBe(60_000);
    expect(cache.getTTL('c')).toBe(50);
  });

  it('an options object made invalid after the call does not reject the waiters', async () => {
    const cache = new Cache<string, string>({ maxCost: 10, load: async (key) => key });
    const options: { ttl?: unknown } = { ttl: 1000 };
    const loading = cache.fetch('a', options as { ttl: number });
    options.ttl = -1;
    await expect(loading).resolves.toBe('a');
    expect(cache.get('a')).toBe('a');
  });
});

describe('a re-entrant fetch() of the same key', () => {
  it('returns a promise that rejects naming the cycle, never undefined', async () => {
    let inner: unknown;
    const cache = new Cache<string, string>({
      maxCost: 10,
      load: (key) => {
        inner = cache.fetch(key);
        return 'outer';
      },
    });
    await expect(cache.fetch('a')).resolves.toBe('outer');
    expect(inner).toBeInstanceOf(Promise);
    await expect(inner).rejects.toThrow(/"a".*own load.*cycle/);
  });

  it('memoize() over a cyclic graph rejects instead of returning a wrong result', async () => {
    const graph: Record<string, string | null> = { a: 'b', b: 'a' };
    const cache = new Cache<string, unknown>({ maxCost: 10 });
    const walk: (node: string) => Promise<unknown> = memoize<[string], Promise<unknown>, string>(
      async (node: string): Promise<unknown> => {
        const next = graph[node];
        return [node, next === null ? null : await walk(next!)];
      },
      { cache, key: (node: string) => node },
    );
    await expect(walk('a')).rejects.toThrow(/cycle/);
  });
});

describe('options and entries read once', () => {
  it('a cost getter that changes on a later read cannot unbound the cache', () => {
    const cache = new Cache<string, number>({ maxCost: 3, policy: 'lru' });
    for (let i = 0; i < 100; i++) {
      let reads = 0;
      cache.set(`k${i}`, i, {
        get cost() {
          return ++reads >= 3 ? NaN : 1;
        },
      });
    }
    expect(cache.size).toBe(3);
    expect(cache.cost).toBe(3);
  });

  it('a load() entry whose value getter answers undefined on a second read stores the checked value', () => {
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru' });
    let reads = 0;
    const entry = {
      get value() {
        return ++reads === 1 ? 7 : undefined;
      },
    };
    cache.load([['k', entry as unknown as { value: number }]]);
    expect(cache.get('k')).toBe(7);
    cache.set('x', 1);
    cache.set('y', 2); // evicts: must not find a slot without an entry
    expect(cache.size).toBe(2);
  });

  it('constructor options behind a Proxy are read once each', () => {
    const reads = new Map<PropertyKey, number>();
    const options = new Proxy(
      { maxCost: 10, ttl: 1000 },
      {
        get(target, name, receiver) {
          reads.set(name, (reads.get(name) ?? 0) + 1);
          return Reflect.get(target, name, receiver) as unknown;
        },
      },
    );
    const cache = new Cache<string, number>(options);
    expect(cache.maxCost).toBe(10);
    expect(reads.get('maxCost')).toBe(1);
    expect(reads.get('ttl')).toBe(1);
  });

  it('an unknown option inherited from a prototype is rejected', () => {
    const inherited = Object.create({ maxcost: 5 }) as { maxCost: number };
    inherited.maxCost = 10;
    expect(() => new Cache(inherited)).toThrow(/unknown option "maxcost"/);
    const setOptions = Object.create({ tll: 5 }) as object;
    const cache = new Cache<string, number>({ maxCost: 10 });
    expect(() => cache.set('a', 1, setOptions)).toThrow(/unknown set\(\) option "tll"/);
    expect(cache.has('a')).toBe(false);
  });

  it('a known option inherited from a prototype is used', () => {
    const cache = new Cache<string, number>(Object.create({ maxCost: 2 }) as { maxCost: number });
    expect(cache.maxCost).toBe(2);
  });
});

describe('a TTL smaller than the clock resolves', () => {
  it('set() with ttl 0.0001 on a Date.now-sized clock returns true and the value is readable', () => {
    const clock = new ManualClock();
    clock.time = 1.7e12;
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    expect(cache.set('a', 1, { ttl: 0.0001 })).toBe(true);
    expect(cache.get('a')).toBe(1);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('load() restores such an entry as live', () => {
    const clock = new ManualClock();
    clock.time = 1.7e12;
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.load([['a', { value: 1, ttl: 0.0001 }]]);
    expect(cache.get('a')).toBe(1);
  });
});

describe('setIfPresent() of an absent key', () => {
  it('does not cancel the store of a load in flight', async () => {
    let loads = 0;
    let finish!: (value: string) => void;
    const cache = new Cache<string, string>({
      maxCost: 10,
      load: () => {
        loads++;
        return new Promise<string>((resolve) => (finish = resolve));
      },
    });
    const loading = cache.fetch('a');
    expect(cache.setIfPresent('a', 'ignored')).toBe(false);
    finish('loaded');
    await expect(loading).resolves.toBe('loaded');
    expect(cache.get('a')).toBe('loaded');
    await cache.fetch('a');
    expect(loads).toBe(1);
  });

  it('of a present key still wins over the load in flight', async () => {
    let finish!: (value: string) => void;
    const cache = new Cache<string, string>({
      maxCost: 10,
      load: () => new Promise<string>((resolve) => (finish = resolve)),
    });
    cache.set('a', 'old');
    const loading = cache.fetch('a', { forceRefresh: true });
    expect(cache.setIfPresent('a', 'written')).toBe(true);
    finish('loaded');
    await loading;
    expect(cache.get('a')).toBe('written');
  });
});

describe("tinylfu's peekVictim() past an expired entry", () => {
  it('names the key evictOne() removes, over 200 seeded caches', () => {
    let checked = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const clock = new ManualClock();
      const cache = new Cache<number, number>({ maxCost: 12, policy: 'tinylfu', seed, clock });
      for (let i = 0; i < 12; i++) cache.set(i, i, { ttl: i % 3 === 0 ? 10 : 1000 });
      for (let i = 0; i < 12; i += 2) cache.get(i);
      clock.advance(20); // every third entry has expired
      while (cache.size > 0) {
        const named = cache.peekVictim();
        const removed = cache.evictOne();
        expect(removed?.[0]).toBe(named);
        if (removed === undefined) break;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('a callback that throws while a loaded value is stored', () => {
  it('leaves one outcome: every waiter gets the value, the cache holds it, and the error is raised on its own', async () => {
    const raised: unknown[] = [];
    const global = globalThis as { reportError?: (error: unknown) => void };
    global.reportError = (error) => raised.push(error);
    try {
      const cache = new Cache<string, string>({
        maxCost: 1,
        policy: 'lru',
        load: async (key) => `loaded ${key}`,
        onExit: () => {
          throw new Error('listener failed');
        },
      });
      expect(() => cache.set('old', 'x')).not.toThrow(); // nothing leaves: no callback yet
      const waiters = [cache.fetch('a'), cache.fetch('a')];
      await expect(Promise.all(waiters)).resolves.toEqual(['loaded a', 'loaded a']);
      expect(cache.get('a')).toBe('loaded a'); // stored: 'old' was evicted, and onExit threw for it
      expect(cache.stats().loadSuccesses).toBe(1);
      expect(cache.stats().loadFailures).toBe(0);
      expect(raised).toHaveLength(1);
      expect(String(raised[0])).toMatch(/listener failed/);
    } finally {
      delete global.reportError;
    }
  });
});
