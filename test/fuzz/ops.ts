// The fuzz suite's inputs: what a run may throw at the cache (Features, the two profiles), a
// random cache configuration per epoch, and the seeded op generator. The generator never looks
// at the cache, so an epoch's ops are rebuilt from (seed, epoch) alone (which is how a hang is
// reported, and how a failure is rerun). Callbacks are scripted at run time from each op's own
// seed `s` (see model.ts), so any sub-sequence of ops replays deterministically (the shrinker).

import { ALL_POLICIES } from '../../src/policies/machinery/all.js';
import { fmix32 } from '../../src/key-hash.js';
import { rng } from '../helpers.js';
import { KEY_POOL, describeKey } from './keys.js';

// ─── configuration and ops ────────────────────────────────────────────────────────────────

/** What a run may throw at the cache. */
export interface Features {
  /** Event callbacks (onEvict / onReject / onExit) call get/set/delete/clear/… on the cache. */
  reentrantEvents: boolean;
  /** Event callbacks move the clock. */
  tickInEvents: boolean;
  /** Callbacks throw (the error must reach the caller, the cache stay consistent). */
  throwingCallbacks: boolean;
  /** cost / shouldUpdate move the clock (an entry can expire during its own set()). */
  tickInDecide: boolean;
  /** cost / shouldUpdate read the cache (allowed). */
  readsInDecide: boolean;
  /** cost / shouldUpdate try to write (must throw an Error naming the callback). */
  writesInDecide: boolean;
  /** Clock values below zero. */
  negativeClock: boolean;
  /** A clock that sometimes returns NaN, undefined, a string, … (TypeError naming clock). */
  badClock: boolean;
  /** maxCost above Number.MAX_SAFE_INTEGER, 0, negative, NaN (RangeError, nothing changes). */
  badBudgets: boolean;
  /** Updates of a present key costing more than maxCost (the old value must leave). */
  oversizeUpdates: boolean;
  /** A clock that moves by itself between reads, as a real one does. */
  realtimeClock: boolean;
  /**
   * Costs whose sums are inexact in binary floating point (0.1, 1e6 + 0.1); without it the
   * fractional costs are dyadic (0.5, 0.25), whose sums are exact.
   */
  inexactCosts: boolean;
  /**
   * set()'s options come as getters that answer the intended value on the first read and
   * garbage (NaN, -1, undefined, a string) on every later one: the cache must use what it checked.
   */
  shiftyOptions: boolean;
  /**
   * Caches of many sizes and policies made, filled, closed and dropped without close() around
   * the fuzzed cache, in its arena (./neighbours.ts).
   */
  neighbourCaches: boolean;
}

/**
 * `core`: the ordinary uses of the cache. `hostile`: everything, including the uses that once
 * broke it (test/reliability.test.ts: clock moving inside cost/shouldUpdate, writes from them,
 * clocks returning garbage or negative values, budgets beyond 2^53, too-costly updates).
 */
export const PROFILES = {
  core: {
    reentrantEvents: true,
    tickInEvents: true,
    throwingCallbacks: true,
    tickInDecide: false,
    readsInDecide: false,
    writesInDecide: false,
    negativeClock: false,
    badClock: false,
    badBudgets: false,
    oversizeUpdates: false,
    realtimeClock: false,
    inexactCosts: false,
    shiftyOptions: false,
    neighbourCaches: true,
  },
  hostile: {
    reentrantEvents: true,
    tickInEvents: true,
    throwingCallbacks: true,
    tickInDecide: true,
    readsInDecide: true,
    writesInDecide: true,
    negativeClock: true,
    badClock: true,
    badBudgets: true,
    oversizeUpdates: true,
    realtimeClock: true,
    inexactCosts: true,
    shiftyOptions: true,
    neighbourCaches: true,
  },
} satisfies Record<string, Features>;

export type ProfileName = keyof typeof PROFILES;

export interface Config {
  policy: string;
  policyOptions?: Record<string, unknown>;
  maxCost: number;
  /** The `ttl` option (0 = none). */
  ttl: number;
  clockStart: number;
  /** The cache's `seed` option (hashing and sampling are reproducible). */
  seed: number;
  /** Keys are drawn from KEY_POOL[0 .. keyCount). */
  keyCount: number;
  costFn: boolean;
  validator: boolean;
  listeners: 'all' | 'exit';
  metrics: boolean;
  bufferItems: number;
  numCounters?: number;
  features: Features;
}

