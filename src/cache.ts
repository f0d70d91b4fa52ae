// The Cache: one store for every policy. It owns keys, values, costs, expiry times, the
// callbacks and the counters; the policy (src/policies/*) sees only integer slots.
//
//   key ──Map──► slot ──► keys[slot], values[slot], costs[slot], expiresAt[slot]
//
// A JS Map gives exact Map semantics (SameValueZero; objects by identity) and is the fastest
// lookup for strings, because V8 caches a string's hash inside the string. Keys are hashed only
// when the policy needs hashes (the TinyLFU sketch, ghost entries), once per insert and once per
// miss; hits feed the sketch from the slot's stored hash.
//
// Every mutation completes before any user callback runs: callbacks are queued as events and
// fired at the end of the public call, so a callback that throws, or that calls back into the
// cache, always sees a consistent cache. The first callback error is rethrown after all fired.
//
// The two callbacks that run in the middle of a write (`shouldUpdate`, `cost`) may read the
// cache but not change it: the cache is DECIDING then and refuses writes with an Error. The
// clock is read once per public call, so an entry cannot expire between the check that it is
// live and the write that replaces it, however the clock moves inside user code; and after user
// code ran, the key's slot is looked up again rather than trusted.

import type { Policy, PolicyHost } from './policy.js';
import type {
  CacheOptions,
  Clock,
  EvictionReason,
  ExitReason,
  FetchOptions,
  FindingLoader,
  GetOrSetOptions,
  Loader,
  ResolvedOptions,
  SetOptions,
} from './options.js';
import { resolveOptions, checkSetOptions } from './options.js';
import { Counters, type CacheStats } from './stats.js';
import { ExpiryQueue } from './expiry-queue.js';
import { KeyHasher, randomSeed, seedFrom } from './key-hash.js';
import { Kernels } from './wasm/kernels.js';
import { requireCost, requireFunction, requireInteger, describe } from './validate.js';
import { grown } from './typed-arrays.js';
import { EntryTimes } from './entry-times.js';
import { deadlineAfter } from './deadline.js';
import { Loading } from './loading.js';
import { Lifetimes } from './life-expectancy.js';
import { channels, type Channel, type Channels, type EvictMessage } from './diagnostics.js';
import { forkVictims } from './policies/machinery/fork.js';
import {
  checkEntries,
  checkLoadOptions,
  type CheckedEntry,
  type DumpedEntry,
  type EntryInfo,
  type LoadEntry,
  type LoadOptions,
} from './dump.js';
import type { PolicyHint } from './policy.js';
import { AutoPurge } from './autopurge.js';
import { GivenTtls } from './given-ttls.js';

const EVENT_EVICT = 0;
const EVENT_REJECT = 1;
const EVENT_EXIT = 2;
/** An eviction to publish on diagnostics_channel: (EVENT_PUBLISH, message, -, -) in the queue. */
const EVENT_PUBLISH = 3;

/** The store's states: open; deciding a write (inside shouldUpdate or cost); closed. */
const OPEN = 0;
const DECIDING = 1;
const CLOSED = 2;

/** Expiry time of an entry without a TTL. */
const NEVER = Infinity;

/** defaultTtl's mark for a cache with entry times: each write asks EntryTimes for its TTL. */
const TIMES = -1;

/** Expired entries removed per set() in passing, so the sweep's cost stays bounded. */
const SWEEP_PER_SET = 4;
/** Slots a new cache starts with (its tables double from there as entries come). */
const INITIAL_SLOTS = 16;

const NO_SET_OPTIONS: SetOptions = {};

/** Stands in for the policy after close(), so the real one (and its memory) can be collected. */
const CLOSED_POLICY: Policy = {
  name: 'closed',
  reserve() {},
  makeRoom() {},
  insert() {},
  hit() {},
  update() {},
  remove() {},
  clear() {},
};

/** coldest()/hottest()'s `n`: an integer >= 0. */
function requireCount(name: string, n: unknown): number {
  return requireInteger(name, n, 0);
}

function* mapIterator<T, U>(source: Iterator<T>, project: (item: T) => U): IterableIterator<U> {
  for (let r = source.next(); !r.done; r = source.next()) yield project(r.value);
}

/**
 * A cost-bounded cache with a pluggable eviction policy (default: see `DEFAULT_POLICY`).
 *
 * Keys follow `Map` semantics (SameValueZero: strings, numbers and bigints by value, objects
 * and symbols by identity); values are anything but `undefined`. Writes are visible at once and
 * admission is decided inside set(), whose result says whether the value is now cached.
 */
export class Cache<K = unknown, V = unknown> implements Iterable<[K, V]> {
  private readonly map = new Map<K, number>();
  private slotKeys: (K | undefined)[] = [];
  private slotValues: (V | undefined)[] = [];
  /**
   * Cost per slot. Empty while every cost has been 1 (`costed` false): most caches count
   * entries, and they save 8 bytes per slot.
   */
  private costs: Float64Array;
  private costed = false;
  /** Absolute expiry time per slot in clock ms; NEVER (Infinity) for none. Empty until the first TTL (`timed`). */
  private expiresAt: Float64Array;
  /**
   * Whether any entry has had a TTL. Until then the expiry arrays (16 bytes per slot with the
   * queue's) are not allocated, and every expiry read short-circuits on this flag.
   */
  private timed = false;
  /**
   * Slots freed and not yet reused. A plain array, not a typed array of one entry per slot: it
   * holds only what is free right now (at most one entry in a full cache's steady state), so
   * it costs nothing per entry.
   */
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private capacity: number;
  private used = 0;
  private budget: number;

  private policy: Policy;
  private kernels: Kernels | undefined;
  private readonly hashesKeys: boolean;
  private readonly recordsMisses: boolean;
  private hasher: KeyHasher | undefined;
  private readonly seed: number | undefined;
  // The last missed key and its hash: a get() miss is usually followed by set() of that key.
  private lastMissKey: unknown = undefined;
  private lastMissLo = 0;
  private lastMissHi = 0;
  private hasLastMiss = false;

  private readonly expiry: ExpiryQueue;
  private readonly clock: Clock;
  private readonly defaultTtl: number;
  private readonly costOfValue: ((value: V, key: K) => number) | undefined;
  private readonly shouldUpdate: ((current: V, next: V) => boolean) | undefined;
  private readonly onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  private readonly onReject: ((key: K, value: V) => void) | undefined;
  private readonly onExit: ((key: K, value: V, reason: ExitReason) => void) | undefined;
  private readonly listening: boolean;
  /** Node's diagnostics channels (the Node entry loaded them), else undefined: src/diagnostics.ts. */
  private readonly channels: Channels | undefined = channels();
  /** `cortado:evict`, held directly: fit() reads it once per eviction. */
  private readonly evictChannel: Channel | undefined = this.channels?.evict;
  private events: unknown[] = [];
  private readonly counters = new Counters();
  private readonly metrics: boolean;
  /** Birth times and the histogram of lifetimes (the lifeExpectancy option); else undefined. */
  private lifetimes: Lifetimes | undefined;
  /** OPEN, DECIDING (user code inside a write is running) or CLOSED. */
  private state = OPEN;
  /** A ttl function, idleTtl or refreshAfter (then defaultTtl is negative); else undefined. */
  private readonly times: EntryTimes<K, V> | undefined;
  private readonly idle: boolean;
  /** fetch() and getOrSet(), from the first use (or the constructor, given a loading option). */
  private loading: Loading<K, V> | undefined;
  /** The store as the policy sees it (inspection copies the policy against it: policies/machinery/fork.ts). */
  private readonly host: PolicyHost;
  /** load() holds the callbacks back until every entry is in (fire() waits while this is set). */
  private holding = false;
  /**
   * Whether a set() without options may skip write()'s general path: no default TTL or entry
   * times, no coster, no validator, no lifetimes. (Per-call TTLs still take write(), and the
   * first one makes the cache `timed`, which the fast path checks on every call.)
   */
  private readonly plainWrites: boolean;

