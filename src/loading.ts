// Loading beside the store: fetch() with one load per key however many callers wait (single
// flight), background refresh (refreshAfter), and getOrSet(). It uses the store's public methods
// (get, peek, set) plus a clock, the counters and the refreshAfter check the store hands it.
//
// A load in flight is a Flight in `flights`, under its key, until it settles, or until a set(),
// delete(), clear() or close() overtakes it: then it leaves the map, marked lost, and its value
// still reaches its waiters but is not stored (the newer write wins). A Flight's promise always
// has a handler attached, so a load that fails with nobody waiting (a background refresh, a load
// every caller aborted) is never an unhandled rejection. No timers: refreshes are promise-driven.

import type { Counters } from './stats.js';
import type { FetchOptions, GetOrSetOptions, Loader, SetOptions } from './options.js';
import { checkFetchOptions, checkGetOrSetOptions } from './options.js';
import { describe, requireFunction } from './validate.js';
import { loadsObserved, type Channels, type LoadMessage } from './diagnostics.js';
import { onAbort } from './abort-listeners.js';

/**
 * The store's public methods that Loading calls (Cache has them): an interface, so that Loading
 * does not import cache.ts, which imports it.
 */
export interface LoadingCache<K, V> {
  get(key: K): V | undefined;
  peek(key: K): V | undefined;
  set(key: K, value: V, options?: SetOptions): boolean;
}

/** What Loading needs of the store besides its public methods. */
export interface LoadingStore {
  /** The cache's clock, checked. */
  now(): number;
  /** Whether the key's value is older than refreshAfter (false without refreshAfter). */
  refreshDue(key: unknown): boolean;
  /** The counters, or undefined when metrics are off. */
  counters: Counters | undefined;
  /** Node's diagnostics channels (src/diagnostics.ts), or undefined outside Node. */
  channels: Channels | undefined;
}

type WaitUntil = (promise: Promise<unknown>) => void;

const NO_OPTIONS: FetchOptions<never, never> & GetOrSetOptions = {};
const ignore = (): void => {};

class Flight<K, V> {
  /** Undefined while the load function runs (see wait()). */
  promise: Promise<V | undefined> | undefined;
  readonly controller = new AbortController();
  /** Waiters that cannot abort (no signal), plus one for a background refresh: the load is wanted while > 0. */
  steady = 0;
  /** Waiters with a signal that has not aborted. */
  abortable = 0;
  /** Overtaken by a write or abandoned by every waiter: its value is not stored. */
  lost = false;

  constructor(
    readonly key: K,
    /** Started because the key was absent: callers join it rather than read the cache. */
    readonly forMiss: boolean,
  ) {}
}

/** An AbortError (a DOMException, as fetch() and AbortSignal use), the signal's own if it is one. */
function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === 'AbortError'
    ? reason
    : new DOMException('This operation was aborted', 'AbortError');
}

export class Loading<K, V> {
  private readonly flights = new Map<K, Flight<K, V>>();

  constructor(
    private readonly cache: LoadingCache<K, V>,
    private readonly store: LoadingStore,
    private readonly load: Loader<K, V> | undefined,
    private readonly waitUntil: WaitUntil | undefined,
  ) {}

  fetch(key: K, options: FetchOptions<K, V> | undefined): Promise<V | undefined> {
    const o = options === undefined ? (NO_OPTIONS as FetchOptions<K, V>) : checkFetchOptions<K, V>(options);
    const load = o.load ?? this.load;
    if (load === undefined)
      throw new TypeError("cortado: fetch() needs a load function: the cache's load option or fetch(key, { load })");
    if (o.signal?.aborted) return Promise.reject(abortError(o.signal));
    let flight = this.flights.get(key);
    // A caller who finds the key's load in flight joins it without reading the cache: one load
    // counts one miss however many wait. A refresh in flight leaves the present value readable.
    if (o.forceRefresh !== true && (flight === undefined || !flight.forMiss)) {
      const value = this.cache.get(key);
      if (value !== undefined) {
        if (flight === undefined && this.store.refreshDue(key)) this.refresh(key, value, load, o);
        return Promise.resolve(value);
      }
    }
    flight ??= this.start(
      key,
      load,
      o.forceRefresh === true ? this.cache.peek(key) : undefined,
      o,
      o.forceRefresh !== true,
    );
    return this.wait(flight, o.signal);
  }

  getOrSet(key: K, compute: (key: K) => V, options: GetOrSetOptions | undefined): V {
    requireFunction('getOrSet() compute', compute);
    const o = options === undefined ? NO_OPTIONS : checkGetOrSetOptions(options);
    if (o.forceRefresh !== true) {
      const value = this.cache.get(key);
      if (value !== undefined) return value;
    }
    const started = this.store.now();
    const message = this.loadStarted(key, 'getOrSet');
    let value: V;
    try {
      value = compute(key);
    } catch (error) {
      this.count(started, false, message, undefined, error);
      throw error;
    }
    this.count(started, true, message, value, undefined);
    if (value !== undefined) this.cache.set(key, value, setOptions(o));
    return value;
  }

  /** A set() or delete() of `key` wins over its load in flight. */
  overtake(key: K): void {
    if (this.flights.size === 0) return;
    const flight = this.flights.get(key);
    if (flight !== undefined) this.lose(flight);
  }

