// LRUCache: lru-cache 11's class on a cortado Cache, so that changing the import line is the
// whole migration. The store, the evictions (the 'lru' policy by default: lru-cache's own, key for
// key), TTLs, the timer of ttlAutopurge, stale reads and the two budgets (max and maxSize) are the
// core's; this class translates lru-cache's calls, options and callbacks onto it. Without options,
// get() and set() are one call into the Cache each, with nothing allocated.
//
// Where lru-cache's behaviour is not kept, README's "Coming from lru-cache" says which and why.

import { Cache, type CacheOptions, type ExitReason } from '../../index.js';
import { BackgroundFetches } from './fetch.js';
import { checkOptions, type LruOptions, storeOptions } from './options.js';
import type * as T from './types.js';

/** The core's exit reasons in lru-cache's words ('rejected': admission refused a value as it came). */
const DISPOSE_REASON: Readonly<Record<ExitReason, T.LRUDisposeReason>> = {
  capacity: 'evict',
  expired: 'expire',
  delete: 'delete',
  replace: 'set',
  clear: 'delete',
  rejected: 'evict',
};

/** The options a copy made with `new LRUCache(otherCache)` gets, read from the other cache. */
const OPTIONS_OF = Symbol('options');

/**
 * lru-cache 11's `LRUCache`, with the same options, methods, getters, callbacks and types, on a
 * cortado Cache. `policy` (default 'lru') selects any of cortado's policies: with 'w-tinylfu' the
 * hit ratio is higher and only the order of eviction differs from lru-cache's.
 *
 * Iteration (entries(), keys(), values(), forEach(), find()) runs most recently used first under
 * 'lru', least recently used first for the r- methods; under another policy, the keys that policy
 * would evict last come first (cortado's `hottest()` order).
 */

declare module './types.js' {
  interface LRUStatusCache<K, V, FC> extends LRUCache<K & {}, V & {}, FC> {}
}

export class LRUCache<K extends {}, V extends {}, FC = unknown> {
  /** The store. */
  private readonly core: Cache<K, V>;
  private readonly o: LruOptions<K, V, FC>;
  private readonly [OPTIONS_OF]: T.LRUOptionsBase<K, V, FC>;
  /** Sizes are kept (maxSize or maxEntrySize): each entry's size is its cost in the store. */
  private readonly sized: boolean;
  /** Some entry has had a TTL: reads then look for stale entries. */
  private timed: boolean;
  /** get() with no options needs nothing but the store's get(). */
  private readonly plainGet: boolean;
  /** set() with no options needs nothing but the store's set() (recomputed when TTLs start). */
  private plainSet: boolean;
  /** Fetches in flight (fetch.ts); `fetching` counts them, so the fast paths test one number. */
  private readonly fetches: BackgroundFetches<K, V, FC>;
  /** @internal */
  fetching = 0;
  /** disposeAfter's queue: drained when the call that removed the values ends. */
  private readonly disposed: [V, K, T.LRUDisposeReason][] = [];
  // One exit of the call under way told in other words: the key, the store's reason, lru-cache's.
  private renameKey: K | undefined = undefined;
  private renameFrom: ExitReason | undefined = undefined;
  private renameTo: T.LRUDisposeReason | 'quiet' = 'quiet';
  /** clear() under way: the values it removes, told in lru-cache's order once it is done. */
  private clearing: [K, V][] | undefined = undefined;

  /** Default TTL in ms (0: none). */
  readonly ttl: T.LRUMilliseconds;
  /** Accepted and kept for compatibility; cortado reads its clock once per call. */
  readonly ttlResolution: T.LRUMilliseconds;
  readonly ttlAutopurge: boolean;
  readonly updateAgeOnGet: boolean;
  readonly updateAgeOnHas: boolean;
  readonly allowStale: boolean;
  readonly noDisposeOnSet: boolean;
  readonly noUpdateTTL: boolean;
  readonly maxEntrySize: T.LRUSize;
  readonly sizeCalculation?: T.LRUSizeCalculator<K, V>;
  readonly noDeleteOnFetchRejection: boolean;
  readonly noDeleteOnStaleGet: boolean;
  readonly allowStaleOnFetchAbort: boolean;
  readonly allowStaleOnFetchRejection: boolean;
  readonly ignoreFetchAbort: boolean;
  /** Accepted for compatibility: a fetch in flight takes no room here. */
  readonly backgroundFetchSize: number;
  readonly [Symbol.toStringTag] = 'LRUCache';

