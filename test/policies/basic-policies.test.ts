// Behaviour tests for the basic policies (fifo, lifo, mru, mfu, lfu, heap-lfu, random, clock,
// nru, slru, lru-k, sieve), through the public Cache: each policy's defining behaviour, its
// option checks, and store invariants (budget, membership) under random operations with costs.

import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import type { PolicySpec } from '../../src/index.js';
import { rng } from '../helpers.js';

const BASIC_POLICIES = [
  'fifo',
  'lifo',
  'mru',
  'mfu',
  'lfu',
  'heap-lfu',
  'random',
  'clock',
  'nru',
  'slru',
  'lru-k',
  'sieve',
] as const;

/** A cache that records the keys evicted for capacity, in order. */
function tracked(policy: PolicySpec, maxCost: number) {
  const evicted: string[] = [];
  const cache = new Cache<string, number>({
    maxCost,
    policy,
    onEvict: (key, _v, reason) => reason === 'capacity' && evicted.push(key),
  });
  return { cache, evicted };
}

function setAll(cache: Cache<string, number>, keys: string) {
  for (const k of keys) expect(cache.set(k, 0)).toBe(true);
}

describe('defining behaviour', () => {
  it('fifo evicts in insertion order regardless of hits', () => {
    const { cache, evicted } = tracked('fifo', 3);
    setAll(cache, 'abc');
    for (let i = 0; i < 5; i++) cache.get('a');
    setAll(cache, 'de');
    expect(evicted).toEqual(['a', 'b']);
    cache.set('c', 1); // an update does not move it
    cache.set('f', 0);
    expect(evicted).toEqual(['a', 'b', 'c']);
  });

  it('lifo evicts the newest entry it already held', () => {
    const { cache, evicted } = tracked('lifo', 3);
    setAll(cache, 'abc');
    cache.get('a');
    setAll(cache, 'de');
    expect(evicted).toEqual(['c', 'd']);
    expect([...cache.keys()].sort()).toEqual(['a', 'b', 'e']);
  });

  it('mru evicts the most recently used entry', () => {
    const { cache, evicted } = tracked('mru', 3);
    setAll(cache, 'abc');
    cache.get('a');
    cache.set('d', 0);
    expect(evicted).toEqual(['a']);
    cache.get('b');
    cache.set('e', 0);
    expect(evicted).toEqual(['a', 'b']);
  });

  it('lfu evicts the least frequent, ties by least recent', () => {
    const { cache, evicted } = tracked('lfu', 3);
    setAll(cache, 'abc');
    cache.get('a');
    cache.get('a');
    cache.get('b'); // b and c both at 2, b reached it first
    cache.get('c');
    cache.set('d', 0);
    expect(evicted).toEqual(['b']);
    cache.set('e', 0); // d has 1
    expect(evicted).toEqual(['b', 'd']);
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'e']);
  });

  it('heap-lfu makes the same choices on the same example', () => {
    const { cache, evicted } = tracked('heap-lfu', 3);
    setAll(cache, 'abc');
    cache.get('a');
    cache.get('a');
    cache.get('b');
    cache.get('c');
    setAll(cache, 'de');
    expect(evicted).toEqual(['b', 'd']);
  });

  it('mfu evicts the most frequently used entry', () => {
    const { cache, evicted } = tracked('mfu', 3);
    setAll(cache, 'abc');
    cache.get('b');
    cache.get('b');
    cache.get('c');
    cache.set('d', 0);
    expect(evicted).toEqual(['b']);
    cache.set('e', 0); // c has 2, the others 1
    expect(evicted).toEqual(['b', 'c']);
  });

  it('clock gives referenced entries a second chance, and cannot rank them by recency', () => {
    const run = (policy: PolicySpec) => {
      const { cache, evicted } = tracked(policy, 3);
      setAll(cache, 'abc');
      cache.get('b');
      cache.get('a'); // a is more recent than b
      setAll(cache, 'de');
      return evicted;
    };
    // CLOCK: d makes the hand clear a and b (second chance) and take c; d takes c's frame and the
    // hand wraps to a, whose bit is now clear: e evicts a. LRU evicts b (the least recent).
    expect(run('clock')).toEqual(['c', 'a']);
    expect(run('lru')).toEqual(['c', 'b']);
    expect(run('fifo')).toEqual(['a', 'b']);
  });

  it('sieve keeps visited entries and its hand does not restart at the tail', () => {
    const { cache, evicted } = tracked('sieve', 3);
    setAll(cache, 'abc');
    cache.get('a');
    cache.set('d', 0);
    expect(evicted).toEqual(['b']); // a visited: bit cleared, hand moves to b
    cache.set('e', 0);
    expect(evicted).toEqual(['b', 'c']); // a is the oldest and unvisited, but the hand is past it
    cache.get('a');
    setAll(cache, 'fgh');
    expect(evicted).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect(cache.has('a')).toBe(true);
  });

  it('sieve restarts its hand at the tail after evicting the head', () => {
    const { cache, evicted } = tracked('sieve', 3);
    setAll(cache, 'abc');
    cache.get('a');
    cache.get('b');
    cache.set('d', 0); // a and b are passed (bits cleared), c, the head, goes
    cache.set('e', 0); // the hand starts again at the tail: a, not the newcomer d
    expect(evicted).toEqual(['c', 'a']);
  });

  it('nru evicts an entry not referenced since the last epoch', () => {
    const { cache, evicted } = tracked('nru', 4);
    setAll(cache, 'abcd');
    cache.set('e', 0); // every bit set: the epoch ends, the oldest goes
    expect(evicted).toEqual(['a']);
    cache.get('b');
    cache.get('c');
    cache.set('f', 0);
    cache.set('g', 0);
    expect(evicted).toEqual(['a', 'd', 'e']); // b and c were referenced, d and e were not
    expect(cache.has('b') && cache.has('c')).toBe(true);
  });

  it('slru keeps re-referenced entries over a scan (lru does not)', () => {
    for (const policy of ['slru', 'lru'] as const) {
      const { cache } = tracked(policy, 4);
      setAll(cache, 'hk');
      cache.get('h');
      cache.get('k');
      for (let i = 0; i < 20; i++) cache.set(`scan${i}`, i);
      expect(cache.has('h') && cache.has('k')).toBe(policy === 'slru');
    }
  });

  it('slru sizes its segments in cost units and demotes protected overflow to probation', () => {
    const evicted: string[] = [];
    const cache = new Cache<string, number>({
      maxCost: 10,
      policy: { name: 'slru', probationaryFrac: 0.5 },
      onEvict: (key) => evicted.push(key),
    });
    cache.set('a', 0, { cost: 3 });
    cache.set('b', 0, { cost: 3 });
    cache.get('a'); // protected: a (3)
    cache.get('b'); // protected would hold 6 > 5: a is demoted to the probation head
    cache.set('c', 0, { cost: 4 });
    cache.set('d', 0, { cost: 1 }); // cost 11; probation is d, c, a (tail): a goes, not c
    expect(evicted).toEqual(['a']);
    expect(cache.has('b') && cache.has('c') && cache.has('d')).toBe(true);
  });

  it('lru-k ranks by the K-th most recent reference where lru ranks by the last', () => {
    const run = (policy: PolicySpec) => {
      const { cache, evicted } = tracked(policy, 3);
      cache.set('a', 0); // t1
      cache.set('b', 0); // t2
      cache.get('b'); // t3
      cache.set('c', 0); // t4
      cache.get('c'); // t5
      cache.get('a'); // t6: last references a6 b3 c5; second-to-last a1 b2 c4
      cache.set('d', 0);
      return evicted;
    };
    expect(run('lru')).toEqual(['b']);
    expect(run('lru-k')).toEqual(['a']);
    expect(run({ name: 'lru-k', k: 1 })).toEqual(['b']); // LRU-1 is LRU
  });

  it('lru-k evicts entries with fewer than K references first, least recent first', () => {
    const { cache, evicted } = tracked({ name: 'lru-k', k: 3 }, 3);
    setAll(cache, 'abc');
    for (let i = 0; i < 2; i++) cache.get('a');
    cache.get('b');
    cache.get('c');
    cache.set('d', 0); // b and c have 2 references (< 3): b's last is older
    expect(evicted).toEqual(['b']);
  });

  it('lru-k keeps the history of evicted keys (retained information)', () => {
    const run = (clearBetween: boolean) => {
      const { cache, evicted } = tracked('lru-k', 2);
      cache.set('a', 0);
      cache.get('a'); // a: 2 references
      cache.set('x', 0);
      cache.set('y', 0); // evicts x (one reference): its history is kept
      if (clearBetween) {
        cache.clear();
        cache.set('a', 0);
        cache.get('a');
        cache.set('y', 0);
      }
      cache.set('x', 0); // x returns with 2 references: its older one is t3, a's is t1
      cache.set('z', 0);
      return { evicted, keys: [...cache.keys()].sort() };
    };
    const kept = run(false);
    expect(kept.evicted).toEqual(['x', 'y', 'a']);
    expect(kept.keys).toEqual(['x', 'z']);
    // clear() forgets the history: x comes back with one reference and goes before a.
    const forgot = run(true);
    expect(forgot.keys).toEqual(['a', 'z']);
  });

  it('lru-k keeps retained histories when the store grows (ghost records are re-indexed)', () => {
    const { cache, evicted } = tracked('lru-k', 4);
    cache.set('a', 0);
    cache.get('a');
    setAll(cache, 'xwpqr'); // evicts x, then w: two ghost records
    cache.delete('p');
    cache.set('x', 0); // x returns (its record is freed); w's record is the only one left
    expect(evicted).toEqual(['x', 'w']);
    for (let i = 0; i < 40; i++) cache.set(`free${i}`, 0, { cost: 0 }); // 16 slots -> 64
    cache.set('w', 0); // w returns with 2 references: it ranks with a and x
    for (let i = 0; i < 10; i++) cache.set(`once${i}`, 0); // one-time keys go first
    expect(cache.size).toBe(4);
    expect(['a', 'x', 'w'].filter((k) => !cache.has(k))).toEqual([]);
  });

  it('random evicts residents only, never the newcomer, and spreads its choices', () => {
    const { cache, evicted } = tracked('random', 10);
    const old = Array.from({ length: 10 }, (_, i) => `k${i}`);
    for (const k of old) cache.set(k, 0);
    const counts = new Map<string, number>(old.map((k) => [k, 0]));
    for (let t = 0; t < 3000; t++) {
      expect(cache.set('new', t)).toBe(true);
      const victim = evicted.pop()!;
      expect(counts.has(victim)).toBe(true);
      counts.set(victim, counts.get(victim)! + 1);
      cache.delete('new');
      cache.set(victim, 0);
      expect(cache.size).toBe(10);
    }
    for (const n of counts.values()) expect(n).toBeGreaterThan(180); // 300 expected each
    for (const n of counts.values()) expect(n).toBeLessThan(420);
  });

  it('random is deterministic for the same operations', () => {
    const runs = [0, 1].map(() => {
      const { cache, evicted } = tracked('random', 20);
      for (let i = 0; i < 200; i++) cache.set(`k${i}`, i);
      return evicted;
    });
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0]).size).toBe(180);
  });
});

