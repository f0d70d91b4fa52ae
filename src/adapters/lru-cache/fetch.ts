// cortado/lru-cache's fetch(): lru-cache 11's background fetches, one per key however many callers
// wait, with their rules for stale values (allowStale, allowStaleOnFetchRejection,
// allowStaleOnFetchAbort, noDeleteOnFetchRejection), aborts (the caller's signal, ignoreFetchAbort;
// a set() or delete() of the key abandons its fetch) and status fields. lru-cache keeps a fetch in
// flight in the cache as a placeholder entry; here it waits beside the store, so it takes no room
// and does not count in `size` until its value is stored.

import { onAbort } from '../../abort-listeners.js';
import type { LruOptions } from './options.js';
import type * as T from './types.js';

/** A fetch in flight. */
interface InFlight<V> {
  promise: Promise<V | undefined>;
  controller: AbortController;
  /** The value it replaces (stale, or live under forceRefresh), served by allowStale. */
  stale: V | undefined;
  /** Whether a caller holds the promise (its rejection must then reach them). */
  returned: boolean;
}

/** The options a fetch runs with, as the fetchMethod sees them. */
type RunOptions<K, V, FC> = T.LRUFetcherFetchOptions<K, V, FC> & { signal?: AbortSignal };

/**
 * What the fetches need of their LRUCache besides its checked options (an interface, so this file
 * does not import the class).
 */
export interface FetchOwner<K, V, FC> {
  /** Fetches in flight, as the class's `fetching` getter reports them. */
  fetching: number;
  has(k: K): boolean;
  /** The value stored for `k` (stale or not) without a status or an access. */
  cached(k: K): { value: V | undefined; stale: boolean };
  /** Stores a fetched value (`fetched`: reason 'fetch' semantics). */
  setWith(k: K, v: V | undefined, setOptions: T.LRUSetOptions<K, V, FC>, fetched: boolean): void;
  /** Removes a key whose fetch failed, as lru-cache does. */
  deleteFetched(k: K): void;
  /** get() with options, its status object opened by the caller. */
  getWith(k: K, getOptions: T.LRUGetOptions<K, V, FC>): V | undefined;
  /** Opens a status object for an operation on `k`. */
  opened(status: T.LRUStatus<K, V, FC>, op: NonNullable<T.LRUStatus<K, V, FC>['op']>, k: K): void;
  /** Fills a status object's TTL fields for `k`. */
  statusTTL(status: T.LRUStatus<K, V, FC>, k: K): void;
}

export class BackgroundFetches<K extends {}, V extends {}, FC> {
  private readonly inflight = new Map<K, InFlight<V>>();

  constructor(
    private readonly cache: FetchOwner<K, V, FC>,
    private readonly o: LruOptions<K, V, FC>,
  ) {}

  has(k: K): boolean {
    return this.inflight.has(k);
  }

  /** Abandons `k`'s fetch (its signal aborts with `Error(why)`); returns whether there was one. */
  abort(k: K, why: string): boolean {
    const f = this.inflight.get(k);
    if (f === undefined) return false;
    this.forget(k);
    f.controller.abort(new Error(why));
    return true;
  }

  abortAll(): void {
    for (const k of [...this.inflight.keys()]) this.abort(k, 'deleted');
  }

  async fetch(k: K, fetchOptions: T.LRUFetchOptions<K, V, FC>): Promise<V | undefined> {
    const c = this.cache;
    // The defaults are the constructor's options, which the cache's fields of the same names hold.
    const o = this.o;
    const {
      allowStale = o.allowStale,
      updateAgeOnGet = o.updateAgeOnGet,
      noDeleteOnStaleGet = o.noDeleteOnStaleGet,
      ttl = o.ttl,
      noDisposeOnSet = o.noDisposeOnSet,
      size = 0,
      sizeCalculation = o.sizeCalculation,
      noUpdateTTL = o.noUpdateTTL,
      noDeleteOnFetchRejection = o.noDeleteOnFetchRejection,
      allowStaleOnFetchRejection = o.allowStaleOnFetchRejection,
      ignoreFetchAbort = o.ignoreFetchAbort,
      allowStaleOnFetchAbort = o.allowStaleOnFetchAbort,
      context,
      forceRefresh = false,
      status,
      signal,
    } = fetchOptions;
    if (status !== undefined) {
      c.opened(status, 'fetch', k);
      if (forceRefresh) status.forceRefresh = true;
      if (context !== undefined) status.context = context;
    }
    if (o.fetchMethod === undefined) {
      if (status !== undefined) status.fetch = 'get';
      return c.getWith(k, {
        allowStale,
        updateAgeOnGet,
        noDeleteOnStaleGet,
        ...(status === undefined ? {} : { status }),
      });
    }
    const options: RunOptions<K, V, FC> = {
      allowStale,
      updateAgeOnGet,
      noDeleteOnStaleGet,
      ttl,
      noDisposeOnSet,
      size,
      noUpdateTTL,
      noDeleteOnFetchRejection,
      allowStaleOnFetchRejection,
      allowStaleOnFetchAbort,
      ignoreFetchAbort,
    };
    if (sizeCalculation !== undefined) options.sizeCalculation = sizeCalculation;
    if (status !== undefined) options.status = status;
    if (signal !== undefined) options.signal = signal;

    const running = this.inflight.get(k);
    if (running !== undefined) {
      const stale = allowStale && running.stale !== undefined;
      if (status !== undefined) {
        status.fetch = 'inflight';
        if (stale) status.returnedStale = true;
      }
      if (stale) return running.stale;
      running.returned = true;
      return running.promise;
    }
    const { value, stale: isStale } = c.cached(k);
    if (value === undefined) {
      if (status !== undefined) status.fetch = 'miss';
      const f = this.start(k, undefined, options, context as FC);
      f.returned = true;
      return f.promise;
    }
    if (!forceRefresh && !isStale) {
      if (status !== undefined) {
        status.fetch = 'hit';
        c.statusTTL(status, k);
      }
      return c.getWith(k, { updateAgeOnGet, allowStale: false });
    }
    // Stale, or a forced refresh, and not fetching yet.
    const f = this.start(k, value, options, context as FC);
    if (status !== undefined) {
      status.fetch = isStale ? 'stale' : 'refresh';
      if (allowStale && isStale) status.returnedStale = true;
    }
    if (allowStale) return value;
    f.returned = true;
    return f.promise;
  }