  /** clear() and close() win over every load in flight. */
  overtakeAll(): void {
    for (const flight of this.flights.values()) flight.lost = true;
    this.flights.clear();
  }

  private start(
    key: K,
    load: Loader<K, V>,
    stale: V | undefined,
    o: FetchOptions<K, V>,
    forMiss: boolean,
    kind: 'fetch' | 'refresh' = 'fetch',
  ): Flight<K, V> {
    const started = this.store.now(); // before the flight exists: a clock that throws leaves none behind
    const flight = new Flight<K, V>(key, forMiss);
    this.flights.set(key, flight);
    const message = this.loadStarted(key, kind);
    let result: V | undefined | Promise<V | undefined>;
    try {
      result = load(key, { signal: flight.controller.signal, stale });
    } catch (error) {
      result = Promise.reject(error);
    }
    flight.promise = Promise.resolve(result).then(
      (value) => {
        this.leave(flight);
        this.count(started, true, message, value, undefined);
        if (value !== undefined && !flight.lost) {
          try {
            this.cache.set(key, value, setOptions(o));
          } catch (error) {
            // The value is stored and the load counted as a success; what threw is a callback of
            // the store's (onExit, onEvict, onReject, after the change). No caller made this set,
            // so its error does not become the waiters': they get the value, and the error is
            // raised on its own, as an error thrown by an event listener is.
            raiseUncaught(error);
          }
        }
        return value;
      },
      (error: unknown) => {
        this.leave(flight);
        this.count(started, false, message, undefined, error);
        throw error;
      },
    );
    flight.promise.catch(ignore);
    return flight;
  }

  /** Reloads a present value in the background; the value stays readable meanwhile. */
  private refresh(key: K, stale: V, load: Loader<K, V>, o: FetchOptions<K, V>): void {
    const flight = this.start(key, load, stale, o, false, 'refresh');
    flight.steady++; // nobody waits, and nobody can call it off
    if (this.store.counters !== undefined) this.store.counters.refreshes++;
    (o.waitUntil ?? this.waitUntil)?.(flight.promise!.then(ignore, ignore)); // start() has made it
  }

  /** This caller's promise of the flight's outcome; with a signal, its own abort rejects it alone. */
  private wait(flight: Flight<K, V>, signal: AbortSignal | undefined): Promise<V | undefined> {
    // The flight's promise is made when its load returns: a fetch of the key from inside that
    // call (a cycle, as memoize() over a graph a → b → a) would wait for itself.
    const promise = flight.promise;
    if (promise === undefined) {
      return Promise.reject(
        new Error(
          `cortado: fetch() of ${describe(flight.key)} was called from inside that key's own load, which would wait for itself (a cycle)`,
        ),
      );
    }
    if (signal === undefined) {
      flight.steady++;
      return promise;
    }
    flight.abortable++;
    return new Promise<V | undefined>((resolve, reject) => {
      const abort = (): void => {
        reject(abortError(signal));
        if (--flight.abortable === 0 && flight.steady === 0) {
          // Every waiter gave up: the load is told to stop, and a later fetch starts afresh.
          this.lose(flight);
          flight.controller.abort(signal.reason);
        }
      };
      const withdraw = onAbort(signal, abort);
      promise.then(
        (value) => {
          withdraw();
          resolve(value);
        },
        (error: unknown) => {
          withdraw();
          reject(error);
        },
      );
    });
  }

  /** The flight's value will not be stored; a later fetch of its key starts a new load. */
  private lose(flight: Flight<K, V>): void {
    flight.lost = true;
    this.leave(flight);
  }

  /** The flight leaves the map, if it is still there (a newer flight of its key may be). */
  private leave(flight: Flight<K, V>): void {
    if (this.flights.get(flight.key) === flight) this.flights.delete(flight.key);
  }

  /** A load starts: its message, published on `cortado:load:start`, when anyone listens to loads. */
  private loadStarted(key: K, kind: LoadMessage['kind']): LoadMessage<K, V> | undefined {
    const channels = this.store.channels;
    if (!loadsObserved(channels)) return undefined;
    const message: LoadMessage<K, V> = { cache: this.cache, key, kind };
    channels.loadStart.publish(message);
    return message;
  }

  /** Counts a finished load, and completes and publishes its message (end or error) if it has one. */
  private count(
    started: number,
    ok: boolean,
    message: LoadMessage<K, V> | undefined,
    value: V | undefined,
    error: unknown,
  ): void {
    const counters = this.store.counters;
    if (counters === undefined && message === undefined) return;
    const duration = this.store.now() - started;
    if (counters !== undefined) {
      counters.totalLoadTime += duration;
      if (ok) counters.loadSuccesses++;
      else counters.loadFailures++;
    }
    if (message === undefined) return;
    message.duration = duration;
    if (ok) {
      message.value = value;
      this.store.channels!.loadEnd.publish(message);
    } else {
      message.error = error;
      this.store.channels!.loadError.publish(message);
    }
  }
}

/** Reports an error no caller can receive: reportError where the runtime has it, else an uncaught throw. */
function raiseUncaught(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

/** set()'s options for a loaded value: the call's ttl and cost, when given. */
function setOptions(o: { ttl?: number; cost?: number }): SetOptions | undefined {
  if (o.ttl === undefined && o.cost === undefined) return undefined;
  return { ttl: o.ttl, cost: o.cost };
}
