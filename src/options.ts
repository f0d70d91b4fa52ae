// The Cache's constructor options: their types (public), and their checking and defaults
// (internal). Every check names the option and runs before anything is built.

import type { PolicySpec, PolicyValue } from './policies/machinery/registry.js';
import { resolvePolicy, DEFAULT_POLICY } from './policies/machinery/registry.js';
import type { PolicyDefinition } from './policies/machinery/define.js';
import {
  readOptions,
  rejectUnknownKeys,
  requireBoolean,
  requireFunction,
  requireInteger,
  requireNonNegative,
  requireNumber,
  requireObject,
  requireCost,
  describe,
} from './validate.js';

/** Why an entry was evicted: the budget needed room, or its TTL ran out. */
export type EvictionReason = 'capacity' | 'expired';

/** Why a value left the cache (onExit). */
export type ExitReason = EvictionReason | 'delete' | 'replace' | 'clear' | 'rejected';

/** A time source in milliseconds; only differences matter. */
export interface Clock {
  now(): number;
}

export interface CacheOptions<K, V> {
  /**
   * The budget, in any unit (entries when every cost is 1). Required; > 0; Infinity = unbounded.
   * It may be a fraction (a budget in GB for costs in GB), but entries cost 1 unless a cost is
   * given: below 1, a cache with default costs holds nothing (each set() returns false, onReject).
   */
  maxCost: number;
  /**
   * A second budget: at most this many entries, whatever their cost (lru-cache's `max` beside
   * its `maxSize`). The policy evicts until both budgets hold. Default Infinity (cost alone).
   */
  maxEntries?: number;
  /**
   * Remove each expired entry when it expires, by a timer (lru-cache's `ttlAutopurge`), so that
   * expired entries do not stay in `size` until read. One timer per cache, unref'd in Node;
   * where timers are unavailable, expiry is as without this option. Default false.
   */
  autopurge?: boolean;
  /**
   * Leave expired entries in place until they are read, deleted, evicted or purged: set() does
   * not remove a few in passing, so that peekExpired() can still serve them (lru-cache's
   * `allowStale`). Default false.
   */
  keepExpired?: boolean;
  /**
   * The eviction policy: a name from `POLICIES`, or `{ name, ...options }`; or a policy value
   * from `cortado/policies` (`lirs`, or `{ name: lruK, k: 3 }`), which `cortado/core` takes.
   */
  policy?: PolicySpec | PolicyValue;
  /**
   * Frequency-sketch counters for TinyLFU policies; default 10 × maxCost, at most 2^21. At most
   * 2^24 when given (the sketch takes 2 bytes per counter, rounded up to a power of two: 32 MiB).
   */
  numCounters?: number;
  /**
   * Default time to live in ms for every entry; 0 or absent = never expires. A function
   * `(value, key) => ms` gives each entry its own (0 or Infinity: never); it runs inside set()
   * as `cost` does (it may read the cache, not change it).
   */
  ttl?: number | ((value: V, key: K) => number);
  /**
   * An entry expires after this many ms without a get() (a get restarts its clock; peek and has
   * do not). Combines with `ttl`: whichever comes first. 0 or absent = no idle expiry.
   */
  idleTtl?: number;
  /** Loads a missing key for fetch() (which may also be given its own). See README, "Loading". */
  load?: Loader<K, V>;
  /**
   * fetch() of a value older than this many ms (since it was written) returns it at once and
   * reloads it in the background, once per key. 0 or absent = never.
   */
  refreshAfter?: number;
  /**
   * Receives each background refresh's promise (it never rejects), so that a runtime keeps
   * running until it settles: Cloudflare Workers' `ctx.waitUntil`. fetch() may give its own.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** The cost of a value when set() is given none (default: every value costs 1). */
  cost?: (value: V, key: K) => number;
  /**
   * Update validator: return false to keep the current value on set() of an existing key. It
   * (like `cost`) runs inside the write: it may read the cache, and any write from it throws.
   */
  shouldUpdate?: (current: V, next: V) => boolean;
  /** An entry was evicted: 'capacity' (the policy chose it) or 'expired'. Also fires onExit. */
  onEvict?: (key: K, value: V, reason: EvictionReason) => void;
  /** A new value was refused: by admission, or because its cost exceeds maxCost. Also fires onExit. */
  onReject?: (key: K, value: V) => void;
  /** Every value that leaves or is refused, exactly once, with the reason. */
  onExit?: (key: K, value: V, reason: ExitReason) => void;
  /** Keep the counters stats() reports (default true; they cost an increment each). */
  metrics?: boolean;
  /**
   * Record how long evicted entries lived: stats().lifeExpectancy, a histogram in ms
   * (ristretto's LifeExpectancySeconds). Default false: it reads the clock in every set() and
   * keeps 8 bytes per slot. Needs `metrics`.
   */
  lifeExpectancy?: boolean;
  /**
   * Time source for TTLs (default: performance.now, monotonic). `now()` must return a finite
   * number of ms (a TypeError otherwise), is read once per call, and must not call the cache.
   */
  clock?: Clock;
  /** Accesses buffered before one WebAssembly call records them in the sketch (default 64). */
  bufferItems?: number;
  /** Seed for key hashing and sampling, for reproducible runs (default: random, drawn lazily). */
  seed?: number;
  /** A precompiled kernels module (e.g. imported by a bundler); default: the inlined bytes. */
  wasmModule?: WebAssembly.Module;
}

