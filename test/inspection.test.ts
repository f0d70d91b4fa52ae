// Inspection and persistence (info, peekVictim, evictOne, coldest, hottest, dump, load) for every
// policy and variant of the registry: the order shown is the order evictions follow, inspecting
// changes nothing, and load(dump()) gives a cache back.
import { describe, expect, it } from 'vitest';
import { Cache, type PolicySpec } from '../src/index.js';
import { ALL_POLICIES } from '../src/policies/machinery/all.js';
import { ManualClock, recorder, rng } from './helpers.js';

/** Every policy and variant the registry ships, as the spec that names it. */
const SPECS: { label: string; spec: PolicySpec }[] = ALL_POLICIES.flatMap((d) =>
  d.variants.length === 0
    ? [{ label: d.name, spec: d.name as PolicySpec }]
    : d.variants.map((variant) => ({ label: `${d.name}:${variant}`, spec: { name: d.name, variant } as PolicySpec })),
);

/** Sampled LFU: the next victim is known (its sample is drawn at peek time), the ones after it are not. */
const SAMPLED = new Set(['tinylfu:ristretto', 'tinylfu:discount']);
/**
 * The policies whose load(dump()) gives back the same victims in the same order: every policy
 * README says it holds for (w-tinylfu: its segments, window share and
 * estimates are noted; in a fresh sketch, estimates that collided in the old one could differ).
 * Not random (its generator state), lirs (its stack) and tinylfu (sampled).
 */
const ROUND_TRIP = [
  'fifo',
  'lru',
  'lifo',
  'mru',
  'clock',
  'sieve',
  's3-fifo',
  '2q',
  'slru',
  'arc',
  'fast-lru',
  'lru-k',
  'lfu',
  'heap-lfu',
  'mfu',
  'car',
  'clock-pro',
  'nru',
  'w-tinylfu',
];

/** A cache of `label`'s policy after a mixed run of sets, gets and deletes (seeded, so repeatable). */
function warmed(spec: PolicySpec, seed: number, options: { maxCost?: number; costs?: boolean } = {}) {
  const maxCost = options.maxCost ?? 40;
  const cache = new Cache<number, string>({ maxCost, policy: spec, seed: 7 });
  const next = rng(seed);
  for (let i = 0; i < 1500; i++) {
    const key = next(120);
    const op = next(10);
    if (op < 5) cache.get(key);
    else if (op < 9) cache.set(key, `v${key}`, options.costs ? { cost: 1 + next(4) } : undefined);
    else cache.delete(key);
  }
  return cache;
}

/** Empties a cache with evictOne(), checking that each removal is the key peekVictim() named. */
function drain(cache: Cache<number, string>): number[] {
  const removed: number[] = [];
  for (let entry = cache.peekVictim(); entry !== undefined; entry = cache.peekVictim()) {
    const evicted = cache.evictOne();
    expect(evicted?.[0]).toBe(entry);
    removed.push(entry);
  }
  expect(cache.evictOne()).toBeUndefined();
  return removed;
}