  // The terms of the policy.makeRoom() call under way, read by takeVictim (its onVictim).
  /** The slot the new entry will take (-1: none, or refused), its key, value and cost. */
  private roomFor = -1;
  private roomKey: K | undefined = undefined;
  private roomValue: V | undefined = undefined;
  /** The cost room is made for: the newcomer's, the entries load() brings, or 0. */
  private roomCost = 0;
  /** The resident slot being written (an update that grew its cost; -1: none, or evicted). */
  private roomKeep = -1;
  /** Whether victims are checked for expiry at `roomNow` (evictOne(), load()): expired ones leave as expired. */
  private roomLive = false;
  private roomNow = 0;
  /** evictOne(): stop at the first live victim, kept in `roomTaken`. */
  private roomOne = false;
  private roomTaken: [K, V] | undefined = undefined;
  /** The policy's onVictim, bound once: drops each victim as the policy names it. */
  private readonly onVictim = (slot: number): boolean => this.takeVictim(slot);
  /** The second budget, in entries (the maxEntries option); Infinity: none. */
  private readonly entryBudget: number;
  /** Whether set() removes a few expired entries in passing (not with keepExpired). */
  private readonly sweepsInPassing: boolean;
  /** The timer of the autopurge option (src/autopurge.ts); else undefined. */
  private readonly purger: AutoPurge | undefined;
  /** The TTL each entry was given (touch(), info()), from the first write with a TTL. */
  private givenTtls: GivenTtls | undefined;

  constructor(options: CacheOptions<K, V>) {
    const o: ResolvedOptions<K, V> = resolveOptions<K, V>(options);
    this.budget = o.maxCost;
    this.clock = o.clock;
    this.defaultTtl = o.ttl;
    this.idle = o.idleTtl !== 0;
    if (o.ttlOf !== undefined || this.idle || o.refreshAfter !== 0) {
      this.times = new EntryTimes<K, V>(o.ttlOf ?? o.ttl, o.idleTtl, o.refreshAfter);
      this.defaultTtl = TIMES;
    }
    this.costOfValue = o.cost;
    this.shouldUpdate = o.shouldUpdate;
    this.onEvict = o.onEvict;
    this.onReject = o.onReject;
    this.onExit = o.onExit;
    this.listening = o.onEvict !== undefined || o.onReject !== undefined || o.onExit !== undefined;
    this.metrics = o.metrics;
    this.seed = o.seed;

    // Slot tables start small and double: memory follows what the cache holds, not maxCost.
    this.capacity = INITIAL_SLOTS;
    if (o.lifeExpectancy) this.lifetimes = new Lifetimes(this.capacity);
    this.costs = new Float64Array(0);
    this.expiresAt = new Float64Array(0);
    this.expiry = new ExpiryQueue(0, (slot) => this.expiresAt[slot]!);

    const requirements = o.policy.requirements(o.policyOptions, { maxCost: o.maxCost, numCounters: o.numCounters });
    this.hashesKeys = requirements.hashes || requirements.misses;
    this.recordsMisses = requirements.misses;
    if (this.hashesKeys) {
      const sketch = requirements.sketch ?? { numCounters: 64, sampleSize: 64, doorkeeper: false };
      this.kernels = new Kernels({ ...sketch, ringItems: o.bufferItems }, o.wasmModule, sketch.numCounters / o.maxCost);
      this.kernels.reserve(this.capacity);
    }
    const host: PolicyHost = (this.host = new StoreHost(this as Cache<unknown, unknown>, this.kernels));
    this.policy = o.policy.create({ host, initialSlots: this.capacity }, o.policyOptions);
    // Entry times need the clock read in every write (see write()), which `timed` makes so.
    if (this.times !== undefined) this.startTiming();
    if (o.load !== undefined || o.waitUntil !== undefined) this.loading = this.newLoading(o.load, o.waitUntil);
    this.entryBudget = o.maxEntries;
    this.sweepsInPassing = !o.keepExpired;
    if (o.autopurge) {
      this.purger = new AutoPurge(
        () => (this.expiry.size === 0 ? Infinity : this.expiresAt[this.expiry.peek()]!),
        () => this.now(),
        () => this.purgeExpired(),
      );
    }
    this.plainWrites =
      (this.defaultTtl === 0 || this.defaultTtl === Infinity) &&
      this.costOfValue === undefined &&
      this.shouldUpdate === undefined &&
      this.lifetimes === undefined;
  }

  // ─── reads ────────────────────────────────────────────────────────────────────────────

  /** The value for `key`, or undefined. Records the access (hit or miss) for the policy. */
  get(key: K): V | undefined {
    if (this.state === CLOSED) this.throwClosed('get');
    const slot = this.map.get(key);
    if (slot !== undefined) {
      // Only entries with a TTL are in the expiry queue: without any, skip reading the expiry.
      if (this.expiry.size === 0 || this.liveOnRead(slot)) {
        if (this.metrics) this.counters.hits++;
        this.policy.hit(slot);
        return this.slotValues[slot];
      }
      this.expire(slot);
      this.fire();
    }
    if (this.metrics) this.counters.misses++;
    if (this.recordsMisses) {
      this.hashKey(key);
      this.policy.miss!(this.hasher!.lo, this.hasher!.hi);
      this.lastMissKey = key;
      this.lastMissLo = this.hasher!.lo;
      this.lastMissHi = this.hasher!.hi;
      this.hasLastMiss = true;
    }
    return undefined;
  }

  /** The value for `key`, or undefined, with no side effects (no access recorded, no expiry). */
  peek(key: K): V | undefined {
    if (this.state === CLOSED) this.throwClosed('peek');
    const slot = this.map.get(key);
    if (slot === undefined || !this.liveNow(slot)) return undefined;
    return this.slotValues[slot];
  }

  /** Whether a live value is cached for `key`, with no side effects. */
  has(key: K): boolean {
    if (this.state === CLOSED) this.throwClosed('has');
    const slot = this.map.get(key);
    return slot !== undefined && this.liveNow(slot);
  }

  /** Milliseconds until `key` expires; Infinity if it has no TTL; undefined if absent or expired. */
  getTTL(key: K): number | undefined {
    if (this.state === CLOSED) this.throwClosed('getTTL');
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    const at = this.timed ? this.expiresAt[slot]! : NEVER;
    if (at === NEVER) return Infinity;
    const left = at - this.now();
    return left > 0 ? left : undefined;
  }

  /**
   * The value of an entry that has expired but is still held (not yet read, purged or evicted;
   * see the keepExpired option), else undefined: absent and live keys alike. No side effects.
   * With get() after it, which removes the entry as expired, a stale value is served once
   * (lru-cache's allowStale).
   */
  peekExpired(key: K): V | undefined {
    if (this.state === CLOSED) this.throwClosed('peekExpired');
    const slot = this.map.get(key);
    if (slot === undefined || this.liveNow(slot)) return undefined;
    return this.slotValues[slot];
  }

  /**
   * The TTL `key`'s entry was given when written (Infinity without one; its age is this less
   * getTTL()), or undefined if absent or expired. No side effects.
   */
  getGivenTTL(key: K): number | undefined {
    if (this.state === CLOSED) this.throwClosed('getGivenTTL');
    const slot = this.map.get(key);
    if (slot === undefined || !this.liveNow(slot)) return undefined;
    return this.timed && this.givenTtls !== undefined ? this.givenTtls.get(slot) : NEVER;
  }