export type Op =
  | { t: 'set' | 'setIfPresent'; k: number; cost?: number; ttl?: number; same?: boolean; s: number }
  | { t: 'get' | 'peek' | 'has' | 'delete' | 'getTTL'; k: number; s: number }
  | { t: 'clear' | 'purge' | 'flush' | 'iterate' | 'iterDelete'; s: number }
  | { t: 'maxCost'; v: number; s: number }
  | { t: 'tick'; ms: number }
  | { t: 'poison'; bad: number };

export type SetOp = Extract<Op, { t: 'set' | 'setIfPresent' }>;
export type KeyOp = Extract<Op, { t: 'get' | 'peek' | 'has' | 'delete' | 'getTTL' }>;

/** What a clock may return instead of a time (each must make the reading call throw a TypeError naming clock). */
export const BAD_CLOCK_VALUES: readonly unknown[] = [NaN, undefined, null, '1000', 12n, {}, Infinity, -Infinity];

export type Rand = (n: number) => number;

export function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[r(xs.length)]!;
}

/** Values a shifty option answers after its first read (see Features.shiftyOptions). */
const SHIFTY_VALUES: readonly unknown[] = [NaN, -1, undefined, '5', Infinity];

/**
 * `options` as getters: each answers its value on the first read and one of SHIFTY_VALUES
 * (chosen by `seed`) on every later read.
 */
export function shifty<T extends object>(options: T, seed: number): T {
  const shifted: Record<string, unknown> = {};
  let n = seed;
  for (const [name, value] of Object.entries(options)) {
    let reads = 0;
    const later = SHIFTY_VALUES[n++ % SHIFTY_VALUES.length];
    Object.defineProperty(shifted, name, { enumerable: true, get: () => (reads++ === 0 ? value : later) });
  }
  return shifted as T;
}

/** The seed of one epoch of a run. */
export function epochSeed(seed: number, epoch: number): number {
  return fmix32((Math.imul(seed >>> 0, 0x9e3779b1) ^ fmix32(epoch + 0x632be5ab)) >>> 0) || 1;
}

/** Ops in one epoch (a fresh cache each): mostly long, some short. */
export function epochLength(seed: number): number {
  return pick(rng(seed ^ 0x5bd1e995), [60, 300, 1000, 1500, 2500, 2500]);
}

const POLICY_OPTIONS: Record<string, (r: Rand) => Record<string, unknown> | undefined> = {
  'w-tinylfu': (r) =>
    pick(r, [undefined, { adaptive: false }, { windowFrac: 0.5 }, { windowFrac: 0.2, adaptive: true }]),
  'lru-k': (r) => pick(r, [undefined, { k: 1 }, { k: 3 }]),
  '2q': (r) => pick(r, [undefined, { probationFrac: 0.5 }]),
  's3-fifo': (r) => pick(r, [undefined, { smallRatio: 0.5, ghostRatio: 0.2 }, { ghostRatio: 2 }]),
  slru: (r) => pick(r, [undefined, { probationaryFrac: 0.6 }]),
  lirs: (r) => pick(r, [undefined, { hirFrac: 0.3 }]),
};

export function genConfig(policy: string, seed: number, features: Features): Config {
  const r = rng(seed);
  const config: Config = {
    policy,
    maxCost: pick(r, [1, 2, 3, 4, 5, 6, 8, 8, 12, 16, 24, 32, 64, 2.5, 100, Infinity]),
    ttl: r(4) === 0 ? pick(r, [1, 5, 20, 100]) : 0,
    clockStart:
      features.negativeClock && r(2) === 0
        ? pick(r, [-1, -5, -20, -100, -1000, -5e5, -(2 ** 40)])
        : pick(r, [0, 1000, 1.7e12, 0.5]),
    seed: r(1_000_000_000),
    keyCount: pick(r, [3, 6, 10, 16, 24, 40, 64, KEY_POOL.length]),
    costFn: r(3) === 0,
    validator: r(3) === 0,
    listeners: r(4) === 0 ? 'exit' : 'all',
    metrics: r(8) !== 0,
    bufferItems: pick(r, [1, 2, 8, 64]),
    features,
  };
  let options = POLICY_OPTIONS[policy]?.(r);
  // Half the runs of a policy with variants (cachekit's rules among them) take another one.
  const variants = ALL_POLICIES.find((d) => d.name === policy)?.variants ?? [];
  if (variants.length > 1 && r(2) === 0) options = { ...options, variant: pick(r, variants.slice(1)) };
  if (options !== undefined) config.policyOptions = options;
  if (r(4) === 0) config.numCounters = pick(r, [1, 16, 64]);
  return config;
}

export function genKey(r: Rand, keyCount: number): number {
  return r(2) === 0 ? r(Math.min(8, keyCount)) : r(keyCount);
}