/** The constructor's option names. */
export const OPTION_NAMES = [
  'maxCost',
  'policy',
  'numCounters',
  'ttl',
  'cost',
  'shouldUpdate',
  'onEvict',
  'onReject',
  'onExit',
  'metrics',
  'clock',
  'bufferItems',
  'seed',
  'wasmModule',
  'idleTtl',
  'load',
  'refreshAfter',
  'waitUntil',
  'lifeExpectancy',
  'maxEntries',
  'autopurge',
  'keepExpired',
] as const;

const MAX_DEFAULT_COUNTERS = 1 << 21;
/** The most counters a sketch may have: 2^24, a 32 MiB sketch (2^30 would take 2 GiB). */
export const MAX_COUNTERS = 1 << 24;

/** The options after checking, with defaults applied. */
export interface ResolvedOptions<K, V> {
  maxCost: number;
  maxEntries: number;
  autopurge: boolean;
  keepExpired: boolean;
  policy: PolicyDefinition<string, any>;
  policyOptions: object;
  numCounters: number;
  ttl: number;
  ttlOf: ((value: V, key: K) => number) | undefined;
  idleTtl: number;
  load: Loader<K, V> | undefined;
  refreshAfter: number;
  waitUntil: ((promise: Promise<unknown>) => void) | undefined;
  cost: ((value: V, key: K) => number) | undefined;
  shouldUpdate: ((current: V, next: V) => boolean) | undefined;
  onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  onReject: ((key: K, value: V) => void) | undefined;
  onExit: ((key: K, value: V, reason: ExitReason) => void) | undefined;
  metrics: boolean;
  lifeExpectancy: boolean;
  clock: Clock;
  bufferItems: number;
  seed: number | undefined;
  wasmModule: WebAssembly.Module | undefined;
}

function optional<T>(
  options: Record<string, unknown>,
  name: string,
  check: (name: string, v: unknown) => T,
): T | undefined {
  const value = options[name];
  return value === undefined ? undefined : check(name, value);
}

/** maxEntries: an integer >= 1, or Infinity. */
function requireCount(name: string, value: unknown): number {
  const n = requireNumber(name, value);
  return n === Infinity ? n : requireInteger(name, n, 1);
}

/** A duration where 0, Infinity and absent all mean "never": 0 for all three. */
function never(ms: number | undefined): number {
  return ms === undefined || ms === Infinity ? 0 : ms;
}

const defaultClock: Clock =
  typeof globalThis.performance?.now === 'function' ? { now: () => performance.now() } : { now: () => Date.now() };