  constructor(options: T.LRUOptions<K, V, FC> | LRUCache<K, V, FC>) {
    const given = options instanceof LRUCache ? options[OPTIONS_OF] : options;
    const o = checkOptions<K, V, FC>(given);
    this[OPTIONS_OF] = given;
    this.o = o;
    this.sized = o.maxEntrySize !== 0;
    this.ttl = o.ttl;
    this.ttlResolution = o.ttlResolution;
    this.ttlAutopurge = o.ttlAutopurge;
    this.updateAgeOnGet = o.updateAgeOnGet;
    this.updateAgeOnHas = o.updateAgeOnHas;
    this.allowStale = o.allowStale;
    this.noDisposeOnSet = o.noDisposeOnSet;
    this.noUpdateTTL = o.noUpdateTTL;
    this.maxEntrySize = o.maxEntrySize;
    if (o.sizeCalculation !== undefined) this.sizeCalculation = o.sizeCalculation;
    this.noDeleteOnFetchRejection = o.noDeleteOnFetchRejection;
    this.noDeleteOnStaleGet = o.noDeleteOnStaleGet;
    this.allowStaleOnFetchAbort = o.allowStaleOnFetchAbort;
    this.allowStaleOnFetchRejection = o.allowStaleOnFetchRejection;
    this.ignoreFetchAbort = o.ignoreFetchAbort;
    this.backgroundFetchSize = o.backgroundFetchSize;
    const disposing = o.dispose !== undefined || o.disposeAfter !== undefined;
    const onExit: CacheOptions<K, V>['onExit'] = disposing
      ? (key, value, reason) => this.exited(key, value, reason)
      : undefined;
    this.core = new Cache<K, V>(storeOptions(o as LruOptions<K, V, unknown>, onExit));
    this.timed = o.ttl !== 0;
    this.plainGet = !o.allowStale && !o.noDeleteOnStaleGet && !o.updateAgeOnGet;
    this.plainSet = this.setNeedsNothingMore();
    this.fetches = new BackgroundFetches<K, V, FC>(this, o);
  }

  // ─── reads ────────────────────────────────────────────────────────────────────────────

  /** The value of `k`, marking it most recently used; undefined if absent or expired (see allowStale). */
  get(k: K, getOptions?: T.LRUGetOptions<K, V, FC>): V | undefined {
    if (getOptions === undefined && this.plainGet && this.fetching === 0) return this.core.get(k);
    if (getOptions?.status !== undefined) this.opened(getOptions.status, 'get', k);
    return this.getWith(k, getOptions ?? {});
  }

  /** The value of `k` with no change to its recency; undefined if absent or expired (see allowStale). */
  peek(k: K, peekOptions: T.LRUPeekOptions<K, V, FC> = {}): V | undefined {
    const { allowStale = this.allowStale, status } = peekOptions;
    if (status !== undefined) this.opened(status, 'peek', k);
    let value = this.core.peek(k);
    if (value === undefined) {
      const stale = this.timed ? this.core.peekExpired(k) : undefined;
      if (status !== undefined) status.peek = stale === undefined ? 'miss' : 'stale';
      if (stale !== undefined && allowStale) {
        value = stale;
        if (status !== undefined) status.peek = 'hit';
      }
    } else if (status !== undefined) status.peek = 'hit';
    if (status !== undefined && value !== undefined) status.value = value;
    return value;
  }

  /** Whether `k` holds a live value (false when expired), with no change to its recency. */
  has(k: K, hasOptions: T.LRUHasOptions<K, V, FC> = {}): boolean {
    const { updateAgeOnHas = this.updateAgeOnHas, status } = hasOptions;
    if (status !== undefined) this.opened(status, 'has', k);
    const live = updateAgeOnHas ? this.core.touch(k) : this.core.has(k);
    if (status !== undefined) {
      status.has = live ? 'hit' : this.timed && this.core.peekExpired(k) !== undefined ? 'stale' : 'miss';
      if (status.has !== 'miss') this.statusTTL(status, k);
    }
    return live;
  }