  private start(k: K, stale: V | undefined, options: RunOptions<K, V, FC>, context: FC): InFlight<V> {
    const fetchMethod = this.o.fetchMethod!;
    const ac = new AbortController();
    const { signal } = options;
    // The caller's signal aborts this fetch until it settles, through the signal's one listener
    // however many fetches share it (lru-cache adds one a fetch and keeps it).
    const withdraw = signal === undefined ? undefined : onAbort(signal, () => ac.abort(signal.reason));
    const fetcherOptions: T.LRUFetcherOptions<K, V, FC> = { signal: ac.signal, options, context };
    const status = options.status;
    const f = { controller: ac, stale, returned: false } as InFlight<V>;

    const fail = (error: unknown, proceed: boolean): V | undefined => {
      const aborted = ac.signal.aborted;
      const allowStaleAborted = aborted && options.allowStaleOnFetchAbort;
      const allowStale = allowStaleAborted || options.allowStaleOnFetchRejection;
      const noDelete = allowStale || options.noDeleteOnFetchRejection;
      if (this.inflight.get(k) === f) {
        if (!noDelete || (!proceed && f.stale === undefined)) {
          this.forget(k);
          this.cache.deleteFetched(k);
        } else if (!allowStaleAborted) {
          this.forget(k); // the stale value stays; an aborted fetch allowed to go on keeps its place
        }
      }
      if (allowStale) {
        if (status !== undefined && f.stale !== undefined) status.returnedStale = true;
        return f.stale;
      }
      if (f.returned) throw error;
      return undefined;
    };

    const resolved = (v: V | undefined, updateCache = false): V | undefined => {
      withdraw?.();
      const aborted = ac.signal.aborted;
      const ignoreAbort = options.ignoreFetchAbort && v !== undefined;
      const proceed = !!options.ignoreFetchAbort || !!(options.allowStaleOnFetchAbort && v !== undefined);
      if (status !== undefined) {
        if (aborted && !updateCache) {
          status.fetchAborted = true;
          status.fetchError = ac.signal.reason as Error;
          if (ignoreAbort) status.fetchAbortIgnored = true;
        } else status.fetchResolved = true;
      }
      if (aborted && !ignoreAbort && !updateCache) return fail(ac.signal.reason, proceed);
      const ours = this.inflight.get(k) === f;
      if (ours || (ignoreAbort && updateCache && !this.inflight.has(k) && !this.cache.has(k))) {
        if (ours) this.forget(k);
        if (v !== undefined) {
          if (status !== undefined) status.fetchUpdated = true;
          this.cache.setWith(k, v, options, true);
        }
      }
      return v;
    };

    const rejected = (error: unknown): V | undefined => {
      withdraw?.();
      if (status !== undefined) {
        status.fetchRejected = true;
        status.fetchError = error as Error;
      }
      return fail(error, false);
    };

    const run = (resolve: (v: V | undefined) => void, reject: (error: unknown) => void): void => {
      let settle = resolve;
      const result = fetchMethod(k, stale, fetcherOptions);
      ac.signal.addEventListener('abort', () => {
        if (!options.ignoreFetchAbort || options.allowStaleOnFetchAbort) {
          settle(undefined);
          // The fetch goes on: what it returns is still stored.
          if (options.allowStaleOnFetchAbort) settle = (v) => void resolved(v, true);
        }
      });
      if (result instanceof Promise) result.then((v) => settle(v === undefined ? undefined : v), reject);
      else settle(result === undefined ? undefined : result);
    };

    if (status !== undefined) status.fetchDispatched = true;
    f.promise = new Promise<V | undefined>(run).then(resolved, rejected);
    this.inflight.set(k, f);
    this.cache.fetching = this.inflight.size;
    return f;
  }

  private forget(k: K): void {
    this.inflight.delete(k);
    this.cache.fetching = this.inflight.size;
  }
}