describe.each(SPECS)('$label', ({ label, spec }) => {
  it('peekVictim() names what evictOne() removes, until the cache is empty, and coldest(1) agrees', () => {
    for (const seed of [1, 2, 3]) {
      const cache = warmed(spec, seed, { costs: seed === 3 });
      expect(cache.size).toBeGreaterThan(10);
      const keys = new Set(cache.keys());
      expect(cache.coldest(1)).toEqual([cache.peekVictim()]);
      const removed = drain(cache);
      expect(new Set(removed)).toEqual(keys);
      expect(removed.length).toBe(keys.size);
      expect(cache.size).toBe(0);
      expect(cache.cost).toBe(0);
    }
  });

  it('coldest() is the order repeated evictOne() calls follow (sampled LFU: its first key)', () => {
    for (const seed of [4, 5]) {
      const cache = warmed(spec, seed, { costs: seed === 5 });
      const coldest = cache.coldest();
      expect(new Set(coldest)).toEqual(new Set(cache.keys()));
      expect(coldest.length).toBe(cache.size);
      const removed = drain(cache);
      if (SAMPLED.has(label)) expect(removed[0]).toBe(coldest[0]);
      else expect(removed).toEqual(coldest);
    }
  });

  it('hottest() is coldest() from the other end; n limits both', () => {
    const cache = warmed(spec, 6);
    const coldest = cache.coldest();
    expect(cache.hottest()).toEqual([...coldest].reverse());
    expect(cache.coldest(3)).toEqual(coldest.slice(0, 3));
    expect(cache.hottest(3)).toEqual([...coldest].reverse().slice(0, 3));
    expect(cache.coldest(0)).toEqual([]);
    expect(cache.hottest(10_000)).toHaveLength(cache.size);
  });

  it('inspecting changes nothing: a twin cache that was never inspected evicts the same keys', () => {
    // Sampled LFU draws its next sample when peeked (that is how peekVictim and evictOne agree),
    // so later samples differ from an uninspected twin's: its guarantee is the next test's.
    if (SAMPLED.has(label)) return;
    const inspected = warmed(spec, 8);
    const twin = warmed(spec, 8);
    const before = twin.stats();
    inspected.peekVictim();
    inspected.coldest();
    inspected.hottest(5);
    inspected.dump();
    for (const key of inspected.keys()) inspected.info(key);
    expect(inspected.stats()).toEqual(before);
    const run = (cache: Cache<number, string>) => {
      const events = recorder<number, string>();
      const next = rng(9);
      for (let i = 0; i < 400; i++) {
        const key = next(200);
        if (i % 3 === 0) cache.get(key);
        else if (!cache.set(key, 'x')) events.rejected.push({ key, value: 'x' });
      }
      return { keys: [...cache.keys()], rejected: events.rejected };
    };
    expect(run(inspected)).toEqual(run(twin));
    expect(inspected.coldest()).toEqual(twin.coldest());
    expect(inspected.dump()).toEqual(twin.dump()); // the policies' notes too
  });

  it('peekVictim() is the key the next set() of a new key evicts (model test, onEvict)', () => {
    const events = recorder<number, number>();
    // A sketch large enough never to age or collide in this run, and a fixed window: the
    // next set() then changes nothing that peekVictim() assumed (README: "Inspection").
    const sketched = label.startsWith('w-tinylfu') ? { numCounters: 1 << 16 } : {};
    const policy: PolicySpec = label === 'w-tinylfu' ? { name: 'w-tinylfu', adaptive: false } : spec;
    const cache = new Cache<number, number>({ maxCost: 30, policy, seed: 3, ...sketched, ...events.options });
    const next = rng(11);
    let fresh = 1_000_000; // keys never seen before: no ghost, no sketch count
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const op = next(10);
      if (op < 4) {
        cache.get(next(60));
      } else if (op < 7) {
        cache.set(next(60), i);
      } else if (cache.size === cache.maxCost) {
        const victim = cache.peekVictim();
        const before = events.evicted.length;
        const admitted = cache.set(fresh++, i);
        if (!admitted) continue; // admission refused the newcomer: nothing was evicted for it
        expect(events.evicted.slice(before).map((e) => e.key)).toEqual([victim]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('load(dump()) into an empty cache of the same policy gives the same keys, values, costs and TTLs', () => {
    const clock = new ManualClock();
    const original = new Cache<number, string>({ maxCost: 60, policy: spec, seed: 7, clock });
    const next = rng(12);
    for (let i = 0; i < 1000; i++) {
      const key = next(100);
      if (next(2) === 0) original.get(key);
      else original.set(key, `v${key}`, { cost: 1 + next(3), ttl: next(4) === 0 ? 50_000 + next(1000) : 0 });
    }
    const dump = original.dump();
    // Through JSON, as a process restart would take it (Infinity becomes null there).
    const copy = new Cache<number, string>({ maxCost: 60, policy: spec, seed: 7, clock });
    expect(copy.load(JSON.parse(JSON.stringify(dump)))).toBe(dump.length);
    expect(new Set(copy.keys())).toEqual(new Set(original.keys()));
    for (const key of original.keys()) expect(copy.info(key)).toEqual(original.info(key));
    expect(copy.cost).toBe(original.cost);
    if (ROUND_TRIP.includes(label.split(':')[0]!)) {
      expect(copy.coldest()).toEqual(original.coldest());
      expect(drain(copy)).toEqual(drain(original));
    }
  });
});

describe('info()', () => {
  it('gives value, cost and the TTL left (Infinity without one), or undefined', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 100, policy: 'lru', clock });
    cache.set('a', 1, { cost: 5, ttl: 1000 });
    cache.set('b', 2);
    clock.advance(400);
    expect(cache.info('a')).toEqual({ value: 1, cost: 5, ttl: 600 });
    expect(cache.info('b')).toEqual({ value: 2, cost: 1, ttl: Infinity });
    expect(cache.info('c')).toBeUndefined();
    clock.advance(600);
    expect(cache.info('a')).toBeUndefined(); // expired: gone for info() too, but not removed by it
    expect(cache.size).toBe(2);
  });

  it('with idleTtl, `idle` is the time until it expires unless read, `ttl` the deadline', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 100, policy: 'lru', clock, idleTtl: 100, ttl: 1000 });
    cache.set('a', 1);
    clock.advance(30);
    expect(cache.info('a')).toEqual({ value: 1, cost: 1, ttl: 970, idle: 70 });
    cache.get('a');
    expect(cache.info('a')).toEqual({ value: 1, cost: 1, ttl: 970, idle: 100 });
  });

  it('records nothing: no hit, no recency, no sketch count', () => {
    const cache = new Cache<number, number>({ maxCost: 3, policy: 'lru' });
    for (let i = 0; i < 3; i++) cache.set(i, i);
    const stats = cache.stats();
    expect(cache.info(0)?.value).toBe(0);
    expect(cache.stats()).toEqual(stats);
    expect(cache.peekVictim()).toBe(0); // still the least recently used
  });
});

