// The types of cortado/lru-cache: lru-cache 11's option, status and callback types under the same
// names (`LRUCache.Options`, `LRUCache.Status`, `LRUCache.Fetcher`…, merged into the class's
// namespace in lru-cache.ts), so code written against lru-cache type-checks unchanged, plus
// `policy`, the one option cortado adds.

import type { PolicySpec } from '../../index.js';

/** A size (sizeCalculation, maxSize): a positive integer. */
export type LRUSize = number;
/** A duration, or a time a TTL started counting from, in ms. */
export type LRUMilliseconds = number;
/** A number of entries: a positive integer. */
export type LRUCount = number;

/**
 * Why a value left the cache: `evict` (the policy chose it to make room, or, with an admission
 * policy such as 'w-tinylfu', the value was refused as it came), `set` (overwritten), `delete`
 * (delete(), clear(), set() of undefined), `expire` (its TTL ran out), `fetch` (a fetchMethod
 * returned undefined, rejected or was aborted, and the stale value was removed).
 */
export type LRUDisposeReason = 'evict' | 'set' | 'delete' | 'expire' | 'fetch';
/** dispose and disposeAfter. */
export type LRUDisposer<K, V> = (value: V, key: K, reason: LRUDisposeReason) => void;
/** Why onInsert was called: a new key, the same value set again, or a new value for a key. */
export type LRUInsertReason = 'add' | 'update' | 'replace';
/** onInsert. */
export type LRUInserter<K, V> = (value: V, key: K, reason: LRUInsertReason) => void;
/** sizeCalculation: a positive integer for each value. */
export type LRUSizeCalculator<K, V> = (value: V, key: K) => LRUSize;

/** A time source with `now()` in ms (lru-cache's `perf`). */
export interface LRUPerf {
  now(): number;
}

/** What a fetchMethod receives besides the key and the stale value. */
export interface LRUFetcherOptions<K, V, FC = unknown> {
  /** Aborts when the fetch is abandoned: its caller's signal aborted, or the key was set or deleted. */
  signal: AbortSignal;
  /** The fetch's options; the fetchMethod may change `ttl`, `size`… for the value it returns. */
  options: LRUFetcherFetchOptions<K, V, FC>;
  /** fetch()'s `context`. */
  context: FC;
}

/** What a call did, filled in when a `status` object is passed (see lru-cache's docs). */
export interface LRUStatus<K, V, FC = unknown> {
  op?: 'get' | 'set' | 'memo' | 'fetch' | 'delete' | 'has' | 'peek';
  set?: 'add' | 'update' | 'replace' | 'miss' | 'deleted';
  delete?: LRUDisposeReason;
  peek?: 'hit' | 'miss' | 'stale';
  memo?: 'hit' | 'miss';
  context?: unknown;
  /** The entry's TTL, when it has one. */
  ttl?: LRUMilliseconds;
  /** When its TTL started, on the cache's clock. */
  start?: LRUMilliseconds;
  /** The clock's time of the call. */
  now?: LRUMilliseconds;
  remainingTTL?: LRUMilliseconds;
  entrySize?: LRUSize;
  totalCalculatedSize?: LRUSize;
  maxEntrySizeExceeded?: true;
  key?: K;
  value?: V;
  oldValue?: V;
  has?: 'hit' | 'stale' | 'miss';
  fetch?: 'get' | 'inflight' | 'miss' | 'hit' | 'stale' | 'refresh';
  forceRefresh?: boolean;
  fetchDispatched?: true;
  fetchUpdated?: true;
  fetchError?: Error;
  fetchAborted?: true;
  fetchAbortIgnored?: true;
  fetchResolved?: true;
  fetchRejected?: true;
  get?: 'stale' | 'hit' | 'miss' | 'fetching' | 'stale-fetching';
  returnedStale?: true;
  trace?: boolean;
  cache?: LRUStatusCache<K, V, FC>;
}

/**
 * The cache a status object was filled by: the LRUCache class, merged in by lru-cache.ts (a
 * module augmentation, so that this file need not import the class that imports it).
 */
// biome-ignore lint/suspicious/noEmptyInterface lint/correctness/noUnusedVariables: filled, type parameters and all, by the augmentation in lru-cache.ts
export interface LRUStatusCache<K, V, FC> {}

/** The constructor options a memoMethod sees per call: those the computed value is read and stored with. */
type LRUPerStoreOptions<K, V, FC> = Pick<
  LRUOptionsBase<K, V, FC>,
  'allowStale' | 'updateAgeOnGet' | 'noDeleteOnStaleGet' | 'sizeCalculation' | 'ttl' | 'noDisposeOnSet' | 'noUpdateTTL'
