// Cross-checks of the basic policies against naive reference models: each model restates the
// policy's rule directly on arrays (O(n) per step, obviously right), and a random sequence of
// gets, sets, deletes and clears must evict the same keys in the same order from the model and
// from the real Cache. Also: heap-lfu and lfu agree victim for victim, with varied costs. The
// models restate cortado's and the papers' rules; where a policy follows cachekit by default
// (README, "Differences from cachekit") its other variant is the one checked here (cachekit's
// rules: test/cachekit-golden.test.ts).

import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import type { PolicySpec } from '../../src/index.js';
import { rng } from '../helpers.js';

type Op = { kind: 'get' | 'set' | 'delete' | 'clear'; key: string; cost: number };

/** A policy restated naively. `incoming` is the key being written, not a candidate while others are. */
interface Model {
  insert(key: string): void;
  hit(key: string): void;
  update(key: string): void;
  remove(key: string): void;
  evict(incoming: string): string;
}

/** Skewed keys (a hot few and a long tail) so that hits, re-references and scans all happen. */
function trace(seed: number, length: number): Op[] {
  const next = rng(seed);
  const ops: Op[] = [];
  for (let i = 0; i < length; i++) {
    const key = `k${next(3) === 0 ? next(24) : next(6)}`;
    const r = next(100);
    const kind = r < 45 ? 'get' : r < 87 ? 'set' : r < 99 ? 'delete' : 'clear';
    ops.push({ kind, key, cost: 1 + next(6) });
  }
  return ops;
}

function runCache(policy: PolicySpec, ops: Op[], maxCost: number, withCosts: boolean): string[] {
  const evicted: string[] = [];
  const cache = new Cache<string, number>({
    maxCost,
    policy,
    onEvict: (key, _v, why) => why === 'capacity' && evicted.push(key),
  });
  for (const op of ops) {
    if (op.kind === 'get') cache.get(op.key);
    else if (op.kind === 'set') cache.set(op.key, 1, { cost: withCosts ? op.cost : 1 });
    else if (op.kind === 'delete') cache.delete(op.key);
    else cache.clear();
  }
  return evicted;
}

/** Unit costs: the store's rules (insert, then evict while over budget) around a model. */
function runModel(make: () => Model, ops: Op[], maxCost: number): string[] {
  let model = make();
  const present = new Set<string>();
  const evicted: string[] = [];
  for (const { kind, key } of ops) {
    if (kind === 'get') {
      if (present.has(key)) model.hit(key);
    } else if (kind === 'set') {
      if (present.has(key)) {
        model.update(key);
        continue;
      }
      present.add(key);
      model.insert(key);
      while (present.size > maxCost) {
        const victim = model.evict(key);
        present.delete(victim);
        evicted.push(victim);
      }
    } else if (kind === 'delete') {
      if (present.delete(key)) model.remove(key);
    } else {
      model = make();
      present.clear();
    }
  }
  return evicted;
}

const without = (list: string[], key: string) => list.splice(list.indexOf(key), 1);
const firstOther = (list: readonly string[], incoming: string) => list.find((k) => k !== incoming) ?? incoming;

/** Keeps an order list: `push` appends (newest last). */
class OrderModel implements Model {
  order: string[] = [];
  constructor(
    private readonly onTouch: 'stay' | 'move',
    private readonly end: 'oldest' | 'newest',
  ) {}
  insert(key: string) {
    this.order.push(key);
  }
  hit(key: string) {
    if (this.onTouch === 'move') {
      without(this.order, key);
      this.order.push(key);
    }
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    without(this.order, key);
  }
  evict(incoming: string) {
    const victim = firstOther(this.end === 'oldest' ? this.order : [...this.order].reverse(), incoming);
    without(this.order, victim);
    return victim;
  }
}

/** LFU or MFU: counts and last-access times; LFU takes (min count, oldest), MFU (max count, oldest). */
class FrequencyModel implements Model {
  count = new Map<string, number>();
  last = new Map<string, number>();
  tick = 0;
  constructor(private readonly most: boolean) {}
  insert(key: string) {
    this.count.set(key, 1);
    this.last.set(key, ++this.tick);
  }
  hit(key: string) {
    this.count.set(key, this.count.get(key)! + 1);
    this.last.set(key, ++this.tick);
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    this.count.delete(key);
  }
  evict(incoming: string) {
    const sign = this.most ? -1 : 1;
    const keys = [...this.count.keys()].filter((k) => k !== incoming);
    const pool = keys.length > 0 ? keys : [incoming];
    pool.sort((a, b) => sign * (this.count.get(a)! - this.count.get(b)!) || this.last.get(a)! - this.last.get(b)!);
    this.count.delete(pool[0]!);
    return pool[0]!;
  }
}