describe('policy orders (README table)', () => {
  const fill = (policy: PolicySpec) => {
    const cache = new Cache<string, number>({ maxCost: 10, policy });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, 0);
    cache.get('b');
    cache.get('b');
    cache.get('a');
    return cache;
  };
  it('lru: least recently used first; fifo: oldest insert first; lifo and mru: newest first', () => {
    expect(fill('lru').coldest()).toEqual(['c', 'd', 'b', 'a']);
    expect(fill('lru').hottest(1)).toEqual(['a']);
    expect(fill('fifo').coldest()).toEqual(['a', 'b', 'c', 'd']);
    expect(fill('lifo').coldest()).toEqual(['d', 'c', 'b', 'a']);
    expect(fill('mru').coldest()).toEqual(['a', 'b', 'd', 'c']);
  });
  it('lfu: fewest accesses first, least recent first among equals', () => {
    expect(fill({ name: 'lfu', variant: 'cortado' }).coldest()).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('evictOne()', () => {
  it('is a capacity eviction: callbacks with "capacity", keysEvicted and costEvicted count it', () => {
    const events = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 100, policy: 'lru', ...events.options });
    cache.set('a', 1, { cost: 7 });
    cache.set('b', 2, { cost: 3 });
    expect(cache.evictOne()).toEqual(['a', 1]);
    expect(events.evicted).toEqual([{ key: 'a', value: 1, reason: 'capacity' }]);
    expect(events.exits).toEqual([{ key: 'a', value: 1, reason: 'capacity' }]);
    expect(cache.stats()).toMatchObject({ keysEvicted: 1, costEvicted: 7 });
    expect(cache.cost).toBe(3);
    expect(cache.has('a')).toBe(false);
  });

  it('an expired entry the policy reaches first leaves as expired, and the next live one is evicted', () => {
    const events = recorder<string, number>();
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 100, policy: 'fifo', clock, ...events.options });
    cache.set('old', 1, { ttl: 10 });
    cache.set('live', 2);
    clock.advance(10);
    expect(cache.peekVictim()).toBe('live'); // expired entries never appear
    expect(cache.coldest()).toEqual(['live']);
    expect(cache.dump().map((e) => e[0])).toEqual(['live']);
    expect(cache.evictOne()).toEqual(['live', 2]);
    expect(events.evicted).toEqual([
      { key: 'old', value: 1, reason: 'expired' },
      { key: 'live', value: 2, reason: 'capacity' },
    ]);
    expect(cache.stats()).toMatchObject({ keysExpired: 1, keysEvicted: 1 });
    expect(cache.size).toBe(0);
  });

  it('a throwing onEvict reaches the caller after the eviction is complete: the cache stays consistent', () => {
    const cache = new Cache<string, number>({
      maxCost: 100,
      policy: 's3-fifo',
      onEvict: () => {
        throw new Error('boom');
      },
    });
    for (const key of ['a', 'b', 'c']) cache.set(key, 1, { cost: 2 });
    expect(() => cache.evictOne()).toThrow('boom');
    expect(cache.size).toBe(2);
    expect(cache.cost).toBe(4);
    expect(cache.has('a')).toBe(false);
    expect(cache.coldest()).toEqual(['b', 'c']);
    expect(() => cache.evictOne()).toThrow('boom');
    expect([...cache.keys()]).toEqual(['c']);
    expect(cache.stats()).toMatchObject({ keysEvicted: 2, costEvicted: 4 });
  });

  it('on an empty cache: peekVictim and evictOne give undefined, coldest/hottest/dump nothing', () => {
    for (const { spec } of SPECS) {
      const cache = new Cache<string, number>({ maxCost: 10, policy: spec });
      expect(cache.peekVictim()).toBeUndefined();
      expect(cache.evictOne()).toBeUndefined();
      expect(cache.coldest()).toEqual([]);
      expect(cache.hottest()).toEqual([]);
      expect(cache.dump()).toEqual([]);
    }
  });
});