>;

/** The constructor options that fetch() and memo() also take per call: those, and the fetch rules. */
type LRUPerLoadOptions<K, V, FC> = LRUPerStoreOptions<K, V, FC> &
  Pick<
    LRUOptionsBase<K, V, FC>,
    'noDeleteOnFetchRejection' | 'allowStaleOnFetchRejection' | 'ignoreFetchAbort' | 'allowStaleOnFetchAbort'
  >;

/** The options of fetch() that a fetchMethod sees (and may change for the value it returns). */
export interface LRUFetcherFetchOptions<K, V, FC = unknown> extends LRUPerLoadOptions<K, V, FC> {
  status?: LRUStatus<K, V, FC>;
  size?: LRUSize;
}

/** fetch()'s options. */
export interface LRUFetchOptions<K, V, FC> extends LRUFetcherFetchOptions<K, V, FC> {
  /** Fetch even when a fresh value is cached. */
  forceRefresh?: boolean;
  /** Passed to the fetchMethod as `options.context`. */
  context?: FC;
  signal?: AbortSignal;
  status?: LRUStatus<K, V, FC>;
}
export interface LRUFetchOptionsWithContext<K, V, FC> extends LRUFetchOptions<K, V, FC> {
  context: FC;
}
export interface LRUFetchOptionsNoContext<K, V, FC extends undefined | void = undefined>
  extends LRUFetchOptions<K, V, FC> {
  context?: FC;
}

/** fetch()'s and forceFetch()'s options by the context type FC, as lru-cache types them: required when FC needs a context. */
export type LRUFetchOptionsFor<K, V, FC> = unknown extends FC
  ? LRUFetchOptions<K, V, FC>
  : FC extends undefined | void
    ? LRUFetchOptionsNoContext<K, V, FC>
    : LRUFetchOptionsWithContext<K, V, FC>;
/** The same options where they may be left out (never when FC needs a context). */
export type LRUFetchOptionsOptional<K, V, FC> = unknown extends FC
  ? LRUFetchOptions<K, V, FC>
  : FC extends undefined | void
    ? LRUFetchOptionsNoContext<K, V, FC>
    : never;
/** The key of the fetch(), forceFetch() and memo() overloads without options: never when FC needs a context. */
export type LRUKeyWithoutContext<K, FC> = unknown extends FC ? K : FC extends undefined | void ? K : never;

/** memo()'s options. */
export interface LRUMemoOptions<K, V, FC = unknown> extends LRUPerLoadOptions<K, V, FC> {
  /** Compute even when a value is cached. */
  forceRefresh?: boolean;
  /** Passed to the memoMethod as `options.context`. */
  context?: FC;
  status?: LRUStatus<K, V, FC>;
}
export interface LRUMemoOptionsWithContext<K, V, FC> extends LRUMemoOptions<K, V, FC> {
  context: FC;
}
export interface LRUMemoOptionsNoContext<K, V, FC extends undefined | void = undefined>
  extends LRUMemoOptions<K, V, FC> {
  context?: FC;
}
/** What a memoMethod receives besides the key and the stale value. */
export interface LRUMemoizerOptions<K, V, FC = unknown> {
  options: LRUMemoizerMemoOptions<K, V, FC>;
  context: FC;
}
export interface LRUMemoizerMemoOptions<K, V, FC = unknown> extends LRUPerStoreOptions<K, V, FC> {
  status?: LRUStatus<K, V, FC>;
  size?: LRUSize;
  start?: LRUMilliseconds;
}

/** has()'s options. */
export interface LRUHasOptions<K, V, FC> extends Pick<LRUOptionsBase<K, V, FC>, 'updateAgeOnHas'> {
  status?: LRUStatus<K, V, FC>;
}
/** get()'s options. */
export interface LRUGetOptions<K, V, FC>
  extends Pick<LRUOptionsBase<K, V, FC>, 'allowStale' | 'updateAgeOnGet' | 'noDeleteOnStaleGet'> {
  status?: LRUStatus<K, V, FC>;
}
/** peek()'s options. */
export interface LRUPeekOptions<K, V, FC> extends Pick<LRUOptionsBase<K, V, FC>, 'allowStale'> {
  status?: LRUStatus<K, V, FC>;
}
/** set()'s options. */
export interface LRUSetOptions<K, V, FC>
  extends Pick<LRUOptionsBase<K, V, FC>, 'sizeCalculation' | 'ttl' | 'noDisposeOnSet' | 'noUpdateTTL'> {
  /** This value's size (else sizeCalculation's). */
  size?: LRUSize;
  /** When this value's TTL started, on the cache's clock (default: now). */
  start?: LRUMilliseconds;
  status?: LRUStatus<K, V, FC>;
}

