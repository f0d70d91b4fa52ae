// TieredCache's options: their types (public) and their checking, which names the bad option.

import type { Cache, CacheOptions } from '../../index.js';
import type { RedisClient } from './client.js';
import type { TieredCacheError } from './error.js';

/** Turns values into the strings Redis stores, and back. */
export interface Serializer<V> {
  serialize(value: V): string;
  /** Throws (or returns undefined) for a string it cannot read: TieredCache then deletes the key. */
  deserialize(text: string): V;
}

export interface TieredCacheOptions<V> {
  /** L1: the options of a new Cache (`{ maxCost: 10_000 }`), or a Cache of string keys used only by this TieredCache. */
  local: CacheOptions<string, V> | Cache<string, V>;
  /** A connected `redis` (node-redis v4+) or `ioredis` client; TieredCache duplicates it for pub/sub and never closes it. */
  redis: RedisClient;
  /**
   * Names this cache's keys in Redis (`namespace:key`), its lock keys (`namespace+lock:key`) and
   * its invalidation channel (`namespace+invalidate`): letters, digits, `_`, `.` and `-`, so that
   * no namespace's keys match another's (clear() removes `namespace:*`).
   */
  namespace: string;
  /** Default time to live in ms of entries written by set() and fetch(); 0 or absent = no expiry. */
  ttl?: number;
  /**
   * The longest an entry may stay in L1, in ms (default: `local.ttl` when `local` is options,
   * else none). L1 never keeps an entry longer than Redis does, whatever this says.
   */
  localTtl?: number;
  /** How values become Redis strings (default: JSON.stringify / JSON.parse). */
  serializer?: Serializer<V>;
  /** Keep other processes' L1s coherent through a Redis channel (default true). */
  invalidation?: boolean;
  /**
   * The longest any one Redis call may take, in ms (default 1,000); past it, the call counts as
   * failed, and the circuit breaker opens: calls fail at once until a probe finds Redis again.
   * ready() waits this long at most.
   */
  timeout?: number;
  /** How long fetch()'s cross-process lock lives, in ms (default 5,000): a crashed loader's lock expires. */
  lockTtl?: number;
  /** How long fetch() waits for another process's load before loading itself, in ms (default: lockTtl). */
  lockWait?: number;
  /**
   * How long a key's version stays in Redis after a set() or delete() of it, in ms (default
   * 60,000): the version (`namespace+ver:key`, a few bytes) is what tells a load in flight that a
   * write came after its miss, so a delete leaves it behind for this long. fetch() does not store
   * a value whose load (from its miss on) took longer than this.
   */
  versionTtl?: number;
  /**
   * How long L1 may answer from what it knew when this process lost touch with the others (Redis
   * unreachable, or the subscription to invalidations lost), in ms (default 1,000): after that it
   * drops those entries. Values loaded by fetch() while Redis cannot be asked stay in L1 this long
   * (at most ttl and localTtl), so an outage costs one load per key per outageTtl in each process.
   */
  outageTtl?: number;
  /**
   * Called with every failure that is not thrown to a caller (a get() that could not reach Redis,
   * a value that failed to deserialize, a lost subscription); not the calls the open circuit
   * breaker refused (counted in stats()). They are also emitted as 'error'; with neither a
   * callback nor a listener, each is printed as one line, at most one a second, and none while
   * Redis is down: one line says it went down, one that it is back ('down' and 'up' events).
   */
  onError?: (error: TieredCacheError) => void;
}

/** The options after checking, with defaults applied. */
export interface ResolvedTieredOptions<V> {
  namespace: string;
  ttl: number;
  localTtl: number;
  serializer: Serializer<V>;
  invalidation: boolean;
  timeout: number;
  lockTtl: number;
  lockWait: number;
  versionTtl: number;
  outageTtl: number;
  onError: ((error: TieredCacheError) => void) | undefined;
}

const NAMES = [
  'local',
  'redis',
  'namespace',
  'ttl',
  'localTtl',
  'serializer',
  'invalidation',
  'timeout',
  'lockTtl',
  'lockWait',
  'versionTtl',
  'outageTtl',
  'onError',
];
const NAMESPACE = /^[\w.-]+$/;

const JSON_SERIALIZER: Serializer<any> = {
  serialize: (value) => JSON.stringify(value),
  deserialize: (text) => JSON.parse(text),
};

function fail(error: new (message: string) => Error, name: string, rule: string, value: unknown): never {
  throw new error(
    `cortado/redis: ${name} must be ${rule}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
  );
}

/** A duration in ms: a number >= 0 (Infinity allowed where `infinite`), `fallback` when absent. */
export function duration(name: string, value: unknown, fallback: number, positive = false, infinite = true): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') fail(TypeError, name, 'a number of milliseconds', value);
  if (Number.isNaN(value) || value < 0 || (positive && value === 0) || (!infinite && value === Infinity)) {
    fail(RangeError, name, `${positive ? '> 0' : '>= 0'}${infinite ? '' : ' and finite'}`, value);
  }
  return value;
}

/** Checks TieredCache's options (all but `local` and `redis`, which the constructor takes apart). */
export function resolveTieredOptions<V>(options: TieredCacheOptions<V>): ResolvedTieredOptions<V> {
  if (options === null || typeof options !== 'object') fail(TypeError, 'options', 'an object', options);
  for (const name of Object.keys(options)) {
    if (!NAMES.includes(name))
      throw new TypeError(`cortado/redis: unknown option "${name}"; known: ${NAMES.join(', ')}`);
  }
  if (options.local === null || typeof options.local !== 'object')
    fail(TypeError, 'local', 'Cache options or a Cache', options.local);
  if (typeof options.namespace !== 'string' || !NAMESPACE.test(options.namespace)) {
    fail(TypeError, 'namespace', 'a non-empty string of letters, digits, _ . -', options.namespace);
  }
  const serializer = options.serializer ?? JSON_SERIALIZER;
  if (typeof serializer?.serialize !== 'function' || typeof serializer.deserialize !== 'function') {
    fail(TypeError, 'serializer', '{ serialize(value), deserialize(text) }', serializer);
  }
  if (options.invalidation !== undefined && typeof options.invalidation !== 'boolean')
    fail(TypeError, 'invalidation', 'a boolean', options.invalidation);
  if (options.onError !== undefined && typeof options.onError !== 'function')
    fail(TypeError, 'onError', 'a function', options.onError);
  const lockTtl = duration('lockTtl', options.lockTtl, 5_000, true, false);
  // The local cache's own default TTL caps L1 entries; a ttl function (per value) is left to that cache.
  const localOptionsTtl =
    typeof (options.local as { get?: unknown }).get === 'function'
      ? undefined
      : (options.local as CacheOptions<string, V>).ttl;
  const localDefault = typeof localOptionsTtl === 'number' ? localOptionsTtl : undefined;
  return {
    namespace: options.namespace,
    ttl: duration('ttl', options.ttl, 0),
    localTtl: duration('localTtl', options.localTtl, localDefault || Infinity, true),
    serializer,
    invalidation: options.invalidation ?? true,
    timeout: duration('timeout', options.timeout, 1_000, true, false),
    lockTtl,
    lockWait: duration('lockWait', options.lockWait, lockTtl, false, false),
    versionTtl: duration('versionTtl', options.versionTtl, 60_000, true, false),
    outageTtl: duration('outageTtl', options.outageTtl, 1_000, true, false),
    onError: options.onError,
  };
}