describe('option checks', () => {
  const make = (policy: unknown) => () => new Cache({ maxCost: 10, policy: policy as PolicySpec });

  it('lru-k: k must be an integer from 1 to 64', () => {
    for (const k of [0, -1, 1.5, 65, Infinity]) expect(make({ name: 'lru-k', k })).toThrow(RangeError);
    expect(make({ name: 'lru-k', k: 0 })).toThrow(/policy\.k/);
    expect(make({ name: 'lru-k', k: Number.NaN })).toThrow(/policy\.k/);
    expect(make({ name: 'lru-k', k: '2' })).toThrow(TypeError);
    expect(make({ name: 'lru-k', k: '2' })).toThrow(/policy\.k/);
    expect(make({ name: 'lru-k', k: 3 })).not.toThrow();
  });

  it('slru: probationaryFrac must be strictly between 0 and 1', () => {
    for (const f of [0, 1, -0.1, 1.5]) {
      expect(make({ name: 'slru', probationaryFrac: f })).toThrow(RangeError);
      expect(make({ name: 'slru', probationaryFrac: f })).toThrow(/policy\.probationaryFrac/);
    }
    expect(make({ name: 'slru', probationaryFrac: '0.2' })).toThrow(TypeError);
    expect(make({ name: 'slru', probationaryFrac: 0.1 })).not.toThrow();
  });

  it('unknown options are refused, naming the option', () => {
    for (const name of BASIC_POLICIES) {
      expect(make({ name, bogus: 1 })).toThrow(TypeError);
      expect(make({ name, bogus: 1 })).toThrow(/"bogus"/);
    }
    expect(make({ name: 'lru-k', kk: 2 })).toThrow(/"kk"/);
  });
});