/**
 * The models evict first and insert after, as the papers do: `evict` takes the newcomer out,
 * applies the rule to the others, and puts it back where an insert after the eviction would.
 */
function aside(list: string[], incoming: string, body: () => string, putBack: () => void): string {
  const i = list.indexOf(incoming);
  if (i < 0 || list.length === 1) return body();
  list.splice(i, 1);
  const victim = body();
  putBack();
  return victim;
}

/** CLOCK: frames in hand order (ring[0] is under the hand); a new page takes the victim's frame, just behind the hand. */
class ClockModel implements Model {
  ring: string[] = [];
  bit = new Map<string, boolean>();
  insert(key: string) {
    this.ring.push(key);
    this.bit.set(key, false);
  }
  hit(key: string) {
    this.bit.set(key, true);
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    without(this.ring, key);
  }
  evict(incoming: string) {
    return aside(
      this.ring,
      incoming,
      () => {
        while (this.bit.get(this.ring[0]!)) {
          this.bit.set(this.ring[0]!, false);
          this.ring.push(this.ring.shift()!);
        }
        return this.ring.shift()!;
      },
      () => this.ring.push(incoming),
    );
  }
}

/** SIEVE as in the paper's pseudo-code: queue oldest first; the hand walks toward the newest. */
class SieveModel implements Model {
  queue: string[] = [];
  visited = new Map<string, boolean>();
  hand: string | null = null;
  insert(key: string) {
    this.queue.push(key);
    this.visited.set(key, false);
  }
  hit(key: string) {
    this.visited.set(key, true);
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    const i = this.queue.indexOf(key);
    if (this.hand === key) this.hand = this.queue[i + 1] ?? null;
    this.queue.splice(i, 1);
  }
  evict(incoming: string) {
    return aside(
      this.queue,
      incoming,
      () => {
        const q = this.queue;
        let i = this.hand === null ? 0 : q.indexOf(this.hand);
        while (this.visited.get(q[i]!)) {
          this.visited.set(q[i]!, false);
          i = (i + 1) % q.length;
        }
        const victim = q[i]!;
        this.hand = q[i + 1] ?? null;
        q.splice(i, 1);
        return victim;
      },
      () => this.queue.push(incoming),
    );
  }
}

/** NRU: a reference bit and the time it was last set; the victim is the unreferenced key whose bit was set longest ago. */
class NruModel implements Model {
  bit = new Map<string, boolean>();
  stamp = new Map<string, number>();
  tick = 0;
  insert(key: string) {
    this.bit.set(key, true);
    this.stamp.set(key, ++this.tick);
  }
  hit(key: string) {
    if (!this.bit.get(key)) this.insert(key);
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    this.bit.delete(key);
  }
  evict(incoming: string) {
    const others = [...this.bit.keys()].filter((k) => k !== incoming);
    if (others.length === 0) return incoming;
    if (others.every((k) => this.bit.get(k))) for (const k of others) this.bit.set(k, false); // epoch
    const victim = others
      .filter((k) => !this.bit.get(k))
      .reduce((a, b) => (this.stamp.get(b)! < this.stamp.get(a)! ? b : a));
    this.bit.delete(victim);
    return victim;
  }
}

/** SLRU with unit costs: protected holds at most floor(maxCost * (1 - frac)) keys. */
class SlruModel implements Model {
  probation: string[] = [];
  protect: string[] = [];
  constructor(private readonly cap: number) {}
  insert(key: string) {
    this.probation.push(key);
  }
  hit(key: string) {
    if (this.protect.includes(key)) without(this.protect, key);
    else without(this.probation, key);
    this.protect.push(key);
    while (this.protect.length > this.cap) this.probation.push(this.protect.shift()!);
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    if (this.protect.includes(key)) without(this.protect, key);
    else without(this.probation, key);
  }
  evict(incoming: string) {
    const fromProbation = this.probation.find((k) => k !== incoming);
    const victim = fromProbation ?? firstOther(this.protect, incoming);
    this.remove(victim);
    return victim;
  }
}

/**
 * LRU-K: full reference histories; fewer than K references = infinite distance (LRU among
 * those), else the oldest K-th most recent reference. Evicted histories are kept and still
 * usable while fewer than `ghosts` evictions have happened since (the store's ring of records).
 */
