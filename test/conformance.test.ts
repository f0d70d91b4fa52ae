// One conformance suite run over every policy: the store's contract holds whatever the policy
// decides. A fast-check property drives random operation sequences against a reference model
// that learns evictions from the callbacks, and checks after every step: cost <= maxCost, every
// key reads back its last value or nothing, size and cost agree, TTLs, stats, every value
// leaving fires exactly one onExit, and with the reason the model expects: 'expired' only for an
// entry past its deadline, 'replace' and 'delete' only for a live one (the clock is often moved
// to an entry's exact deadline and that key used, where an expiry check off by one shows).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cache, POLICIES, type ExitReason, type PolicySpec } from '../src/index.js';
import { ALL_POLICIES } from '../src/policies/machinery/all.js';
import { ManualClock } from './helpers.js';

interface Value {
  id: number;
}

type Op =
  | { op: 'get' | 'peek' | 'has' | 'delete' | 'getTTL'; key: number }
  | { op: 'set' | 'setIfPresent'; key: number; cost?: number; ttl?: number }
  | { op: 'advance'; ms: number }
  | {
      op: 'atDeadline';
      key: number;
      then: 'get' | 'peek' | 'has' | 'getTTL' | 'delete' | 'set' | 'purgeExpired';
      ttl: number;
    }
  | { op: 'clear' | 'purgeExpired' | 'flush' }
  | { op: 'maxCost'; value: number };

const key = fc.integer({ min: 0, max: 11 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('get' as const), key }) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        op: fc.constantFrom('set' as const, 'setIfPresent' as const),
        key,
        cost: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 4 })),
        ttl: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
      },
      { requiredKeys: ['op', 'key'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('peek' as const, 'has' as const, 'getTTL' as const), key }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('atDeadline' as const),
      key,
      then: fc.constantFrom(
        'get' as const,
        'peek' as const,
        'has' as const,
        'getTTL' as const,
        'delete' as const,
        'set' as const,
        'purgeExpired' as const,
      ),
      ttl: fc.integer({ min: 0, max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ op: 'clear' as const }, { op: 'purgeExpired' as const }, { op: 'flush' as const }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('maxCost' as const), value: fc.integer({ min: 1, max: 12 }) }) },
);

function runScenario(policy: PolicySpec, initialMax: number, ops: Op[]): void {
  const clock = new ManualClock();
  const model = new Map<number, { value: Value; cost: number; expiresAt: number }>();
  const exitsOf = new Map<number, number>();
  /** Exits whose reason contradicts the model (checked after every step). */
  const wrongReasons: string[] = [];
  const acceptedIds = new Set<number>();
  let nextId = 1;
  let gets = 0;
  let hits = 0;
  const cache = new Cache<number, Value>({
    maxCost: initialMax,
    policy,
    clock,
    seed: 7,
    shouldUpdate: (_cur, next) => next.id % 7 !== 0, // refuse some updates
    onExit: (k: number, v: Value | undefined, reason: ExitReason) => {
      if (v === undefined) {
        wrongReasons.push(`${k}: '${reason}' at ${clock.time} with no value`);
        return;
      }
      exitsOf.set(v.id, (exitsOf.get(v.id) ?? 0) + 1);
      const held = model.get(k);
      const expired = held !== undefined && held.expiresAt !== 0 && held.expiresAt <= clock.time;
      const isHeld = held !== undefined && held.value === v;
      if (reason === 'expired' && !(isHeld && expired))
        wrongReasons.push(`${k}: 'expired' at ${clock.time}, model ${JSON.stringify(held)}`);
      if ((reason === 'replace' || reason === 'delete') && !(isHeld && !expired)) {
        wrongReasons.push(`${k}: '${reason}' at ${clock.time}, model ${JSON.stringify(held)}`);
      }
      if (reason !== 'replace' && reason !== 'rejected') model.delete(k);
    },
  });
  const live = (k: number) => {
    const e = model.get(k);
    return e !== undefined && (e.expiresAt === 0 || e.expiresAt > clock.time) ? e : undefined;
  };

  const apply = (o: Op): void => {
    switch (o.op) {
      case 'get': {
        const expected = live(o.key)?.value;
        gets++;
        const got = cache.get(o.key);
        expect(got).toBe(expected);
        if (got !== undefined) hits++;
        break;
      }
      case 'peek':
        expect(cache.peek(o.key)).toBe(live(o.key)?.value);
        break;
      case 'has':
        expect(cache.has(o.key)).toBe(live(o.key) !== undefined);
        break;
      case 'getTTL': {
        const e = live(o.key);
        const expected = e === undefined ? undefined : e.expiresAt === 0 ? Infinity : e.expiresAt - clock.time;
        expect(cache.getTTL(o.key)).toBe(expected);
        break;
      }
      case 'set':
      case 'setIfPresent': {
        const value = { id: nextId++ };
        const before = live(o.key);
        const cost = o.cost ?? 1;
        const options: { cost?: number; ttl?: number } = {};
        if (o.cost !== undefined) options.cost = o.cost;
        if (o.ttl !== undefined) options.ttl = o.ttl;
        const stored = o.op === 'set' ? cache.set(o.key, value, options) : cache.setIfPresent(o.key, value, options);
        if (stored) {
          acceptedIds.add(value.id);
          model.set(o.key, { value, cost, expiresAt: o.ttl ? clock.time + o.ttl : 0 });
          expect(cache.peek(o.key)).toBe(value);
        } else {
          expect(cache.peek(o.key)).not.toBe(value);
          // Refused for its cost: the old value leaves too (as replaced), never read in its place.
          if (cost > cache.maxCost) model.delete(o.key);
          if (o.op === 'setIfPresent' && before === undefined) expect(exitsOf.has(value.id)).toBe(false);
        }
        break;
      }
      case 'delete': {
        const existed = live(o.key) !== undefined;
        expect(cache.delete(o.key)).toBe(existed);
        break;
      }
      case 'advance':
        clock.advance(o.ms);
        break;
      case 'atDeadline': {
        // The clock moves to the soonest deadline of a live entry (`key` is given a TTL first if
        // none has one), then that entry's key is used.
        const soonestDeadline = () => {
          let soonest: number | undefined;
          for (const [k, e] of model) {
            if (e.expiresAt > clock.time && (soonest === undefined || e.expiresAt < model.get(soonest)!.expiresAt))
              soonest = k;
          }
          return soonest;
        };
        let soonest = soonestDeadline();
        if (soonest === undefined) {
          apply({ op: 'set', key: o.key, ttl: Math.max(1, o.ttl) });
          soonest = soonestDeadline();
          if (soonest === undefined) break; // refused (the validator, admission)
        }
        clock.advance(model.get(soonest)!.expiresAt - clock.time);
        if (o.then === 'set') apply({ op: 'set', key: soonest, ttl: o.ttl });
        else if (o.then === 'purgeExpired') apply({ op: 'purgeExpired' });
        else apply({ op: o.then, key: soonest });
        break;
      }
      case 'clear':
        cache.clear();
        expect(model.size).toBe(0);
        break;
      case 'purgeExpired': {
        const due = [...model.values()].filter((e) => e.expiresAt !== 0 && e.expiresAt <= clock.time).length;
        expect(cache.purgeExpired()).toBe(due);
        break;
      }
      case 'flush':
        cache.flush();
        break;
      case 'maxCost':
        cache.maxCost = o.value;
        break;
    }
  };

  for (const o of ops) {
    apply(o);
    // Invariants after every step.
    expect(wrongReasons).toEqual([]);
    expect(cache.cost).toBeLessThanOrEqual(cache.maxCost);
    expect(cache.size).toBe(model.size);
    let cost = 0;
    for (const e of model.values()) cost += e.cost;
    expect(cache.cost).toBe(cost);
    for (let k = 0; k <= 11; k++) expect(cache.peek(k)).toBe(live(k)?.value);
    for (const n of exitsOf.values()) expect(n).toBe(1);
    for (const e of model.values()) expect(exitsOf.has(e.value.id)).toBe(false); // held values have not left
    const s = cache.stats();
    expect(s.hits).toBe(hits);
    expect(s.hits + s.misses).toBe(gets);
  }
  cache.clear();
  for (const id of acceptedIds) expect(exitsOf.get(id)).toBe(1);
  for (const n of exitsOf.values()) expect(n).toBe(1);
}