describe.each(BASIC_POLICIES)('%s: store invariants', (policy) => {
  it('membership matches a model map and the cost never exceeds maxCost (varied costs)', () => {
    const maxCost = 40;
    const model = new Map<string, number>();
    const cache = new Cache<string, number>({
      maxCost,
      policy,
      onEvict: (key) => model.delete(key),
      onReject: (key) => model.delete(key),
    });
    const next = rng(policy.length * 7919 + 17);
    for (let step = 0; step < 4000; step++) {
      const key = `k${next(60)}`;
      const op = next(10);
      if (op < 5) {
        const value = step;
        const cost = 1 + next(9);
        const stored = cache.set(key, value, { cost });
        expect(stored).toBe(true); // no group-A policy refuses a newcomer
        model.set(key, value);
        expect(cache.peek(key)).toBe(value);
      } else if (op < 8) {
        expect(cache.get(key)).toBe(model.get(key));
      } else if (op < 9) {
        expect(cache.delete(key)).toBe(model.delete(key));
      } else if (step % 500 === 0) {
        cache.clear();
        model.clear();
      } else {
        expect(cache.has(key)).toBe(model.has(key));
      }
      expect(cache.cost).toBeLessThanOrEqual(maxCost);
      expect(cache.size).toBe(model.size);
    }
    expect(new Map(cache.entries())).toEqual(model);
  });

  it('shrinking maxCost evicts until the cost fits, and inserts go on within it', () => {
    const cache = new Cache<number, number>({ maxCost: 5000, policy });
    for (let i = 0; i < 5000; i++) cache.set(i, i);
    for (let i = 0; i < 5000; i += 3) cache.get(i);
    expect(cache.size).toBe(5000);
    cache.maxCost = 100;
    expect(cache.size).toBe(100);
    for (let i = 5000; i < 6000; i++) cache.set(i, i);
    expect(cache.size).toBe(100);
    expect(cache.has(5999)).toBe(true);
  });
});