export function resolveOptions<K, V>(input: unknown): ResolvedOptions<K, V> {
  // One read of each option: getters and Proxies are read once, and that value is checked and used.
  const options = readOptions('option', requireObject('options', input), OPTION_NAMES);
  if (options.maxCost === undefined)
    throw new TypeError('cortado: maxCost is required (the budget, e.g. { maxCost: 10_000 })');
  const maxCost = requireCost('maxCost', options.maxCost, true, true);
  // Only undefined means "not given", for every option: null is a wrong type (as for onExit).
  const { definition, options: policyOptions } = resolvePolicy(
    options.policy === undefined ? DEFAULT_POLICY : options.policy,
  );
  const numCounters =
    optional(options, 'numCounters', (n, v) => {
      const count = requireNumber(n, v);
      if (Number.isInteger(count) && count > MAX_COUNTERS) {
        throw new RangeError(
          `cortado: numCounters must be at most ${MAX_COUNTERS.toLocaleString('en-US')} (2^24, a 32 MiB sketch), got ${count}`,
        );
      }
      return requireInteger(n, v, 1, MAX_COUNTERS);
    }) ?? Math.max(1024, Math.min(MAX_DEFAULT_COUNTERS, Math.ceil(maxCost * 10)));
  const clock = optional(options, 'clock', (n, v) => {
    const c = requireObject(n, v);
    requireFunction(`${n}.now`, c.now);
    return c as unknown as Clock;
  });
  const wasmModule = optional(options, 'wasmModule', (n, v) => {
    if (!(v instanceof WebAssembly.Module))
      throw new TypeError(`cortado: ${n} must be a WebAssembly.Module, got ${describe(v)}`);
    return v;
  });
  const metrics = optional(options, 'metrics', requireBoolean) ?? true;
  const lifeExpectancy = optional(options, 'lifeExpectancy', requireBoolean) ?? false;
  if (lifeExpectancy && !metrics) {
    throw new TypeError(
      'cortado: the lifeExpectancy option needs metrics (it was set to false): lifetimes are reported by stats()',
    );
  }
  return {
    maxCost,
    maxEntries: optional(options, 'maxEntries', (n, v) => requireCount(n, v)) ?? Infinity,
    autopurge: optional(options, 'autopurge', requireBoolean) ?? false,
    keepExpired: optional(options, 'keepExpired', requireBoolean) ?? false,
    policy: definition,
    policyOptions,
    numCounters,
    ttl:
      typeof options.ttl === 'function' ? 0 : (optional(options, 'ttl', (n, v) => requireNonNegative(n, v, true)) ?? 0),
    ttlOf: typeof options.ttl === 'function' ? (options.ttl as (value: V, key: K) => number) : undefined,
    idleTtl: never(optional(options, 'idleTtl', (n, v) => requireNonNegative(n, v, true))),
    load: optional(options, 'load', requireFunction<Loader<K, V>>),
    refreshAfter: never(optional(options, 'refreshAfter', (n, v) => requireNonNegative(n, v, true))),
    waitUntil: optional(options, 'waitUntil', requireFunction<(promise: Promise<unknown>) => void>),
    cost: optional(options, 'cost', requireFunction<(value: V, key: K) => number>),
    shouldUpdate: optional(options, 'shouldUpdate', requireFunction<(current: V, next: V) => boolean>),
    onEvict: optional(options, 'onEvict', requireFunction<(key: K, value: V, reason: EvictionReason) => void>),
    onReject: optional(options, 'onReject', requireFunction<(key: K, value: V) => void>),
    onExit: optional(options, 'onExit', requireFunction<(key: K, value: V, reason: ExitReason) => void>),
    metrics,
    lifeExpectancy,
    clock: clock ?? defaultClock,
    bufferItems: optional(options, 'bufferItems', (n, v) => requireInteger(n, v, 1, 65536)) ?? 64,
    seed: optional(options, 'seed', (n, v) => {
      const s = requireNumber(n, v);
      if (!Number.isFinite(s)) throw new RangeError(`cortado: ${n} must be finite, got ${s}`);
      return s;
    }),
    wasmModule,
  };
}

/** Per-call options of set() and setIfPresent(). */
export interface SetOptions {
  /**
   * This entry's cost (default: the `cost` option's function, else 1), from 0 to
   * Number.MAX_SAFE_INTEGER. Cost 0 counts nothing against maxCost, so zero-cost entries stay
   * until deleted, expired or cleared.
   */
  cost?: number;
  /** This entry's time to live in ms (default: the `ttl` option); 0 or Infinity = never expires. */
  ttl?: number;
  /**
   * Replace the value of a present key without touching its expiry (Redis `KEEPTTL`); a new key
   * gets its TTL as usual. Cannot be combined with `ttl`.
   */
  keepTTL?: boolean;
}

const SET_OPTION_NAMES = ['cost', 'ttl', 'keepTTL'] as const;