/** Every policy, and each of its variants other than its default (cachekit's rules among them). */
const SPECS: [string, PolicySpec][] = [
  ...POLICIES.map((p): [string, PolicySpec] => [p, p]),
  ...ALL_POLICIES.flatMap((d) =>
    d.variants
      .slice(1)
      .map((variant): [string, PolicySpec] => [`${d.name}:${variant}`, { name: d.name, variant } as PolicySpec]),
  ),
];

describe.each(SPECS)('policy %s', (_label, policy) => {
  it('holds the store contract over random operation sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(opArb, { maxLength: 120 }), (max, ops) =>
        runScenario(policy, max, ops),
      ),
      { numRuns: 60, seed: 20261123 },
    );
  });

  it('holds exactly maxCost unit entries before evicting, then stays within budget', () => {
    const cache = new Cache<number, number>({ maxCost: 100, policy, seed: 3 });
    for (let i = 0; i < 100; i++) expect(cache.set(i, i)).toBe(true);
    expect(cache.size).toBe(100);
    for (let i = 0; i < 100; i++) expect(cache.get(i)).toBe(i);
    let x = 1;
    for (let i = 0; i < 20_000; i++) {
      x = (Math.imul(x, 48271) + 11) >>> 0;
      const k = x % 1000;
      if (cache.get(k) === undefined) cache.set(k, k);
    }
    expect(cache.size).toBeLessThanOrEqual(100);
    expect(cache.cost).toBeLessThanOrEqual(100);
    for (const [k, v] of cache) expect(v).toBe(k);
    expect(cache.stats().hits).toBeGreaterThan(0);
  });

  it('respects varied costs', () => {
    const cache = new Cache<number, number>({ maxCost: 50, policy, seed: 4 });
    let x = 9;
    for (let i = 0; i < 10_000; i++) {
      x = (Math.imul(x, 48271) + 11) >>> 0;
      const k = x % 300;
      if (cache.get(k) === undefined) cache.set(k, k, { cost: 1 + (k % 7) });
      expect(cache.cost).toBeLessThanOrEqual(50);
    }
    let sum = 0;
    for (const [k] of cache) sum += 1 + (k % 7);
    expect(cache.cost).toBe(sum);
  });

  it('forgets everything on clear() and works afterwards', () => {
    const cache = new Cache<number, number>({ maxCost: 20, policy, seed: 5 });
    for (let i = 0; i < 100; i++) if (cache.get(i % 30) === undefined) cache.set(i % 30, i);
    cache.clear();
    expect(cache.size).toBe(0);
    expect([...cache]).toEqual([]);
    for (let i = 0; i < 20; i++) expect(cache.set(i, i)).toBe(true);
    expect(cache.size).toBe(20);
  });
});