class LruKModel implements Model {
  hist = new Map<string, number[]>();
  ghost = new Map<string, { hist: number[]; at: number }>();
  tick = 0;
  evictions = 0;
  constructor(
    private readonly k: number,
    private readonly ghosts: number,
  ) {}
  insert(key: string) {
    const g = this.ghost.get(key);
    this.ghost.delete(key);
    this.hist.set(key, g !== undefined && this.evictions - g.at <= this.ghosts ? g.hist : []);
    this.hit(key);
  }
  hit(key: string) {
    const h = this.hist.get(key)!;
    h.unshift(++this.tick);
    h.length = Math.min(h.length, this.k);
  }
  update(key: string) {
    this.hit(key);
  }
  remove(key: string) {
    this.hist.delete(key);
  }
  evict(incoming: string) {
    const others = [...this.hist.keys()].filter((k) => k !== incoming);
    const young = others.filter((k) => this.hist.get(k)!.length < this.k);
    const rank = (k: string) => (young.length > 0 ? this.hist.get(k)![0]! : this.hist.get(k)![this.k - 1]!);
    const pool = young.length > 0 ? young : others.length > 0 ? others : [incoming];
    const victim = pool.reduce((a, b) => (rank(b) < rank(a) ? b : a));
    this.ghost.set(victim, { hist: this.hist.get(victim)!, at: this.evictions++ });
    this.hist.delete(victim);
    return victim;
  }
}

const MAX_COST = 8; // the store starts with 16 slots, so LRU-K keeps 16 ghost records
const CASES: [string, PolicySpec, () => Model][] = [
  ['fifo', 'fifo', () => new OrderModel('stay', 'oldest')],
  ['lifo', 'lifo', () => new OrderModel('stay', 'newest')],
  ['mru (cortado)', { name: 'mru', variant: 'cortado' }, () => new OrderModel('move', 'newest')],
  ['lfu (cortado)', { name: 'lfu', variant: 'cortado' }, () => new FrequencyModel(false)],
  ['heap-lfu (cortado)', { name: 'heap-lfu', variant: 'cortado' }, () => new FrequencyModel(false)],
  ['mfu (cortado)', { name: 'mfu', variant: 'cortado' }, () => new FrequencyModel(true)],
  ['clock (cortado)', { name: 'clock', variant: 'cortado' }, () => new ClockModel()],
  ['sieve', 'sieve', () => new SieveModel()],
  ['nru (cortado)', { name: 'nru', variant: 'cortado' }, () => new NruModel()],
  ['slru (paper)', { name: 'slru', variant: 'paper' }, () => new SlruModel(Math.floor(MAX_COST * 0.75))],
  ['slru 0.5 (paper)', { name: 'slru', probationaryFrac: 0.5, variant: 'paper' }, () => new SlruModel(MAX_COST * 0.5)],
  ['lru-k (k=2)', 'lru-k', () => new LruKModel(2, 16)],
  ['lru-k (k=3)', { name: 'lru-k', k: 3 }, () => new LruKModel(3, 16)],
  ['lru-k (k=1)', { name: 'lru-k', k: 1 }, () => new LruKModel(1, 16)],
];

describe.each(CASES)('%s matches its reference model', (_label, policy, make) => {
  it.each([1, 2, 3])('random trace, seed %i', (seed) => {
    const ops = trace(seed * 1009, 3000);
    const expected = runModel(make, ops, MAX_COST);
    expect(expected.length).toBeGreaterThan(150); // the trace does exercise eviction
    expect(runCache(policy, ops, MAX_COST, false)).toEqual(expected);
  });
});

describe("lfu and heap-lfu (variant 'cortado')", () => {
  it('choose the same victims with varied costs and a larger cache', () => {
    for (const seed of [7, 8, 9]) {
      const ops = trace(seed, 20_000).map((op) => ({ ...op, key: `${op.key}-${op.cost % 4}` }));
      const buckets = runCache({ name: 'lfu', variant: 'cortado' }, ops, 30, true);
      expect(buckets.length).toBeGreaterThan(1000);
      expect(runCache({ name: 'heap-lfu', variant: 'cortado' }, ops, 30, true)).toEqual(buckets);
    }
  });
});

describe('lru-k history retention', () => {
  it('matters: a model that forgets evicted histories diverges from the cache', () => {
    const ops = trace(4242, 3000);
    const real = runCache('lru-k', ops, MAX_COST, false);
    expect(real).toEqual(runModel(() => new LruKModel(2, 16), ops, MAX_COST));
    expect(real).not.toEqual(runModel(() => new LruKModel(2, 0), ops, MAX_COST));
  });
});