export function finiteBudget(config: Config): number {
  return Number.isFinite(config.maxCost) ? config.maxCost : 10;
}

export function genCost(r: Rand, m: number, inexact: boolean): number {
  const c = pick(r, [0, 0, 1, 1, 1, 2, 3, 0.5, 0.125, 0.25, m, m + 1, 2 * m + 0.5, 1e6]);
  return inexact && r(3) === 0 ? pick(r, [0.1, 0.3, c + 0.1, 1e6 + 0.1]) : c;
}

export function genTtl(r: Rand): number {
  return pick(r, [0, Infinity, 1, 2, 5, 10, 20, 50, 1000]);
}

/** A random op (the generator never looks at the cache, so a trace can be rebuilt from the seed). */
function genOp(r: Rand, config: Config): Op {
  const f = config.features;
  const k = genKey(r, config.keyCount);
  const s = r(0x7fffffff);
  const roll = r(1000);
  if (roll < 300) {
    const op: SetOp = { t: roll < 260 ? 'set' : 'setIfPresent', k, s };
    if (r(10) < 4) op.cost = genCost(r, finiteBudget(config), f.inexactCosts);
    if (r(10) < 5) op.ttl = genTtl(r);
    if (r(16) === 0) op.same = true;
    return op;
  }
  if (roll < 560) return { t: 'get', k, s };
  if (roll < 600) return { t: 'peek', k, s };
  if (roll < 630) return { t: 'has', k, s };
  if (roll < 650) return { t: 'getTTL', k, s };
  if (roll < 710) return { t: 'delete', k, s };
  if (roll < 810) return { t: 'tick', ms: pick(r, [0, 1, 1, 2, 3, 5, 10, 50, 1000, 0.5]) };
  if (roll < 815) return { t: 'clear', s };
  if (roll < 830) return { t: 'purge', s };
  if (roll < 840) return { t: 'flush', s };
  if (roll < 855) return { t: 'iterate', s };
  if (roll < 860) return { t: 'iterDelete', s };
  if (roll < 880) {
    if (f.badBudgets && r(4) === 0) return { t: 'maxCost', v: pick(r, [2 ** 53, 2 ** 60, 1e300, 0, -1, NaN]), s };
    return { t: 'maxCost', v: pick(r, [1, 2, 3, 4, 8, 16, 64, 0.5, 2.5, Infinity, config.maxCost, config.maxCost]), s };
  }
  if (roll < 886 && f.badClock) return { t: 'poison', bad: r(BAD_CLOCK_VALUES.length) };
  return { t: 'get', k, s };
}

export function genOps(config: Config, seed: number, count: number): Op[] {
  const r = rng(seed ^ 0x27d4eb2f);
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) ops.push(genOp(r, config));
  return ops;
}

export function describeBad(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'object' && v !== null) return '{}';
  return String(v);
}

/** Renders an op the way a reader would write the call. */
export function formatOp(op: Op): string {
  switch (op.t) {
    case 'set':
    case 'setIfPresent': {
      const opts: string[] = [];
      if (op.cost !== undefined) opts.push(`cost: ${op.cost}`);
      if (op.ttl !== undefined) opts.push(`ttl: ${op.ttl}`);
      return `${op.t}(${describeKey(KEY_POOL[op.k])}, ${op.same ? 'same value' : 'new value'}${opts.length ? `, { ${opts.join(', ')} }` : ''})`;
    }
    case 'get':
    case 'peek':
    case 'has':
    case 'delete':
    case 'getTTL':
      return `${op.t}(${describeKey(KEY_POOL[op.k])})`;
    case 'clear':
    case 'flush':
      return `${op.t}()`;
    case 'purge':
      return 'purgeExpired()';
    case 'iterate':
      return 'iterate (entries/keys/values/forEach agree)';
    case 'iterDelete':
      return 'iterate, deleting every other key on the way';
    case 'maxCost':
      return `maxCost = ${op.v}`;
    case 'tick':
      return `clock += ${op.ms}`;
    case 'poison':
      return `clock.now() returns ${describeBad(BAD_CLOCK_VALUES[op.bad])} once`;
  }
}

/** `, { cost: …, ttl: … }` for a trace line (empty without options). */
export function formatOptions(o: { cost?: number; ttl?: number }): string {
  const parts: string[] = [];
  if (o.cost !== undefined) parts.push(`cost: ${o.cost}`);
  if (o.ttl !== undefined) parts.push(`ttl: ${o.ttl}`);
  return parts.length ? `, { ${parts.join(', ')} }` : '';
}