  /**
   * Restarts a live entry's TTL: it expires the TTL it was last given from now (lru-cache's
   * updateAgeOnGet and updateAgeOnHas). Returns whether `key` holds a live entry; one without a
   * TTL is left as it is. No access is recorded.
   */
  touch(key: K): boolean {
    if (this.state !== OPEN) this.refuse('touch');
    const slot = this.map.get(key);
    if (slot === undefined || !this.timed) return slot !== undefined;
    const now = this.now();
    if (!this.live(slot, now)) return false;
    const ttl = this.givenTtls?.get(slot) ?? NEVER;
    if (ttl !== NEVER) this.setExpiry(slot, deadlineAfter(now, ttl));
    return true;
  }

  // ─── writes ───────────────────────────────────────────────────────────────────────────

  /**
   * Stores `value` under `key`. Returns true when the value is now cached; false when it was
   * refused: by admission, because its cost exceeds maxCost, or by `shouldUpdate`.
   */
  set(key: K, value: V, options?: SetOptions): boolean {
    if (this.state !== OPEN) this.refuse('set');
    if (this.loading !== undefined) this.loading.overtake(key);
    // The common write (no per-call options, nothing that needs the clock, a coster or a
    // validator): write() minus the steps that cannot apply, so V8 keeps it small and inlined.
    if (options === undefined && this.plainWrites && !this.timed && value !== undefined && this.budget >= 1) {
      const slot = this.map.get(key);
      let stored: boolean;
      if (slot !== undefined) stored = this.replace(slot, key, value, 1, NEVER);
      else if (!this.fits(1) && this.policy.evictFirst !== undefined && !this.costed)
        stored = this.insertOverVictim(key, value);
      else stored = this.insert(key, value, 1, NEVER);
      this.fire();
      return stored;
    }
    return this.write(key, value, options, false);
  }

  /** Like set(), but only replaces the value of a key that is present; returns false otherwise. */
  setIfPresent(key: K, value: V, options?: SetOptions): boolean {
    if (this.state !== OPEN) this.refuse('setIfPresent');
    // A load in flight is overtaken only by a write that happens (in write()): an absent key's
    // setIfPresent() changes nothing, so its load goes on and is stored.
    return this.write(key, value, options, true);
  }

  /** Removes `key`; returns whether a live value was removed. Fires onExit('delete'). */
  delete(key: K): boolean {
    if (this.state !== OPEN) this.refuse('delete');
    if (this.loading !== undefined) this.loading.overtake(key);
    const slot = this.map.get(key);
    if (slot === undefined) return false;
    if (!this.liveNow(slot)) {
      this.expire(slot);
      this.fire();
      return false;
    }
    const value = this.slotValues[slot] as V;
    this.policy.remove(slot);
    this.drop(slot);
    this.emit(EVENT_EXIT, key, value, 'delete');
    this.fire();
    return true;
  }

  /** Removes every entry (onExit('clear') for each); the policy forgets its history too. */
  clear(): void {
    if (this.state !== OPEN) this.refuse('clear');
    if (this.loading !== undefined) this.loading.overtakeAll();
    this.reset(true);
    this.fire();
  }

  /** Applies buffered access records to the policy (reads are buffered, writes never are). */
  flush(): void {
    if (this.state === CLOSED) this.throwClosed('flush');
    this.policy.flush?.();
  }

  /** Removes every expired entry now (onEvict(…, 'expired')); returns how many. */
  purgeExpired(): number {
    if (this.state !== OPEN) this.refuse('purgeExpired');
    const removed = this.expiry.size === 0 ? 0 : this.sweep(Infinity, this.now());
    this.fire();
    return removed;
  }

  /**
   * Empties the cache (onExit('clear') for each value) and releases its memory, WebAssembly
   * included. Any later call throws. Safe to call twice.
   */
  close(): void {
    if (this.state === CLOSED) return;
    if (this.state !== OPEN) this.refuse('close');
    if (this.loading !== undefined) this.loading.overtakeAll();
    this.purger?.stop();
    this.times?.release();
    // Drop every table so a closed cache retains next to nothing: its region of its arena's
    // WebAssembly memory goes back to the allocator now, not at garbage collection. First, so
    // that the policy's clear() below does not zero memory about to be freed (Kernels.release).
    this.kernels?.release();
    this.kernels = undefined;
    this.reset(true);
    this.state = CLOSED;
    this.lifetimes = undefined;
    this.policy = CLOSED_POLICY;
    this.slotKeys = [];
    this.slotValues = [];
    this.costs = this.expiresAt = new Float64Array(0);
    this.timed = this.costed = false;
    this.freeSlots = [];
    this.expiry.release();
    this.fire();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // ─── size and budget ──────────────────────────────────────────────────────────────────

  /** Entries held (expired ones not yet removed included; see purgeExpired()). */
  get size(): number {
    if (this.state === CLOSED) this.throwClosed('size');
    return this.map.size;
  }

  /** The summed cost of the entries held. */
  get cost(): number {
    if (this.state === CLOSED) this.throwClosed('cost');
    return this.used;
  }

  /** The budget. Setting it lower evicts at once until the cost fits. */
  get maxCost(): number {
    if (this.state === CLOSED) this.throwClosed('maxCost');
    return this.budget;
  }

  set maxCost(value: number) {
    if (this.state !== OPEN) this.refuse('maxCost');
    this.budget = requireCost('maxCost', value, true, true);
    if (this.lifetimes !== undefined) this.lifetimes.now = this.now(); // before anything changes: a clock may throw
    this.fit(-1);
    this.fire();
  }

  /** The counters (requires `metrics`, on by default). */
  stats(): CacheStats {
    if (this.state === CLOSED) this.throwClosed('stats');
    if (!this.metrics) throw new Error('cortado: stats() needs the metrics option (it was set to false)');
    return this.counters.snapshot(this.kernels?.recorded ?? 0, this.lifetimes);
  }

  /** The policy's name (after defaults). */
  get policyName(): string {
    if (this.state === CLOSED) this.throwClosed('policyName');
    return this.policy.name;
  }

  // ─── iteration (insertion order; expired entries skipped; no side effects) ────────────

  entries(): IterableIterator<[K, V]> {
    if (this.state === CLOSED) this.throwClosed('entries');
    return this.liveEntries();
  }

  keys(): IterableIterator<K> {
    if (this.state === CLOSED) this.throwClosed('keys');
    return mapIterator(this.liveEntries(), (entry) => entry[0]);
  }

  values(): IterableIterator<V> {
    if (this.state === CLOSED) this.throwClosed('values');
    return mapIterator(this.liveEntries(), (entry) => entry[1]);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, cache: this) => void, thisArg?: unknown): void {
    if (this.state === CLOSED) this.throwClosed('forEach');
    requireFunction('forEach callback', callback);
    for (const [key, value] of this.liveEntries()) callback.call(thisArg, value, key, this);
  }

  get [Symbol.toStringTag](): string {
    return 'Cache';
  }

  // ─── loading (src/loading.ts: single flight, refresh; src/entry-times.ts) ──────────────