  /** Ms left of `k`'s TTL: Infinity without one, 0 when absent (and, here, when expired). */
  getRemainingTTL(key: K): number {
    return this.core.getTTL(key) ?? 0;
  }

  /** `k`'s value, TTL left (`start` is now, in Date.now() ms) and size; undefined when absent. */
  info(key: K): T.LRUEntry<V> | undefined {
    let value = this.core.peek(key);
    let ttl = this.core.getTTL(key);
    if (value === undefined) {
      value = this.timed ? this.core.peekExpired(key) : undefined;
      if (value === undefined) return undefined;
      ttl = 0;
    }
    const entry: T.LRUEntry<V> = { value };
    if (this.timed && ttl !== Infinity && ttl !== undefined) {
      entry.ttl = ttl;
      entry.start = Date.now();
    }
    if (this.sized) entry.size = this.core.info(key)?.cost ?? 0;
    return entry;
  }

  // ─── writes ───────────────────────────────────────────────────────────────────────────

  /** Stores `v` under `k` as the most recently used; `undefined` deletes `k`. Returns the cache. */
  set(k: K, v: V | undefined, setOptions?: T.LRUSetOptions<K, V, FC>): this {
    if (setOptions === undefined && this.plainSet && this.fetching === 0 && v !== undefined) {
      this.core.set(k, v);
      return this;
    }
    if (setOptions?.status !== undefined) this.opened(setOptions.status, 'set', k);
    this.setWith(k, v, setOptions ?? {}, false);
    return this;
  }

  /** Removes `k` (dispose 'delete'); returns whether it was there, expired or not. */
  delete(k: K): boolean {
    let deleted = this.fetching !== 0 && this.fetches.abort(k, 'deleted');
    const stale = this.timed && this.core.peekExpired(k) !== undefined;
    if (stale) this.rename(k, 'expired', 'delete');
    try {
      if (this.core.delete(k) || stale) deleted = true;
    } finally {
      this.renamed();
      this.drain();
    }
    return deleted;
  }