/** fetchMethod: loads a key (`staleValue`: the value it replaces, if any). */
export type LRUFetcher<K, V, FC = unknown> = (
  key: K,
  staleValue: V | undefined,
  options: LRUFetcherOptions<K, V, FC>,
) => Promise<V | undefined | void> | V | undefined | void;
/** memoMethod: computes a key's value synchronously. */
export type LRUMemoizer<K, V, FC = unknown> = (
  key: K,
  staleValue: V | undefined,
  options: LRUMemoizerOptions<K, V, FC>,
) => V;

/** The constructor's options: lru-cache 11's, and `policy`. */
export interface LRUOptionsBase<K, V, FC> {
  /** At most this many entries. */
  max?: LRUCount;
  /** Default TTL in ms (0: none). */
  ttl?: LRUMilliseconds;
  /** Accepted for compatibility; cortado reads its clock once per call. */
  ttlResolution?: LRUMilliseconds;
  /** Remove expired entries when they expire, by a timer (unref'd in Node). */
  ttlAutopurge?: boolean;
  /** A get() restarts the entry's TTL. */
  updateAgeOnGet?: boolean;
  /** A has() restarts the entry's TTL. */
  updateAgeOnHas?: boolean;
  /** Return an expired value (once, as it is removed) rather than undefined. */
  allowStale?: boolean;
  /** Called as each value leaves, with the reason. */
  dispose?: LRUDisposer<K, V>;
  /** Called as each value is stored, with the reason. */
  onInsert?: LRUInserter<K, V>;
  /** Like dispose, after the operation that removed the value has finished. */
  disposeAfter?: LRUDisposer<K, V>;
  /** Do not dispose a value that set() overwrites. */
  noDisposeOnSet?: boolean;
  /** set() of a present key keeps its TTL. */
  noUpdateTTL?: boolean;
  /** At most this summed size (sizeCalculation or set()'s `size`). */
  maxSize?: LRUSize;
  /** Accepted for compatibility: a fetch in flight takes no room in cortado/lru-cache. */
  backgroundFetchSize?: number;
  /** A value larger than this is not stored (default maxSize). */
  maxEntrySize?: LRUSize;
  /** Each value's size. */
  sizeCalculation?: LRUSizeCalculator<K, V>;
  /** Loads a key for fetch(). */
  fetchMethod?: LRUFetcher<K, V, FC>;
  /** Computes a key for memo(). */
  memoMethod?: LRUMemoizer<K, V, FC>;
  /** A failed fetch leaves the stale value in place. */
  noDeleteOnFetchRejection?: boolean;
  /** A get() of an expired entry does not remove it. */
  noDeleteOnStaleGet?: boolean;
  /** A failed fetch resolves to the stale value instead of rejecting. */
  allowStaleOnFetchRejection?: boolean;
  /** An aborted fetch resolves to the stale value, and its result is still stored. */
  allowStaleOnFetchAbort?: boolean;
  /** A fetch whose signal aborted still stores what the fetchMethod returns. */
  ignoreFetchAbort?: boolean;
  /** The clock for TTLs (default performance.now). */
  perf?: LRUPerf;
  /**
   * cortado's addition: the eviction policy (default 'lru', lru-cache's own evictions). Any of
   * cortado's POLICIES; with 'w-tinylfu' the hit ratio is higher and only the order of eviction
   * differs (README, "Coming from lru-cache": a burst of new keys into a warm cache is mostly refused).
   */
  policy?: PolicySpec;
}
export interface LRUOptionsMaxLimit<K, V, FC> extends LRUOptionsBase<K, V, FC> {
  max: LRUCount;
}
export interface LRUOptionsTTLLimit<K, V, FC> extends LRUOptionsBase<K, V, FC> {
  ttl: LRUMilliseconds;
  ttlAutopurge: boolean;
}
export interface LRUOptionsSizeLimit<K, V, FC> extends LRUOptionsBase<K, V, FC> {
  maxSize: LRUSize;
}
/** The constructor's options: one of max, maxSize, or ttl with ttlAutopurge bounds the cache. */
export type LRUOptions<K, V, FC> =
  | LRUOptionsMaxLimit<K, V, FC>
  | LRUOptionsSizeLimit<K, V, FC>
  | LRUOptionsTTLLimit<K, V, FC>;

/** An entry of dump() and load(), and info()'s answer. */
export interface LRUEntry<V> {
  value: V;
  ttl?: LRUMilliseconds;
  size?: LRUSize;
  /** When its TTL started, in Date.now() ms (portable across processes). */
  start?: LRUMilliseconds;
}