  /**
   * The value of `key`, loaded if it must be. A live value resolves at once (a hit; with
   * `refreshAfter`, an older one is also reloaded in the background, once). Otherwise one load
   * runs per key however many callers wait, and every waiter gets its value or its error. The
   * value is stored as set() would store it (`ttl`, `cost`), unless a set(), delete(), clear()
   * or close() came first; a refused value still reaches the waiters. A failed load stores
   * nothing. `signal` rejects this call alone with an AbortError; the load's own signal aborts
   * when every waiter has. Errors (bad options, no load function, a closed cache) reject.
   *
   * It resolves undefined when the load does (a load may find nothing; nothing is stored then),
   * so its type is `Promise<V | undefined>`, except with a per-call `load` typed to always find
   * a value, where it is `Promise<V>`.
   */
  fetch(key: K, options: FetchOptions<K, V> & { load: FindingLoader<K, V> }): Promise<V>;
  fetch(key: K, options?: FetchOptions<K, V>): Promise<V | undefined>;
  fetch(key: K, options?: FetchOptions<K, V>): Promise<V | undefined> {
    try {
      if (this.state === CLOSED) this.throwClosed('fetch');
      return this.loader().fetch(key, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The value of `key`, or else `compute(key)`'s, stored (with `ttl` and `cost`) and returned
   * (lru-cache's memo). `forceRefresh` computes even when a value is present. A compute that
   * returns undefined stores nothing; one that throws changes nothing.
   */
  getOrSet(key: K, compute: (key: K) => V, options?: GetOrSetOptions): V {
    if (this.state !== OPEN) this.refuse('getOrSet');
    return this.loader().getOrSet(key, compute, options);
  }

  /** Zeroes every counter of stats(). */
  resetStats(): void {
    if (this.state === CLOSED) this.throwClosed('resetStats');
    this.counters.reset(this.kernels?.recorded ?? 0);
    this.lifetimes?.reset();
  }

  // ─── inspection and persistence (README, "Inspection and persistence") ────────────────

  /**
   * An entry's value, cost and time left, or undefined if it is absent or expired; no side
   * effects at all (no access recorded, nothing expired). lru-cache's `info(key)`. `ttl` is the
   * time to the TTL deadline (Infinity without one); with `idleTtl`, `idle` is the time until it
   * expires unless read.
   */
  info(key: K): EntryInfo<V> | undefined {
    if (this.state === CLOSED) this.throwClosed('info');
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    const now = this.timed ? this.now() : 0;
    if (!this.live(slot, now)) return undefined;
    const info: EntryInfo<V> = {
      value: this.slotValues[slot] as V,
      cost: this.costOf(slot),
      ttl: this.ttlLeft(slot, now),
    };
    if (this.idle) info.idle = this.expiresAt[slot]! - now;
    return info;
  }

  /**
   * The key the next capacity eviction would remove if its newcomer is admitted, or undefined
   * when the cache is empty; nothing changes. evictOne() removes this key. For tinylfu (sampled
   * LFU) the next eviction's sample is drawn now and kept for it, so the two agree; for random,
   * the next number is read, not drawn. cachekit's peek-victim capability.
   *
   * A sampling policy (one that orders its victims itself: tinylfu) cannot know its next victim
   * past an expired entry, since each eviction that drops one draws a new sample; so, for such a
   * policy, expired entries are removed first, as purgeExpired() removes them
   * (onEvict(…, 'expired')). Other policies' orders skip expired entries without removing them.
   */
  peekVictim(): K | undefined {
    if (this.state === CLOSED) this.throwClosed('peekVictim');
    if (this.policy.victims !== undefined && this.expiry.size !== 0 && this.state === OPEN) {
      this.sweep(Infinity, this.now());
      this.fire();
    }
    const fast = this.policy.peek?.();
    if (fast !== undefined && (fast < 0 || this.liveNow(fast)))
      return fast < 0 ? undefined : (this.slotKeys[fast] as K);
    for (const slot of this.victimSlots()) return this.slotKeys[slot] as K;
    return undefined;
  }

  /**
   * Removes the policy's next victim (the key peekVictim() names) as a capacity eviction:
   * onEvict and onExit fire with 'capacity', and stats() counts it in keysEvicted and
   * costEvicted. Returns `[key, value]`, or undefined when the cache is empty. An expired entry
   * the policy reaches first leaves as expired (onEvict(…, 'expired')) and the next is taken.
   * cachekit's evict-one capability.
   */
  evictOne(): [K, V] | undefined {
    if (this.state !== OPEN) this.refuse('evictOne');
    const now = this.timed || this.lifetimes !== undefined ? this.now() : 0;
    // Lifetimes time this eviction by the same reading, taken before anything changes.
    if (this.lifetimes !== undefined) this.lifetimes.now = now;
    this.evictLive(0, now, true);
    const evicted = this.roomTaken;
    this.roomTaken = undefined;
    this.fire();
    return evicted;
  }

  /**
   * One eviction round with nothing incoming, checking victims for expiry at `now` (expired ones
   * the policy reaches leave as expired and do not count): evictOne() (until one live victim,
   * `roomOne`) and load() (while `needed` more would not fit). Callbacks are queued, not fired.
   */
  private evictLive(needed: number, now: number, one: boolean): void {
    this.roomLive = true;
    this.roomNow = now;
    this.roomCost = needed;
    this.roomOne = one;
    try {
      this.policy.makeRoom(-1, 0, this.onVictim, -1);
    } finally {
      this.roomLive = false;
      this.roomCost = 0;
      this.roomOne = false;
    }
  }

  /**
   * Up to `n` keys (all by default), next victims first: the order in which evictOne() would
   * remove them. Caffeine's `policy().eviction().coldest(n)`. Each policy's order is its own
   * (README has the table); expired entries are left out. No side effects.
   */
  coldest(n?: number): K[] {
    if (this.state === CLOSED) this.throwClosed('coldest');
    const limit = n === undefined ? Infinity : requireCount('coldest() n', n);
    const keys: K[] = [];
    if (limit === 0) return keys;
    for (const slot of this.victimSlots()) {
      keys.push(this.slotKeys[slot] as K);
      if (keys.length === limit) break;
    }
    return keys;
  }

  /**
   * Up to `n` keys (all by default), most protected first: coldest() from the other end, the
   * keys the policy would evict last. Caffeine's `policy().eviction().hottest(n)`. No side effects.
   */
  hottest(n?: number): K[] {
    if (this.state === CLOSED) this.throwClosed('hottest');
    const limit = n === undefined ? Infinity : requireCount('hottest() n', n);
    const keys: K[] = [];
    for (const slot of this.victimSlots()) keys.push(this.slotKeys[slot] as K);
    keys.reverse();
    if (keys.length > limit) keys.length = limit;
    return keys;
  }

  /**
   * Every live entry as plain data, next victim first: `[key, { value, cost, ttl, policy? }]`,
   * `ttl` the ms left to its TTL deadline (Infinity without one) and `policy` the policy's note
   * on its state (segment, bits, frequency) that load() reads back. JSON-serializable when keys
   * and values are. No side effects. lru-cache's `dump()`.
   */
  dump(): [K, DumpedEntry<V>][] {
    if (this.state === CLOSED) this.throwClosed('dump');
    const now = this.timed ? this.now() : 0;
    const slots = [...this.victimSlots()];
    const policy = this.policy;
    const notes =
      policy.hints !== undefined
        ? policy.hints(slots)
        : policy.hint !== undefined
          ? slots.map((slot) => policy.hint!(slot))
          : undefined;
    return slots.map((slot, i) => {
      const entry: DumpedEntry<V> = {
        value: this.slotValues[slot] as V,
        cost: this.costOf(slot),
        ttl: this.ttlLeft(slot, now),
      };
      if (notes !== undefined) entry.policy = notes[i];
      return [this.slotKeys[slot] as K, entry];
    });
  }

  /**
   * Adds entries in dump()'s form (next victim first), e.g. to warm a restarted process.
   * Every entry is checked first (an error names `entries[i]` and changes nothing). Remaining
   * TTLs count from now; an entry with a ttl of 0 or less has expired and is skipped; a key
   * already cached is replaced. By default entries go in as a restore: no admission test (so a
   * warm start is warm) and no shouldUpdate, the policy taking them in the given order (and
   * state, from `policy` notes of the same policy), so that `load(dump())` into an empty cache of
   * the same policy gives back the same keys and, for fifo, lru, lifo, mru, clock, sieve,
   * s3-fifo, 2q, slru and arc, the same next victims. An entry costing more than maxCost is
   * refused as set() refuses it; beyond the budget, the policy evicts as usual ('capacity').
   * `{ admit: true }`: each entry goes through set() instead. Callbacks fire once all are in.
   * Returns how many of the entries are cached afterwards. lru-cache's `load()`, except that
   * it does not clear the cache first (call clear()).
   */
  load(entries: readonly LoadEntry<K, V>[], options?: LoadOptions): number {
    if (this.state !== OPEN) this.refuse('load');
    const admit = checkLoadOptions(options);
    const checked = checkEntries(entries, this.policy.name, this.policy.checkHint?.bind(this.policy));
    // User code (a coster, a ttl function) runs now, before anything changes.
    const costs = checked.map(
      (e) =>
        e.cost ?? (this.costOfValue === undefined ? 1 : this.deciding(() => this.costFor(e.value as V, e.key as K))),
    );
    const ttls = admit ? [] : checked.map((e) => this.loadTtl(e));
    this.holding = true;
    let cached: number;
    try {
      cached = admit ? this.loadBySet(checked, costs) : this.restore(checked, costs, ttls);
    } catch (error) {
      // A throwing user callback inside set() (admit: true): what is in stays, reported; its error wins.
      this.holding = false;
      this.fireIgnoringErrors();
      throw error;
    }
    this.holding = false;
    this.fire();
    return cached;
  }

  /** load({ admit: true }): each entry through set() (its cost already computed). */
  private loadBySet(checked: CheckedEntry[], costs: number[]): number {
    const stored = new Set<unknown>();
    for (let i = 0; i < checked.length; i++) {
      const e = checked[i]!;
      if (this.loading !== undefined) this.loading.overtake(e.key as K);
      if (e.ttl !== undefined && e.ttl <= 0) continue;
      const options: SetOptions = { cost: costs[i]! };
      if (e.ttl !== undefined) options.ttl = e.ttl;
      if (this.write(e.key as K, e.value as V, options, false)) stored.add(e.key);
      else stored.delete(e.key);
    }
    // Later entries may have evicted earlier ones.
    let cached = 0;
    for (const key of stored) if (this.map.has(key as K)) cached++;
    return cached;
  }

  /**
   * load()'s default. The loaded entries are the ones admitted: room is made for them first,
   * with the policy's usual victims among the entries already cached, then they are stored and
   * handed to the policy at once; should they alone exceed the budget, the policy then evicts
   * among them (for the policies that keep the order given, the dump's coldest first).
   */
  private restore(checked: CheckedEntry[], costs: number[], ttls: number[]): number {
    const now = this.timed || this.lifetimes !== undefined || ttls.some((t) => t !== NEVER) ? this.now() : 0;
    if (this.lifetimes !== undefined) this.lifetimes.now = now;
    // A key given twice: the later entry, in its place.
    const last = new Map<unknown, number>();
    checked.forEach((e, i) => last.set(e.key, i));
    const entries: number[] = [];
    for (let i = 0; i < checked.length; i++) {
      const { key, value } = checked[i]!;
      if (this.loading !== undefined) this.loading.overtake(key as K);
      if (last.get(key) !== i || ttls[i]! <= 0) continue;
      const cost = costs[i]!;
      let slot = this.map.get(key as K);
      if (slot !== undefined && !this.live(slot, now)) {
        this.expire(slot);
        slot = undefined;
      }
      if (slot !== undefined) {
        // A replace, as set() makes one (the new value may yet be refused below).
        const previous = this.slotValues[slot] as V;
        this.policy.remove(slot);
        this.drop(slot);
        if (previous !== value) this.emit(EVENT_EXIT, key, previous, 'replace');
      }
      if (cost > this.budget) {
        if (this.metrics) this.counters.setsRejected++;
        this.emit(EVENT_REJECT, key, value, 'rejected');
        continue;
      }
      if (slot === undefined) this.countAdded(cost);
      else if (this.metrics) this.counters.keysUpdated++;
      entries.push(i);
    }
    let needed = 0;
    for (const i of entries) needed += costs[i]!;
    if (this.used + needed > this.budget) this.evictLive(needed, now, false);
    const slots: number[] = [];
    const hints: (PolicyHint | undefined)[] = [];
    for (const i of entries) {
      const { key, value, hint } = checked[i]!;
      const ttl = ttls[i]!;
      const expiresAt = deadlineAfter(now, this.idle ? Math.min(ttl, this.times!.idleTtl) : ttl);
      const slot = this.allocateSlot();
      if (this.hashesKeys) this.hashSlot(slot, key as K);
      this.place(slot, key as K, value as V, costs[i]!, expiresAt);
      if (this.times !== undefined) this.times.restored(slot, now, ttl);
      if (ttl !== NEVER || this.givenTtls !== undefined) (this.givenTtls ??= new GivenTtls()).set(slot, ttl);
      slots.push(slot);
      hints.push(hint);
    }
    if (this.policy.restore !== undefined) this.policy.restore(slots, hints);
    else for (const slot of slots) this.policy.insert(slot);
    this.fit(-1);
    this.purger?.check();
    let cached = 0;
    for (const slot of slots) if (this.slotValues[slot] !== undefined) cached++;
    return cached;
  }

  /** A loaded entry's TTL in ms from now: its own, else the cache's default; NEVER for none. */
  private loadTtl(e: CheckedEntry): number {
    const ttl =
      e.ttl !== undefined
        ? e.ttl
        : this.times !== undefined
          ? this.deciding(() => this.times!.deadlineTtl(undefined, e.value as V, e.key as K))
          : this.defaultTtl;
    return e.ttl === undefined && ttl === 0 ? NEVER : ttl;
  }

  /** Ms to a live slot's TTL deadline at `now` (with idleTtl, the deadline EntryTimes keeps). */
  private ttlLeft(slot: number, now: number): number {
    if (!this.timed) return Infinity;
    const at = this.idle ? this.times!.deadline(slot) : this.expiresAt[slot]!;
    return at === NEVER ? Infinity : at - now;
  }

  /** Live slots in the policy's eviction order, next victim first (see policy.ts, policies/machinery/fork.ts). */
  private *victimSlots(): Generator<number, void, undefined> {
    const now = this.timed ? this.now() : 0;
    const policy = this.policy;
    const order =
      policy.victims !== undefined ? policy.victims([...this.map.values()]) : forkVictims(policy, this.host);
    for (const slot of order) if (this.live(slot, now)) yield slot;
  }

  private loader(): Loading<K, V> {
    return (this.loading ??= this.newLoading(undefined, undefined));
  }

  private newLoading(
    load: Loader<K, V> | undefined,
    waitUntil: ((promise: Promise<unknown>) => void) | undefined,
  ): Loading<K, V> {
    const store = {
      now: () => this.now(),
      refreshDue: (key: unknown) => {
        const slot = this.map.get(key as K);
        return slot !== undefined && this.times !== undefined && this.times.due(slot, this.now());
      },
      counters: this.metrics ? this.counters : undefined,
      channels: this.channels,
    };
    return new Loading<K, V>(this, store, load, waitUntil);
  }

  // ─── internals ────────────────────────────────────────────────────────────────────────

  private *liveEntries(): IterableIterator<[K, V]> {
    for (const [key, slot] of this.map) {
      if (this.liveNow(slot)) yield [key, this.slotValues[slot] as V];
    }
  }

  private write(key: K, value: V, options: SetOptions | undefined, onlyIfPresent: boolean): boolean {
    if (value === undefined) throw new TypeError('cortado: value must not be undefined (use delete() to remove a key)');
    const o = options === undefined ? NO_SET_OPTIONS : checkSetOptions(options);
    // Checked TTLs are >= 0: a negative default means entry times (a ttl function, idleTtl, refreshAfter).
    const entryTimes = this.defaultTtl < 0;
    const ttl = entryTimes ? this.entryTtl(o.ttl, key, value) : (o.ttl ?? this.defaultTtl);
    const expires = ttl !== 0 && ttl !== Infinity;
    // One reading of the clock for the whole call: user code below may move the clock, and an
    // entry found live must stay live until this write is done with it.
    const now = this.timed || expires ? this.now() : 0;
    // Lifetimes time this call's insert and evictions by one reading, taken before anything changes.
    if (this.lifetimes !== undefined) this.lifetimes.now = this.timed || expires ? now : this.now();
    let slot = this.liveSlot(key, now);
    if (slot === undefined && onlyIfPresent) {
      this.fire();
      return false;
    }
    let cost = o.cost;
    if (
      (slot !== undefined && this.shouldUpdate !== undefined) ||
      (cost === undefined && this.costOfValue !== undefined)
    ) {
      // User code: if it throws, nothing has changed. It may read the cache (a read can expire
      // entries), so the slot is looked up again afterwards.
      const decided = this.decide(slot, key, value);
      if (decided < 0) {
        this.fire();
        return false;
      }
      if (cost === undefined) cost = decided;
      slot = this.liveSlot(key, now);
      if (slot === undefined && onlyIfPresent) {
        this.fire();
        return false;
      }
    }
    if (cost === undefined) cost = 1;
    if (onlyIfPresent && this.loading !== undefined) this.loading.overtake(key);
    if (this.expiry.size !== 0 && this.sweepsInPassing) this.sweep(SWEEP_PER_SET, now); // never the live slot: same `now`
    const expiresAt = expires ? deadlineAfter(now, ttl) : NEVER;

    let stored: boolean;
    if (cost > this.budget) {
      // Refused. An old value must not stay readable in place of the refused one (a stale read):
      // it leaves as if replaced.
      if (slot !== undefined) {
        const previous = this.slotValues[slot] as V;
        this.policy.remove(slot);
        this.drop(slot);
        // The same value set again leaves once, as the refused one (as a replace by itself fires nothing).
        if (previous !== value) this.emit(EVENT_EXIT, key, previous, 'replace');
      }
      if (this.metrics) this.counters.setsRejected++;
      this.emit(EVENT_REJECT, key, value, 'rejected');
      stored = false;
    } else if (slot !== undefined) {
      const kept = this.timed && o.keepTTL === true; // without `timed` every expiry is NEVER: nothing to keep
      stored = this.replace(slot, key, value, cost, kept ? this.expiresAt[slot]! : expiresAt);
    } else {
      stored = this.insert(key, value, cost, expiresAt);
    }
    if (entryTimes && stored) this.times!.written(this.map.get(key)!, now, slot !== undefined && o.keepTTL === true);
    if (stored && (expires || this.givenTtls !== undefined))
      this.givenTtl(key, expires ? ttl : NEVER, slot !== undefined && o.keepTTL === true);
    if (expires && this.purger !== undefined) this.purger.check();
    this.fire();
    return stored;
  }

  /**
   * Runs user code from inside a write (`shouldUpdate`, the coster, a ttl function) with the
   * cache DECIDING, so that any write from inside it throws; reads stay allowed. It runs before
   * the write changes anything, so if it throws, nothing has changed.
   */
  private deciding<T>(userCode: () => T): T {
    this.state = DECIDING;
    try {
      return userCode();
    } catch (error) {
      this.state = OPEN;
      this.fireIgnoringErrors(); // what reads inside the user code queued still gets reported
      throw error;
    } finally {
      this.state = OPEN;
    }
  }

  /**
   * The write's `shouldUpdate` (for an existing entry) and coster: the coster's cost (1 without
   * one), or -1 when the validator refused.
   */
  private decide(slot: number | undefined, key: K, value: V): number {
    return this.deciding(() => {
      if (
        slot !== undefined &&
        this.shouldUpdate !== undefined &&
        !this.shouldUpdate(this.slotValues[slot] as V, value)
      ) {
        return -1;
      }
      return this.costOfValue === undefined ? 1 : this.costFor(value, key);
    });
  }

  /** get()'s expiry check, once some entry has a TTL: live at the clock's time? A read restarts idleTtl. */
  private liveOnRead(slot: number): boolean {
    const now = this.now();
    if (!(this.expiresAt[slot]! > now)) return false;
    if (this.idle) {
      this.expiresAt[slot] = this.times!.readAt(slot, now);
      this.expiry.schedule(slot);
    }
    return true;
  }

  /** A written value's TTL under entry times (a ttl function runs DECIDING). It runs first in write(). */
  private entryTtl(perCall: number | undefined, key: K, value: V): number {
    return this.deciding(() => this.times!.ttl(perCall, value, key));
  }

  /** The key's slot if its entry is live at `now`; an expired entry is removed on the way. */
  private liveSlot(key: K, now: number): number | undefined {
    const slot = this.map.get(key);
    if (slot === undefined || this.live(slot, now)) return slot;
    this.expire(slot);
    return undefined;
  }

  private replace(slot: number, key: K, value: V, cost: number, expiresAt: number): boolean {
    const previous = this.slotValues[slot] as V;
    this.slotValues[slot] = value;
    this.used += cost - this.costOf(slot);
    if (this.used < 0) this.used = 0; // fractional costs round; a total is never negative
    this.setCost(slot, cost);
    this.setExpiry(slot, expiresAt);
    this.policy.update(slot);
    if (this.metrics) this.counters.keysUpdated++;
    if (previous !== value) this.emit(EVENT_EXIT, key, previous, 'replace');
    return this.fit(slot);
  }

  /**
   * A new entry. If it does not fit, the policy makes room for it first and takes it in (or
   * refuses it), and only then is it stored in the slot it was given.
   */
  private insert(key: K, value: V, cost: number, expiresAt: number): boolean {
    const slot = this.allocateSlot();
    if (this.hashesKeys) this.hashSlot(slot, key);
    // Reading the clock for every write starts with the first TTL given, admitted or not.
    if (expiresAt !== NEVER) this.startTiming();
    if (this.fits(cost)) {
      this.place(slot, key, value, cost, expiresAt);
      this.policy.insert(slot);
    } else {
      if (!this.makeRoom(slot, key, value, cost)) return false;
      this.place(slot, key, value, cost, expiresAt);
    }
    this.countAdded(cost);
    return true;
  }

  /** Whether a new entry costing `cost` fits both budgets as they are (no room to make). */
  private fits(cost: number): boolean {
    return this.used + cost <= this.budget && this.map.size < this.entryBudget;
  }

  /** Counts a new entry stored (metrics). */
  private countAdded(cost: number): void {
    if (this.metrics) {
      this.counters.keysAdded++;
      this.counters.costAdded += cost;
    }
  }

  /**
   * A new entry of cost 1 into a full cache (no TTLs, lifetimes or per-entry costs: set()'s
   * plain path) whose policy evicts without looking at the newcomer (Policy.evictFirst): one
   * out, one in, the newcomer in the victim's slot, as lru-cache does. What makeRoom() would do
   * with one victim, without freeing a slot to take it again. The cache was within both budgets,
   * so one victim makes room.
   */
  private insertOverVictim(key: K, value: V): boolean {
    const slot = this.policy.evictFirst!();
    if (slot < 0) return this.insert(key, value, 1, NEVER);
    const victimKey = this.checkedKey(slot);
    const victimValue = this.slotValues[slot] as V;
    // Not drop() and place(): the slot stays taken and the total unchanged, and nothing else of
    // theirs applies on this path (no costs, TTLs or lifetimes); through them the route measured
    // 5-9 % slower.
    this.map.delete(victimKey);
    this.evicted(victimKey, victimValue, 1, slot);
    if (this.hashesKeys) this.hashSlot(slot, key);
    this.slotKeys[slot] = key;
    this.slotValues[slot] = value;
    this.map.set(key, slot);
    this.policy.insert(slot);
    this.countAdded(1);
    return true;
  }

  /** Stores a new entry in its slot (hashed already; the policy is told by the caller). */
  private place(slot: number, key: K, value: V, cost: number, expiresAt: number): void {
    this.slotKeys[slot] = key;
    this.slotValues[slot] = value;
    this.setCost(slot, cost);
    this.map.set(key, slot);
    this.used += cost;
    if (expiresAt !== NEVER) {
      this.startTiming();
      this.expiresAt[slot] = expiresAt;
      this.expiry.schedule(slot);
    }
    if (this.lifetimes !== undefined) this.lifetimes.added(slot);
  }

  /** Sets a new entry's key hash on its slot (the policy reads it: sketch, ghosts). */
  private hashSlot(slot: number, key: K): void {
    if (this.hasLastMiss && this.lastMissKey === key) {
      this.kernels!.setSlotHash(slot, this.lastMissLo, this.lastMissHi);
    } else {
      this.hashKey(key);
      this.kernels!.setSlotHash(slot, this.hasher!.lo, this.hasher!.hi);
    }
  }

  /**
   * Has the policy make room for a new entry costing `cost` in `slot` (not stored yet) and take
   * it in; returns whether it is admitted. Refused, its slot is freed and onReject fires.
   */
  private makeRoom(slot: number, key: K, value: V, cost: number): boolean {
    this.roomFor = slot;
    // The policy may read the newcomer's key (keyOf: ties broken by key order) as it takes it in.
    this.slotKeys[slot] = key;
    this.roomKey = key;
    this.roomValue = value;
    this.roomCost = cost;
    try {
      this.policy.makeRoom(slot, cost, this.onVictim, -1);
      return this.roomFor === slot;
    } finally {
      this.roomFor = -1;
      this.roomKey = undefined;
      this.roomValue = undefined;
      this.roomCost = 0;
    }
  }

  /**
   * Evicts the policy's victims until the cost fits, with nothing incoming. `keep` is a slot
   * being written (-1: none); returns whether it is still cached.
   */
  private fit(keep: number): boolean {
    if (this.used <= this.budget && this.map.size <= this.entryBudget) return true;
    this.roomKeep = keep;
    try {
      this.policy.makeRoom(-1, 0, this.onVictim, keep);
      return keep < 0 || this.roomKeep === keep;
    } finally {
      this.roomKeep = -1;
    }
  }

  /**
   * The policy's onVictim: drops the slot it chose (or refuses the newcomer it hands back) and
   * says whether the policy should go on evicting.
   */
  private takeVictim(slot: number): boolean {
    if (slot === this.roomFor) {
      this.rejectNewcomer(slot);
      return this.used > this.budget;
    }
    // A policy that hands over a slot holding no entry would make the round spin or free a slot
    // twice: checkedKey fails loudly instead.
    const key = this.checkedKey(slot);
    const value = this.slotValues[slot] as V;
    if (this.roomLive && !this.live(slot, this.roomNow)) {
      this.dropExpired(slot);
      return true;
    }
    const cost = this.costOf(slot);
    this.drop(slot);
    if (slot === this.roomKeep) this.roomKeep = -1;
    this.evicted(key, value, cost, slot);
    if (this.roomOne) {
      this.roomTaken = [key, value];
      return false;
    }
    return this.used + this.roomCost > this.budget || this.map.size + (this.roomFor < 0 ? 0 : 1) > this.entryBudget;
  }

  /** Admission refused the newcomer in `slot` (never stored): its slot is free again, onReject fires. */
  private rejectNewcomer(slot: number): void {
    this.roomFor = -1;
    this.slotKeys[slot] = undefined;
    this.roomCost = 0;
    this.freeSlots.push(slot);
    if (this.metrics) this.counters.setsRejected++;
    this.emit(EVENT_REJECT, this.roomKey, this.roomValue, 'rejected');
  }

  /** Counts and reports an entry the policy evicted for capacity (already dropped from `slot`). */
  private evicted(key: K, value: V, cost: number, slot: number): void {
    if (this.metrics) {
      this.counters.keysEvicted++;
      this.counters.costEvicted += cost;
      if (this.lifetimes !== undefined) this.lifetimes.evicted(slot);
    }
    this.emit(EVENT_EVICT, key, value, 'capacity');
    if (this.evictChannel !== undefined && this.evictChannel.hasSubscribers)
      this.publishEvict(key, value, 'capacity', cost);
  }

  /** The key of a slot a policy chose; an empty slot is a policy bug that must not spin the caller. */
  private checkedKey(slot: number): K {
    if (this.slotValues[slot] === undefined) this.throwEmptyVictim(slot);
    return this.slotKeys[slot] as K;
  }

  /** checkedKey()'s throw, out of line: it keeps fit() small enough for V8 to inline what it calls. */
  private throwEmptyVictim(victim: number): never {
    throw new Error(
      `cortado: internal error: the ${this.policy.name} policy chose slot ${victim}, which holds no entry`,
    );
  }

  private costFor(value: V, key: K): number {
    if (this.costOfValue === undefined) return 1;
    const cost = this.costOfValue(value, key);
    if (typeof cost !== 'number') {
      throw new TypeError(`cortado: the cost option's function returned ${describe(cost)}; it must return a number`);
    }
    if (!(cost >= 0) || cost > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        `cortado: the cost option's function returned ${describe(cost)}; it must return a number from 0 to Number.MAX_SAFE_INTEGER`,
      );
    }
    return cost;
  }

  /** Whether the slot's entry is live at `now` (read once per public call). */
  private live(slot: number, now: number): boolean {
    return !this.timed || this.expiresAt[slot]! > now;
  }

  /** live() for calls that look at one slot: the clock is read only when entries can expire. */
  private liveNow(slot: number): boolean {
    return !this.timed || this.expiresAt[slot]! > this.now();
  }

  /** The clock's time, checked: a clock that returns garbage would make entries vanish unseen. */
  private now(): number {
    const t = this.clock.now();
    if (typeof t !== 'number' || t - t !== 0) {
      throw new TypeError(
        `cortado: clock.now() returned ${describe(t)}; it must return a finite number of milliseconds`,
      );
    }
    return t;
  }

  private costOf(slot: number): number {
    return this.costed ? this.costs[slot]! : 1;
  }

  /** Records a slot's cost; the cost array appears at the first cost other than 1. */
  private setCost(slot: number, cost: number): void {
    if (!this.costed) {
      if (cost === 1) return;
      this.costed = true;
      this.costs = new Float64Array(this.capacity).fill(1); // every earlier entry cost 1
    }
    this.costs[slot] = cost;
  }

  /** Allocates the expiry arrays at the first TTL. */
  private startTiming(): void {
    if (this.timed) return;
    this.timed = true;
    this.expiresAt = new Float64Array(this.capacity).fill(NEVER);
    this.expiry.reserve(this.capacity);
  }

  private setExpiry(slot: number, expiresAt: number): void {
    if (expiresAt === NEVER && !this.timed) return;
    this.startTiming();
    this.expiresAt[slot] = expiresAt;
    if (expiresAt !== NEVER) this.expiry.schedule(slot);
    else this.expiry.remove(slot);
  }

  /** Records the TTL a written key was given (`kept`: keepTTL kept its expiry, and so its TTL). */
  private givenTtl(key: K, ttl: number, kept: boolean): void {
    if (kept) return;
    (this.givenTtls ??= new GivenTtls()).set(this.map.get(key)!, ttl);
  }

  /** Removes an expired entry (the policy did not choose it, so no ghost is recorded). */
  private expire(slot: number): void {
    this.policy.remove(slot);
    this.dropExpired(slot);
  }

  /** Frees an expired slot the policy has let go of, counting and reporting it. */
  private dropExpired(slot: number): void {
    const key = this.slotKeys[slot] as K;
    const value = this.slotValues[slot] as V;
    const cost = this.costOf(slot);
    this.drop(slot);
    if (this.metrics) this.counters.keysExpired++;
    this.emit(EVENT_EVICT, key, value, 'expired');
    if (this.evictChannel !== undefined && this.evictChannel.hasSubscribers)
      this.publishEvict(key, value, 'expired', cost);
  }

  /** Expires up to `limit` entries due at `now`, soonest first. */
  private sweep(limit: number, now: number): number {
    let removed = 0;
    while (removed < limit) {
      const slot = this.expiry.peek();
      if (slot < 0 || this.expiresAt[slot]! > now) break;
      this.expire(slot);
      removed++;
    }
    return removed;
  }

  /** Frees a slot's store state (the policy has already let go of it). */
  private drop(slot: number): void {
    this.map.delete(this.slotKeys[slot] as K);
    this.used -= this.costOf(slot);
    // Fractional costs add up with rounding: no drift once empty, and never below zero.
    if (this.map.size === 0 || this.used < 0) this.used = 0;
    if (this.timed && this.expiresAt[slot] !== NEVER) {
      this.expiry.remove(slot);
      this.expiresAt[slot] = NEVER;
    }
    this.slotKeys[slot] = undefined;
    this.slotValues[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private allocateSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if (this.nextSlot === this.capacity) this.grow();
    return this.nextSlot++;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    if (this.costed) this.costs = grown(this.costs, capacity, 1);
    if (this.timed) {
      this.expiresAt = grown(this.expiresAt, capacity, NEVER);
      this.expiry.reserve(capacity);
    }
    this.kernels?.reserve(capacity);
    this.lifetimes?.reserve(capacity);
    this.policy.reserve(capacity);
    this.capacity = capacity;
  }

  private reset(notify: boolean): void {
    if (notify && this.listening) {
      for (const [key, slot] of this.map) this.emit(EVENT_EXIT, key, this.slotValues[slot], 'clear');
    }
    this.map.clear();
    this.slotKeys.length = 0;
    this.slotValues.length = 0;
    this.costs.fill(1);
    this.expiresAt.fill(NEVER);
    this.expiry.clear();
    this.freeSlots.length = 0;
    this.nextSlot = 0;
    this.used = 0;
    this.hasLastMiss = false;
    this.lastMissKey = undefined;
    this.policy.clear();
  }

  private hashKey(key: unknown): void {
    if (this.hasher === undefined) {
      // Seeded lazily: Workers forbid random values at global scope, where a cache may be built.
      // The first hashed key comes before any sampling, so the sampler is seeded here too.
      const [lo, hi] = this.seed === undefined ? randomSeed() : seedFrom(this.seed);
      this.hasher = new KeyHasher(lo, hi);
      this.kernels?.seed(lo ^ 0x5851f42d, hi ^ 0x4c957f2d);
    }
    this.hasher.hash(key);
  }

  private emit(kind: number, key: unknown, value: unknown, reason: ExitReason): void {
    if (this.listening) this.events.push(kind, key, value, reason);
  }

  /** Queues an eviction for `cortado:evict` (someone subscribed): published with the callbacks. */
  private publishEvict(key: K, value: V, reason: EvictionReason, cost: number): void {
    const message: EvictMessage<K, V> = { cache: this, key, value, reason, cost };
    this.events.push(EVENT_PUBLISH, message, undefined, undefined);
  }

  /**
   * Runs queued callbacks; every one runs, then the first error (if any) is rethrown. While a
   * write is DECIDING (a read inside its user code queued events) they wait for the write's end.
   */
  private fire(): void {
    if (this.events.length === 0 || this.state === DECIDING || this.holding) return;
    const events = this.events;
    this.events = [];
    let failed = false;
    let error: unknown;
    for (let i = 0; i < events.length; i += 4) {
      const kind = events[i];
      const key = events[i + 1] as K;
      const value = events[i + 2] as V;
      const reason = events[i + 3] as ExitReason;
      if (kind === EVENT_PUBLISH) {
        // diagnostics_channel reports a subscriber's error itself (an uncaught exception on the
        // next tick), so publish() does not throw here.
        this.evictChannel!.publish(key);
        continue;
      }
      try {
        if (kind === EVENT_EVICT) this.onEvict?.(key, value, reason as EvictionReason);
        else if (kind === EVENT_REJECT) this.onReject?.(key, value);
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
      try {
        this.onExit?.(key, value, reason);
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    if (failed) throw error;
  }

  private fireIgnoringErrors(): void {
    try {
      this.fire();
    } catch {
      // The caller is already throwing the error that matters.
    }
  }

  private throwClosed(method: string): never {
    throw new Error(`cortado: ${method}: the cache is closed`);
  }

  /** Why a change is refused: the cache is closed, or a write is deciding. */
  private refuse(method: string): never {
    if (this.state === CLOSED) this.throwClosed(method);
    throw new Error(
      `cortado: ${method}: called from inside the shouldUpdate or cost callback, which may read the cache but not change it ` +
        '(event callbacks such as onEvict and onExit may)',
    );
  }
}

/**
 * What `console.log(cache)` and `util.inspect` show in Node: the policy and the figures, not
 * the internals (slot arrays, kernels). A symbol from the global registry, so no `node:util`
 * import reaches browser or Workers bundles.
 */
Object.defineProperty(Cache.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Cache, _depth: number, options: object, inspect?: (value: unknown, options: object) => string): string {
    if (this['state'] === CLOSED) return 'Cache <closed>';
    const fields = { policy: this.policyName, size: this.size, cost: this.cost, maxCost: this.maxCost };
    return `Cache ${typeof inspect === 'function' ? inspect(fields, options) : JSON.stringify(fields)}`;
  },
});

/**
 * The store as its policy sees it. A class rather than an object literal of closures, so every
 * cache's host has one shape and V8 inlines the getters (measured on set() with eviction:
 * docs/design-measurements.md). It reads the store's private fields by element access, TypeScript's
 * sanctioned escape hatch, because they are private to everything but the store and its host.
 */
class StoreHost implements PolicyHost {
  constructor(
    private readonly store: Cache<unknown, unknown>,
    readonly kernels: Kernels | undefined,
  ) {}

  get maxCost(): number {
    return this.store['budget'];
  }

  get totalCost(): number {
    return this.store['used'];
  }

  get size(): number {
    return this.store['map'].size;
  }

  costOf(slot: number): number {
    return this.store['costOf'](slot);
  }

  keyOf(slot: number): unknown {
    return this.store['slotKeys'][slot];
  }
}