describe('dump()', () => {
  it('gives [key, { value, cost, ttl, policy }] next victim first, JSON-serializable', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, { n: number }>({ maxCost: 100, policy: 'slru', clock });
    cache.set('a', { n: 1 }, { cost: 2, ttl: 500 });
    cache.set('b', { n: 2 });
    cache.get('a'); // promoted: protected
    clock.advance(100);
    const dump = cache.dump();
    // cachekit's SLRU takes protected's victims while probation is within its share (25 of 100).
    expect(dump).toEqual([
      ['a', { value: { n: 1 }, cost: 2, ttl: 400, policy: { name: 'slru', segment: 'protected' } }],
      ['b', { value: { n: 2 }, cost: 1, ttl: Infinity, policy: { name: 'slru', segment: 'probation' } }],
    ]);
    expect(JSON.parse(JSON.stringify(dump))[1][1].ttl).toBeNull();
  });
});

describe('load()', () => {
  it('respects remaining TTLs, skips expired entries (ttl <= 0), reads null and Infinity as no TTL', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 100, policy: 'lru', clock });
    expect(
      cache.load([
        ['a', { value: 1, cost: 1, ttl: 300 }],
        ['gone', { value: 2, cost: 1, ttl: 0 }],
        ['late', { value: 3, cost: 1, ttl: -5 }],
        ['n', { value: 4, cost: 1, ttl: null }],
        ['i', { value: 5, cost: 1, ttl: Infinity }],
      ]),
    ).toBe(3);
    expect([...cache.keys()]).toEqual(['a', 'n', 'i']);
    expect(cache.getTTL('a')).toBe(300);
    expect(cache.getTTL('n')).toBe(Infinity);
    clock.advance(300);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('i')).toBe(5);
  });

  it('uses the cache defaults for a hand-written list: the coster, the default ttl', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 100, policy: 'fifo', clock, ttl: 1000, cost: (v) => v.length });
    cache.load([['a', { value: 'xyz' }]]);
    expect(cache.info('a')).toEqual({ value: 'xyz', cost: 3, ttl: 1000 });
  });

  it('bypasses admission by default (a warm start is warm); { admit: true } goes through set()', () => {
    const make = () => {
      const events = recorder<number, number>();
      const cache = new Cache<number, number>({ maxCost: 20, policy: 'tinylfu', seed: 1, ...events.options });
      for (let round = 0; round < 20; round++)
        for (let k = 0; k < 20; k++) if (cache.get(k) === undefined) cache.set(k, k);
      return { cache, events };
    };
    const entries = Array.from({ length: 10 }, (_, i) => [100 + i, { value: i, cost: 1, ttl: null }] as const);
    const restored = make();
    expect(restored.cache.load(entries)).toBe(10);
    for (let i = 0; i < 10; i++) expect(restored.cache.has(100 + i)).toBe(true);
    expect(restored.events.rejected).toEqual([]);
    const admitted = make();
    expect(admitted.cache.load(entries, { admit: true })).toBeLessThan(10);
    expect(admitted.events.rejected.length).toBeGreaterThan(0);
  });

  it('replaces cached keys (onExit "replace"), refuses a value too costly as set() does, evicts beyond the budget', () => {
    const events = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru', ...events.options });
    cache.set('a', 1);
    cache.set('z', 26, { cost: 5 });
    const loaded = cache.load([
      ['a', { value: 2, cost: 1, ttl: null }],
      ['big', { value: 3, cost: 11, ttl: null }],
      ['b', { value: 4, cost: 4, ttl: null }],
      ['c', { value: 5, cost: 2, ttl: null }],
    ]);
    expect(loaded).toBe(3);
    expect(cache.get('a')).toBe(2);
    expect(cache.has('big')).toBe(false);
    expect(cache.has('z')).toBe(false); // the least recent, evicted to fit the loaded entries
    expect(cache.cost).toBe(7);
    expect(events.exits).toEqual([
      { key: 'a', value: 1, reason: 'replace' },
      { key: 'big', value: 3, reason: 'rejected' },
      { key: 'z', value: 26, reason: 'capacity' },
    ]);
    expect(cache.stats()).toMatchObject({ keysAdded: 4, keysUpdated: 1, setsRejected: 1, keysEvicted: 1 });
  });

  it('a key given twice keeps the later entry', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'fifo' });
    cache.load([
      ['a', { value: 1, cost: 1, ttl: null }],
      ['b', { value: 2, cost: 1, ttl: null }],
      ['a', { value: 3, cost: 2, ttl: null }],
    ]);
    expect(cache.dump().map(([k, e]) => [k, e.value, e.cost])).toEqual([
      ['b', 2, 1],
      ['a', 3, 2],
    ]);
    expect(cache.cost).toBe(3);
  });

  it('fires callbacks once every entry is in: a throwing one reaches the caller, nothing is half-loaded', () => {
    let calls = 0;
    const cache = new Cache<number, number>({
      maxCost: 3,
      policy: 'lru',
      onEvict: () => {
        calls++;
        throw new Error('evict failed');
      },
    });
    const entries = [1, 2, 3, 4, 5].map((k) => [k, { value: k, cost: 1, ttl: null }] as const);
    expect(() => cache.load(entries)).toThrow('evict failed');
    expect(calls).toBe(2);
    expect([...cache.keys()]).toEqual([3, 4, 5]);
    expect(cache.cost).toBe(3);
    expect(cache.coldest()).toEqual([3, 4, 5]);
  });

  it('notes from another policy are ignored; from the same policy they are used', () => {
    const source = new Cache<string, number>({ maxCost: 10, policy: 'slru' });
    source.set('a', 1);
    source.set('b', 2);
    source.get('a');
    const dump = source.dump();
    expect(dump.map((e) => e[1].policy?.segment)).toEqual(['protected', 'probation']);
    const lru = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
    lru.load(dump);
    expect(lru.coldest()).toEqual(['a', 'b']);
    expect(lru.dump().map((e) => e[1].policy)).toEqual([undefined, undefined]);
    const slru = new Cache<string, number>({ maxCost: 10, policy: 'slru' });
    slru.load(dump);
    expect(slru.dump()).toEqual(dump);
    // arc checks its own notes ("T1" or "T2"): slru's are not checked against that, but dropped.
    const arc = new Cache<string, number>({ maxCost: 10, policy: 'arc' });
    arc.load(dump);
    expect(arc.coldest()).toEqual(['a', 'b']);
    for (const cache of [source, lru, slru, arc]) cache.close();
  });

  it('load() options of {} are the defaults: a restore, which bypasses shouldUpdate ({ admit: true } does not)', () => {
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru', shouldUpdate: () => false });
    cache.set('a', 1);
    cache.load([['a', { value: 2 }]], {});
    expect(cache.get('a')).toBe(2);
    cache.load([['a', { value: 3 }]], { admit: true }); // through set(): shouldUpdate refuses
    expect(cache.get('a')).toBe(2);
    cache.close();
  });

  it('bad input throws naming entries[i] (or the option) and changes nothing', () => {
    const events = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'arc', ...events.options });
    cache.set('keep', 1);
    const ok = ['fine', { value: 1, cost: 1, ttl: null }];
    const cases: [unknown, unknown, RegExp, ErrorConstructor][] = [
      [{}, undefined, /load\(\) entries must be an array/, TypeError],
      [[ok, 'x'], undefined, /entries\[1\] must be a \[key, \{ value, cost, ttl \}\] pair, got "x"$/, TypeError],
      [[ok, ['k']], undefined, /entries\[1\] must be a .* pair, got an array of length 1/, TypeError],
      [[ok, ['k', 5]], undefined, /entries\[1\]\[1\] must be an object/, TypeError],
      [[ok, ['k', { cost: 1 }]], undefined, /entries\[1\]\[1\]\.value must not be undefined/, TypeError],
      [[ok, ['k', { value: 1, cost: -1 }]], undefined, /entries\[1\]\[1\]\.cost must be >= 0/, RangeError],
      [[ok, ['k', { value: 1, cost: '2' }]], undefined, /entries\[1\]\[1\]\.cost must be a number/, TypeError],
      [[ok, ['k', { value: 1, ttl: NaN }]], undefined, /entries\[1\]\[1\]\.ttl must not be NaN/, RangeError],
      [[ok, ['k', { value: 1, ttl: '5' }]], undefined, /entries\[1\]\[1\]\.ttl must be a number/, TypeError],
      [
        [ok, ['k', { value: 1, start: 5 }]],
        undefined,
        /unknown field in load\(\) entries\[1\]\[1\]: "start"/,
        TypeError,
      ],
      [[ok, ['k', { value: 1, policy: 'T1' }]], undefined, /entries\[1\]\[1\]\.policy must be an object/, TypeError],
      [
        [ok, ['k', { value: 1, policy: { segment: 'T1' } }]],
        undefined,
        /entries\[1\]\[1\]\.policy\.name must be a policy name/,
        TypeError,
      ],
      [
        [ok, ['k', { value: 1, policy: { name: 'arc', segment: 'T3' } }]],
        undefined,
        /entries\[1\]\[1\]\.policy\.segment must be one of "T1", "T2", got "T3"/,
        RangeError,
      ],
      [
        [ok, ['k', { value: 1, policy: { name: 'arc', segment: 'T1', target: -2 } }]],
        undefined,
        /entries\[1\]\[1\]\.policy\.target must be >= 0/,
        RangeError,
      ],
      [[ok], { admit: 'yes' }, /load\(\) options\.admit must be a boolean/, TypeError],
      [[ok], { admits: true }, /unknown load\(\) option "admits"/, TypeError],
      [[ok], 5, /load\(\) options must be an object/, TypeError],
    ];
    const before = cache.dump();
    const stats = cache.stats();
    for (const [entries, options, message, type] of cases) {
      const call = () => cache.load(entries as never, options as never);
      expect(call).toThrow(type);
      expect(call).toThrow(message);
      expect(cache.dump()).toEqual(before);
      expect(cache.stats()).toEqual(stats);
    }
    expect(events.exits).toEqual([]);
  });

  it('{ admit: true }: a throwing shouldUpdate stops the load there; what went in stays, and is reported', () => {
    const events = recorder<string, number>();
    const cache = new Cache<string, number>({
      maxCost: 2,
      policy: 'lru',
      ...events.options,
      shouldUpdate: (_current, next) => {
        if (next === 99) throw new Error('no update');
        return true;
      },
    });
    cache.set('x', 1);
    cache.set('b', 0);
    const entries = [
      ['a', { value: 1, cost: 1, ttl: null }],
      ['b', { value: 99, cost: 1, ttl: null }],
      ['c', { value: 3, cost: 1, ttl: null }],
    ] as const;
    expect(() => cache.load(entries, { admit: true })).toThrow('no update');
    expect(cache.dump().map(([k, e]) => [k, e.value])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(events.exits).toEqual([{ key: 'x', value: 1, reason: 'capacity' }]);
    expect(cache.set('d', 4)).toBe(true); // not left holding callbacks or DECIDING
    expect(events.exits).toHaveLength(2);
  });

  it('into an idleTtl cache: the TTL deadline from the entry, the idle clock from now', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru', clock, idleTtl: 100 });
    cache.load([
      ['a', { value: 1, cost: 1, ttl: 1000 }],
      ['b', { value: 2, cost: 1, ttl: 50 }],
      ['c', { value: 3, cost: 1, ttl: null }],
    ]);
    expect(cache.info('a')).toEqual({ value: 1, cost: 1, ttl: 1000, idle: 100 });
    expect(cache.info('b')).toEqual({ value: 2, cost: 1, ttl: 50, idle: 50 });
    expect(cache.info('c')).toEqual({ value: 3, cost: 1, ttl: Infinity, idle: 100 });
    clock.advance(60);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    clock.advance(99);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('c')).toBe(false);
  });

  it("checks W-TinyLFU's notes (the default policy's warm start) before anything changes", () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    const note = (fields: object) => [
      ['a', { value: 1, policy: { name: 'w-tinylfu', segment: 'window', freq: 2, ...fields } }],
    ];
    expect(() => cache.load(note({ segment: 'main' }) as never)).toThrow(
      /entries\[0\]\[1\]\.policy\.segment must be one of "window", "probation", "protected", got "main"/,
    );
    expect(() => cache.load(note({ freq: 16 }) as never)).toThrow(
      /entries\[0\]\[1\]\.policy\.freq must be an integer from 0 to 15, got 16/,
    );
    expect(() => cache.load(note({ window: 1.5 }) as never)).toThrow(
      /entries\[0\]\[1\]\.policy\.window must be from 0 to 1, got 1.5/,
    );
    expect(() => cache.load(note({ window: -0.5 }) as never)).toThrow(
      /entries\[0\]\[1\]\.policy\.window must be from 0 to 1, got -0.5$/,
    );
    expect(cache.size).toBe(0);
    cache.load(note({ segment: 'protected' }) as never);
    expect(cache.dump()[0]![1].policy).toMatchObject({ name: 'w-tinylfu', segment: 'protected' });
    for (const window of [0, 1]) {
      // Both ends are shares the window may have.
      const other = new Cache<string, number>({ maxCost: 10 });
      other.load(note({ window }) as never);
      expect(other.get('a')).toBe(1);
      other.close();
    }
    cache.close();
  });

  it('a throwing coster changes nothing (it runs before any entry goes in)', () => {
    const cache = new Cache<string, string>({
      maxCost: 10,
      policy: 'lru',
      cost: (v) => {
        if (v === 'bad') throw new Error('no cost');
        return 1;
      },
    });
    expect(() =>
      cache.load([
        ['a', { value: 'ok' }],
        ['b', { value: 'bad' }],
      ]),
    ).toThrow('no cost');
    expect(cache.size).toBe(0);
    expect(cache.set('c', 'ok')).toBe(true); // not left DECIDING
  });
});