  /**
   * Removes every entry (dispose 'delete' for each, least recently used first, as lru-cache
   * disposes them) and abandons every fetch in flight.
   */
  clear(): void {
    if (this.fetching !== 0) this.fetches.abortAll();
    if (this.o.dispose === undefined && this.o.disposeAfter === undefined) {
      this.core.clear();
      return;
    }
    // The store reports a clear in its own order: held back, then told in the policy's.
    const rank = new Map<K, number>();
    for (const key of this.core.coldest()) rank.set(key, rank.size);
    const cleared: [K, V][] = [];
    this.clearing = cleared;
    try {
      this.core.clear();
    } finally {
      this.clearing = undefined;
    }
    // Expired entries (not in the order) first, as the oldest.
    cleared.sort((a, b) => (rank.get(a[0]) ?? -1) - (rank.get(b[0]) ?? -1));
    let failed = false;
    let error: unknown;
    for (const [key, value] of cleared) {
      try {
        this.told(key, value, 'delete');
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    this.drain();
    if (failed) throw error;
  }

  /** Evicts the least recently used entry (the policy's next victim) and returns its value. */
  pop(): V | undefined {
    try {
      return this.core.evictOne()?.[1];
    } finally {
      this.drain();
    }
  }

  /** Removes every expired entry (dispose 'expire'); returns whether any was. */
  purgeStale(): boolean {
    try {
      return this.core.purgeExpired() > 0;
    } finally {
      this.drain();
    }
  }

  // ─── iteration: most recently used first (see the class's comment for other policies) ───

  *entries(): Generator<[K, V], void, unknown> {
    for (const k of this.core.hottest()) {
      const v = this.core.peek(k);
      if (v !== undefined) yield [k, v];
    }
  }

  *rentries(): Generator<[K, V], void, unknown> {
    for (const k of this.core.coldest()) {
      const v = this.core.peek(k);
      if (v !== undefined) yield [k, v];
    }
  }

  *keys(): Generator<K, void, unknown> {
    for (const [k] of this.entries()) yield k;
  }

  *rkeys(): Generator<K, void, unknown> {
    for (const [k] of this.rentries()) yield k;
  }

  *values(): Generator<V, void, unknown> {
    for (const [, v] of this.entries()) yield v;
  }

  *rvalues(): Generator<V, void, unknown> {
    for (const [, v] of this.rentries()) yield v;
  }

  [Symbol.iterator](): Generator<[K, V], void, unknown> {
    return this.entries();
  }

  /** The first value (most recent first) for which `fn` is truthy, read with get(k, getOptions). */
  find(fn: (v: V, k: K, self: LRUCache<K, V, FC>) => boolean, getOptions?: T.LRUGetOptions<K, V, FC>): V | undefined {
    for (const [k, v] of this.entries()) if (fn(v, k, this)) return this.get(k, getOptions);
    return undefined;
  }

  /** Calls `fn(value, key, cache)` for each live entry, most recent first; no recency changes. */
  forEach(fn: (v: V, k: K, self: LRUCache<K, V, FC>) => unknown, thisp: unknown = this): void {
    for (const [k, v] of this.entries()) fn.call(thisp, v, k, this);
  }

  /** forEach() from the least recently used entry. */
  rforEach(fn: (v: V, k: K, self: LRUCache<K, V, FC>) => unknown, thisp: unknown = this): void {
    for (const [k, v] of this.rentries()) fn.call(thisp, v, k, this);
  }

  // ─── persistence (lru-cache's format: `start` in Date.now() ms, `ttl` the TTL given) ────

  /** Every live entry, least recently used first: what load() takes, here or in lru-cache. */
  dump(): [K, T.LRUEntry<V>][] {
    const now = Date.now();
    return this.core.dump().map(([key, e]) => {
      const entry: T.LRUEntry<V> = { value: e.value };
      if (this.timed) {
        const given = this.core.getGivenTTL(key) ?? Infinity;
        const left = e.ttl ?? Infinity;
        entry.ttl = given === Infinity ? 0 : given;
        entry.start = given === Infinity ? now : Math.floor(now - (given - left));
      }
      if (this.sized) entry.size = e.cost;
      return [key, entry];
    });
  }

  /**
   * Clears the cache, then stores the entries in order (the last is the most recently used).
   * Takes dump()'s form, lru-cache's own included; an entry whose TTL ran out since is skipped.
   */
  load(arr: [K, T.LRUEntry<V>][]): void {
    this.clear();
    const now = Date.now();
    const entries: [K, { value: V; cost?: number; ttl?: number }][] = [];
    for (const [key, entry] of arr) {
      const e: { value: V; cost?: number; ttl?: number } = { value: entry.value };
      if (entry.ttl !== undefined) {
        e.ttl = entry.ttl === 0 ? Infinity : entry.start ? entry.ttl - (now - entry.start) : entry.ttl;
        if (e.ttl !== Infinity) this.startTiming();
      }
      if (this.sized) {
        e.cost = this.requireSize(key, entry.value, entry.size ?? 0, this.sizeCalculation);
        if (e.cost > this.maxEntrySize) continue;
      }
      entries.push([key, e]);
    }
    try {
      this.core.load(entries);
    } finally {
      this.drain();
    }
    if (this.o.onInsert !== undefined) for (const [key, e] of entries) this.o.onInsert(e.value, key, 'add');
  }

  // ─── loading (fetch.ts) ───────────────────────────────────────────────────────────────

  /**
   * The value of `k`: a live one at once, else the fetchMethod's, one fetch per key however many
   * callers wait. Without a fetchMethod, get() as a promise.
   */
  fetch(k: K, fetchOptions: T.LRUFetchOptionsFor<K, V, FC>): Promise<undefined | V>;
  fetch(k: T.LRUKeyWithoutContext<K, FC>, fetchOptions?: T.LRUFetchOptionsOptional<K, V, FC>): Promise<undefined | V>;
  fetch(k: K, fetchOptions: T.LRUFetchOptions<K, V, FC> = {}): Promise<undefined | V> {
    return this.fetches.fetch(k, fetchOptions);
  }

  /** fetch(), rejecting where it would resolve undefined. */
  forceFetch(k: K, fetchOptions: T.LRUFetchOptionsFor<K, V, FC>): Promise<V>;
  forceFetch(k: T.LRUKeyWithoutContext<K, FC>, fetchOptions?: T.LRUFetchOptionsOptional<K, V, FC>): Promise<V>;
  async forceFetch(k: K, fetchOptions: T.LRUFetchOptions<K, V, FC> = {}): Promise<V> {
    const v = await this.fetches.fetch(k, fetchOptions);
    if (v === undefined) throw new Error('fetch() returned undefined');
    return v;
  }

  /** The value of `k`, or else memoMethod's, stored and returned. */
  memo(
    k: K,
    memoOptions: unknown extends FC
      ? T.LRUMemoOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LRUMemoOptionsNoContext<K, V, FC>
        : T.LRUMemoOptionsWithContext<K, V, FC>,
  ): V;
  memo(
    k: T.LRUKeyWithoutContext<K, FC>,
    memoOptions?: unknown extends FC
      ? T.LRUMemoOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LRUMemoOptionsNoContext<K, V, FC>
        : never,
  ): V;
  memo(k: K, memoOptions: T.LRUMemoOptions<K, V, FC> = {}): V {
    const memoMethod = this.o.memoMethod;
    if (memoMethod === undefined) throw new Error('no memoMethod provided to constructor');
    const { context, status, forceRefresh, ...options } = memoOptions;
    if (status !== undefined) {
      this.opened(status, 'memo', k);
      if (context !== undefined) status.context = context;
      if (forceRefresh) status.forceRefresh = true;
    }
    const v = this.getWith(k, options);
    const refresh = forceRefresh || v === undefined;
    if (status !== undefined) {
      status.memo = refresh ? 'miss' : 'hit';
      if (!refresh) status.value = v;
    }
    if (!refresh) return v;
    const computed = memoMethod(k, v, { options, context: context as FC });
    if (status !== undefined) status.value = computed;
    this.setWith(k, computed, options, false);
    return computed;
  }

  // ─── getters ──────────────────────────────────────────────────────────────────────────

  /** The most entries (0: no such bound). */
  get max(): T.LRUCount {
    return this.o.max;
  }

  /** The most summed size (0: no such bound). */
  get maxSize(): T.LRUCount {
    return this.o.maxSize;
  }

  /** The summed size of the entries held (0 unless sizes are kept). */
  get calculatedSize(): T.LRUSize {
    return this.sized ? this.core.cost : 0;
  }

  /** Entries held, expired ones not yet removed included. */
  get size(): T.LRUCount {
    return this.core.size;
  }

  get fetchMethod(): T.LRUFetcher<K, V, FC> | undefined {
    return this.o.fetchMethod;
  }

  get memoMethod(): T.LRUMemoizer<K, V, FC> | undefined {
    return this.o.memoMethod;
  }

  get dispose(): T.LRUDisposer<K, V> | undefined {
    return this.o.dispose;
  }

  get onInsert(): T.LRUInserter<K, V> | undefined {
    return this.o.onInsert;
  }

  get disposeAfter(): T.LRUDisposer<K, V> | undefined {
    return this.o.disposeAfter;
  }

  /** The clock TTLs are measured by. */
  get perf(): T.LRUPerf {
    return this.o.perf ?? defaultPerf;
  }

  // ─── internals (fetch.ts calls the ones marked @internal) ─────────────────────────────

  /** @internal get() with options (its status object opened by the caller: get, fetch, memo). */
  getWith(k: K, getOptions: T.LRUGetOptions<K, V, FC>): V | undefined {
    const {
      allowStale = this.allowStale,
      updateAgeOnGet = this.updateAgeOnGet,
      noDeleteOnStaleGet = this.noDeleteOnStaleGet,
      status,
    } = getOptions;
    const fetching = this.fetching !== 0 && this.fetches.has(k);
    const stale = this.timed ? this.core.peekExpired(k) : undefined;
    if (stale !== undefined) {
      if (status !== undefined) this.statusTTL(status, k);
      if (!fetching && !noDeleteOnStaleGet) {
        try {
          this.core.get(k); // removes it as expired (dispose 'expire')
        } finally {
          this.drain();
        }
      }
      if (status !== undefined) status.get = fetching ? 'stale-fetching' : 'stale';
      if (!allowStale) return undefined;
      if (status !== undefined) {
        status.returnedStale = true;
        status.value = stale;
      }
      return stale;
    }
    const value = this.core.get(k);
    if (value === undefined) {
      if (status !== undefined) status.get = fetching ? 'fetching' : 'miss';
      return undefined;
    }
    if (updateAgeOnGet) this.core.touch(k);
    if (status !== undefined) {
      status.get = fetching ? 'fetching' : 'hit';
      this.statusTTL(status, k);
      status.value = value;
    }
    return value;
  }

  /** @internal set() with options (status opened by the caller); `fetched`: a fetch's own result, which overtakes no fetch. */
  setWith(k: K, v: V | undefined, setOptions: T.LRUSetOptions<K, V, FC>, fetched: boolean): void {
    const {
      ttl = this.ttl,
      start,
      noDisposeOnSet = this.noDisposeOnSet,
      sizeCalculation = this.sizeCalculation,
      status,
    } = setOptions;
    let { noUpdateTTL = this.noUpdateTTL } = setOptions;
    if (status !== undefined && v !== undefined) status.value = v;
    if (v === undefined) {
      if (status !== undefined) status.set = 'deleted';
      this.delete(k);
      return;
    }
    if (typeof ttl !== 'number' || !(ttl >= 0)) {
      throw new TypeError(`cortado/lru-cache: set() ttl must be a number of ms >= 0, got ${String(ttl)}`);
    }
    const size = this.requireSize(k, v, setOptions.size ?? 0, sizeCalculation);
    if (!fetched && this.fetching !== 0) this.fetches.abort(k, 'replaced');
    if (this.maxEntrySize !== 0 && size > this.maxEntrySize) {
      // Too large to store: whatever was there goes (dispose 'set').
      this.rename(k, this.timed && this.core.peekExpired(k) !== undefined ? 'expired' : 'delete', 'set');
      try {
        this.core.delete(k);
      } finally {
        this.renamed();
        this.drain();
      }
      if (status !== undefined) {
        status.set = 'miss';
        status.maxEntrySizeExceeded = true;
      }
      return;
    }
    let old = this.core.peek(k);
    if (old === undefined && this.timed) {
      old = this.core.peekExpired(k);
      // An expired value overwritten leaves as overwritten ('set'), as in lru-cache.
      if (old !== undefined) this.rename(k, 'expired', noDisposeOnSet ? 'quiet' : 'set');
    } else if (old !== undefined && noDisposeOnSet) this.rename(k, 'replace', 'quiet');
    if (old === undefined) noUpdateTTL = false;
    const options: { cost?: number; ttl?: number; keepTTL?: boolean } = {};
    if (this.sized) options.cost = size;
    if (noUpdateTTL && this.timed) options.keepTTL = true;
    else if (ttl !== 0 || this.timed) {
      let t = ttl;
      if (start !== undefined && ttl !== 0) t = Math.max(ttl - (this.perf.now() - start), Number.MIN_VALUE);
      options.ttl = t;
      if (ttl !== 0) this.startTiming();
    }
    try {
      this.core.set(k, v, options);
    } catch (error) {
      // A throwing dispose: the change is made, and disposeAfter still hears of what it removed.
      this.renamed();
      this.drain();
      throw error;
    }
    this.renamed();
    const setType: T.LRUInsertReason = old === undefined ? 'add' : v !== old ? 'replace' : 'update';
    if (status !== undefined) {
      status.set = setType;
      if (old !== undefined) status.oldValue = old;
      if (this.sized) {
        status.entrySize = size;
        status.totalCalculatedSize = this.core.cost;
      }
      if (this.timed) this.statusTTL(status, k);
    }
    this.o.onInsert?.(v, k, setType);
    this.drain();
  }

  /** @internal The stale value of a key being refetched, or its live one (forceRefresh). */
  cached(k: K): { value: V | undefined; stale: boolean } {
    const live = this.core.peek(k);
    if (live !== undefined) return { value: live, stale: false };
    return { value: this.timed ? this.core.peekExpired(k) : undefined, stale: true };
  }

  /** @internal Removes what a failed fetch leaves (dispose 'fetch'). */
  deleteFetched(k: K): void {
    this.rename(k, this.timed && this.core.peekExpired(k) !== undefined ? 'expired' : 'delete', 'fetch');
    try {
      this.core.delete(k);
    } finally {
      this.renamed();
      this.drain();
    }
  }

  /** @internal Fills a status object's TTL fields for `k` (when it has a TTL). */
  statusTTL(status: T.LRUStatus<K, V, FC>, k: K): void {
    if (!this.timed) return;
    const given = this.core.getGivenTTL(k);
    const left = this.core.getTTL(k);
    if (given === undefined || given === Infinity || left === undefined) return;
    const now = this.perf.now();
    status.ttl = given;
    status.now = now;
    status.start = now - (given - left);
    status.remainingTTL = left;
  }

  /** @internal Starts a status object: op, key and the cache. */
  opened(status: T.LRUStatus<K, V, FC>, op: NonNullable<T.LRUStatus<K, V, FC>['op']>, k: K): void {
    status.op = op;
    status.key = k;
    status.cache = this as unknown as LRUCache<K & {}, V & {}, FC>;
  }

  /** A value's size: given, else sizeCalculation's; a positive integer where sizes are kept. */
  private requireSize(k: K, v: V, size: number, sizeCalculation: T.LRUSizeCalculator<K, V> | undefined): number {
    if (!this.sized) {
      if (size || sizeCalculation) {
        throw new TypeError('cortado/lru-cache: cannot set size without setting maxSize or maxEntrySize on cache');
      }
      return 1;
    }
    if (isPositiveInteger(size)) return size;
    if (sizeCalculation === undefined) {
      throw new TypeError(
        'cortado/lru-cache: invalid size value (must be positive integer). When maxSize or maxEntrySize is used, sizeCalculation or size must be set.',
      );
    }
    if (typeof sizeCalculation !== 'function')
      throw new TypeError('cortado/lru-cache: sizeCalculation must be a function');
    const calculated = sizeCalculation(v, k);
    if (!isPositiveInteger(calculated)) {
      throw new TypeError(
        `cortado/lru-cache: sizeCalculation returned ${String(calculated)} (expected a positive integer)`,
      );
    }
    return calculated;
  }

  /** The first TTL: reads look for stale entries from now on, and set() takes the slower path. */
  private startTiming(): void {
    if (this.timed) return;
    this.timed = true;
    this.plainSet = this.setNeedsNothingMore();
  }

  /**
   * Whether set() without options is the store's set(): no sizes, onInsert or disposeAfter, and no
   * expired value that a dispose must see leave as overwritten ('set') rather than 'expire'.
   */
  private setNeedsNothingMore(): boolean {
    const o = this.o;
    return (
      !this.sized &&
      o.onInsert === undefined &&
      o.disposeAfter === undefined &&
      !o.noUpdateTTL &&
      !o.noDisposeOnSet &&
      !(this.timed && o.dispose !== undefined)
    );
  }

  /** The next exit of `k` for `from` is told as `to` ('quiet': not at all) during this call. */
  private rename(k: K, from: ExitReason, to: T.LRUDisposeReason | 'quiet'): void {
    this.renameKey = k;
    this.renameFrom = from;
    this.renameTo = to;
  }

  private renamed(): void {
    this.renameKey = undefined;
    this.renameFrom = undefined;
  }

  /** The store's onExit: dispose now, disposeAfter when the call ends (drain()). */
  private exited(key: K, value: V, reason: ExitReason): void {
    if (this.clearing !== undefined && reason === 'clear') {
      this.clearing.push([key, value]);
      return;
    }
    let why: T.LRUDisposeReason | 'quiet' = DISPOSE_REASON[reason];
    if (this.renameFrom === reason && sameKey(this.renameKey, key)) why = this.renameTo;
    if (why !== 'quiet') this.told(key, value, why);
  }

  /** dispose now, disposeAfter queued. */
  private told(key: K, value: V, why: T.LRUDisposeReason): void {
    if (this.o.disposeAfter !== undefined) {
      // A call drains the queue as it ends; what no call removed (the ttlAutopurge timer) is
      // drained right after, on the microtask queue.
      if (this.disposed.length === 0) queueMicrotask(this.drainLater);
      this.disposed.push([value, key, why]);
    }
    this.o.dispose?.(value, key, why);
  }

  private readonly drainLater = (): void => this.drain();

  /** Runs disposeAfter for what the call removed. */
  private drain(): void {
    const after = this.o.disposeAfter;
    if (after === undefined) return;
    for (let task = this.disposed.shift(); task !== undefined; task = this.disposed.shift()) after(...task);
  }
}

/** The core's default clock too: performance.now where there is one. */
const defaultPerf: T.LRUPerf = typeof globalThis.performance?.now === 'function' ? performance : Date;

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Map's SameValueZero. */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** lru-cache's types under the class's name: `LRUCache.Options`, `LRUCache.Status`, … */
export declare namespace LRUCache {
  export type Size = T.LRUSize;
  export type Milliseconds = T.LRUMilliseconds;
  export type Count = T.LRUCount;
  export type DisposeReason = T.LRUDisposeReason;
  export type Disposer<K, V> = T.LRUDisposer<K, V>;
  export type InsertReason = T.LRUInsertReason;
  export type Inserter<K, V> = T.LRUInserter<K, V>;
  export type SizeCalculator<K, V> = T.LRUSizeCalculator<K, V>;
  export type Perf = T.LRUPerf;
  export type FetcherOptions<K, V, FC = unknown> = T.LRUFetcherOptions<K, V, FC>;
  export type Status<K, V, FC = unknown> = T.LRUStatus<K, V, FC>;
  export type FetcherFetchOptions<K, V, FC = unknown> = T.LRUFetcherFetchOptions<K, V, FC>;
  export type FetchOptions<K, V, FC> = T.LRUFetchOptions<K, V, FC>;
  export type FetchOptionsWithContext<K, V, FC> = T.LRUFetchOptionsWithContext<K, V, FC>;
  export type FetchOptionsNoContext<K, V, FC extends undefined | void = undefined> = T.LRUFetchOptionsNoContext<
    K,
    V,
    FC
  >;
  export type MemoOptions<K, V, FC = unknown> = T.LRUMemoOptions<K, V, FC>;
  export type MemoOptionsWithContext<K, V, FC> = T.LRUMemoOptionsWithContext<K, V, FC>;
  export type MemoOptionsNoContext<K, V, FC extends undefined | void = undefined> = T.LRUMemoOptionsNoContext<K, V, FC>;
  export type MemoizerOptions<K, V, FC = unknown> = T.LRUMemoizerOptions<K, V, FC>;
  export type MemoizerMemoOptions<K, V, FC = unknown> = T.LRUMemoizerMemoOptions<K, V, FC>;
  export type HasOptions<K, V, FC> = T.LRUHasOptions<K, V, FC>;
  export type GetOptions<K, V, FC> = T.LRUGetOptions<K, V, FC>;
  export type PeekOptions<K, V, FC> = T.LRUPeekOptions<K, V, FC>;
  export type SetOptions<K, V, FC> = T.LRUSetOptions<K, V, FC>;
  export type Fetcher<K, V, FC = unknown> = T.LRUFetcher<K, V, FC>;
  export type Memoizer<K, V, FC = unknown> = T.LRUMemoizer<K, V, FC>;
  export type OptionsBase<K, V, FC> = T.LRUOptionsBase<K, V, FC>;
  export type OptionsMaxLimit<K, V, FC> = T.LRUOptionsMaxLimit<K, V, FC>;
  export type OptionsTTLLimit<K, V, FC> = T.LRUOptionsTTLLimit<K, V, FC>;
  export type OptionsSizeLimit<K, V, FC> = T.LRUOptionsSizeLimit<K, V, FC>;
  export type Options<K, V, FC> = T.LRUOptions<K, V, FC>;
  export type Entry<V> = T.LRUEntry<V>;
}