export function checkSetOptions(options: unknown): SetOptions {
  const o = requireObject('set() options', options);
  rejectUnknownKeys('set() option', o, SET_OPTION_NAMES);
  // Each option read once, and that value checked and used (a getter cannot change it later).
  const cost = o.cost;
  const ttl = o.ttl;
  const keepTTL = o.keepTTL;
  if (cost !== undefined) requireCost('cost', cost, false);
  if (ttl !== undefined) requireNonNegative('ttl', ttl, true);
  if (keepTTL !== undefined && requireBoolean('keepTTL', keepTTL) && ttl !== undefined) {
    throw new TypeError('cortado: keepTTL and ttl cannot be combined: keepTTL keeps the expiry that ttl would set');
  }
  return { cost: cost as number | undefined, ttl: ttl as number | undefined, keepTTL: keepTTL as boolean | undefined };
}

/** What a load function receives besides the key. */
export interface LoadContext<V> {
  /** Aborts when every caller waiting for this load has aborted (never for a background refresh). */
  signal: AbortSignal;
  /** The value being refreshed (refreshAfter, forceRefresh), or undefined for a missing key. */
  stale: V | undefined;
}

/**
 * Loads the value of a key: fetch() calls it once per key however many callers wait. Returning
 * (or resolving to) undefined caches nothing, and the callers get undefined.
 */
export type Loader<K, V> = (key: K, context: LoadContext<V>) => V | undefined | Promise<V | undefined>;

/** A load function that always finds a value: fetch() with it resolves a value, never undefined. */
export type FindingLoader<K, V> = (key: K, context: LoadContext<V>) => V | Promise<V>;

/** Per-call options of fetch(). */
export interface FetchOptions<K, V> {
  /** Loads the key if it must be loaded (default: the cache's `load` option). */
  load?: Loader<K, V>;
  /** Aborting it rejects this call with an AbortError; the load itself stops when every caller aborted. */
  signal?: AbortSignal;
  /** The loaded value's time to live, as set()'s `ttl`. */
  ttl?: number;
  /** The loaded value's cost, as set()'s `cost`. */
  cost?: number;
  /** Load even when a live value is present (joining a load already in flight for the key). */
  forceRefresh?: boolean;
  /** Receives a background refresh's promise (default: the cache's `waitUntil` option). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

const FETCH_OPTION_NAMES = ['load', 'signal', 'ttl', 'cost', 'forceRefresh', 'waitUntil'] as const;

/** Per-call options of getOrSet(). */
export interface GetOrSetOptions {
  /** The computed value's time to live, as set()'s `ttl`. */
  ttl?: number;
  /** The computed value's cost, as set()'s `cost`. */
  cost?: number;
  /** Compute even when a live value is present. */
  forceRefresh?: boolean;
}

const GET_OR_SET_OPTION_NAMES = ['ttl', 'cost', 'forceRefresh'] as const;

/** The checks of fetch()'s and getOrSet()'s options, by name (set()'s own check is its fast path). */
const LOADING_OPTION_CHECKS: Record<string, (name: string, value: unknown) => unknown> = {
  load: requireFunction,
  signal: (name, value) => {
    const s = value as { aborted?: unknown; addEventListener?: unknown } | null;
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.aborted !== 'boolean' ||
      typeof s.addEventListener !== 'function'
    ) {
      throw new TypeError(`cortado: ${name} must be an AbortSignal, got ${describe(value)}`);
    }
  },
  ttl: (name, value) => requireNonNegative(name, value, true),
  cost: (name, value) => requireCost(name, value, false),
  forceRefresh: requireBoolean,
  waitUntil: requireFunction,
};

function checkLoadingOptions(method: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  // A copy, each option read once: fetch() uses its options when the load ends, and a caller
  // may reuse (and change) the same object for the next call meanwhile.
  const o = readOptions(`${method} option`, requireObject(`${method} options`, options), allowed);
  for (const name of allowed) if (o[name] !== undefined) LOADING_OPTION_CHECKS[name]!(name, o[name]);
  return o;
}

export function checkFetchOptions<K, V>(options: unknown): FetchOptions<K, V> {
  return checkLoadingOptions('fetch()', options, FETCH_OPTION_NAMES);
}

export function checkGetOrSetOptions(options: unknown): GetOrSetOptions {
  return checkLoadingOptions('getOrSet()', options, GET_OR_SET_OPTION_NAMES);
}