describe('coldest() / hottest() arguments', () => {
  it('n must be an integer >= 0', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    expect(() => cache.coldest(-1)).toThrow(/coldest\(\) n must be an integer from 0/);
    expect(() => cache.hottest(1.5)).toThrow(RangeError);
    expect(() => cache.coldest('2' as never)).toThrow(/coldest\(\) n must be a number/);
  });
});

describe('from inside shouldUpdate or the coster, and after close()', () => {
  it('reads (info, peekVictim, coldest, hottest, dump) work inside; evictOne and load are refused', () => {
    const seen: unknown[] = [];
    const cache: Cache<string, number> = new Cache<string, number>({
      maxCost: 10,
      policy: 'lru',
      shouldUpdate: () => {
        seen.push(cache.info('a')?.value, cache.peekVictim(), cache.coldest(), cache.hottest(1), cache.dump().length);
        expect(() => cache.evictOne()).toThrow(/evictOne: called from inside the shouldUpdate or cost callback/);
        expect(() => cache.load([])).toThrow(/load: called from inside/);
        return true;
      },
    });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    expect(seen).toEqual([1, 'a', ['a', 'b'], ['b'], 2]);
  });

  it('after close(), each throws an Error naming the method', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.close();
    const calls: [string, () => unknown][] = [
      ['info', () => cache.info('a')],
      ['peekVictim', () => cache.peekVictim()],
      ['evictOne', () => cache.evictOne()],
      ['coldest', () => cache.coldest(1)],
      ['hottest', () => cache.hottest(1)],
      ['dump', () => cache.dump()],
      ['load', () => cache.load([])],
    ];
    for (const [method, call] of calls) expect(call).toThrow(`cortado: ${method}: the cache is closed`);
  });
});
