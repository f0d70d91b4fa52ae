// The Cache: one store for every policy, and its hot path. cache.ts keeps get(), the write path
// (set(), write(), insert, replace, making room, fit()) and the life cycle (open, deciding,
// closed); the store's state lives in src/store/, one concern a file, and the policy
// (src/policies/*) sees only integer slots:
//
//   key ──Map──► slot ──► keys[slot], values[slot], costs[slot]    store/slot-table.ts
//                    └──► expiresAt[slot], expiry queue, entry times store/expiry.ts
//   callbacks and cortado:evict, queued and fired per call          store/events.ts
//   eviction order, info(), dump() read from that state             store/inspection.ts
//
// Keys are hashed only when the policy needs hashes (the TinyLFU sketch, ghost entries), once per
// insert and once per miss; hits feed the sketch from the slot's stored hash.
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

import type { Policy } from './policy.js';
import { SlotTable } from './store/slot-table.js';
import type {
  CacheOptions,
  Clock,
  FetchOptions,
  FindingLoader,
  GetOrSetOptions,
  Loader,
  ResolvedOptions,
  SetOptions,
} from './options.js';
import { resolveOptions, checkSetOptions } from './options.js';
import { Counters, type CacheStats } from './stats.js';
import { KeyHasher, randomSeed, seedFrom } from './key-hash.js';
import { Kernels } from './wasm/kernels.js';
import { requireCost, requireFunction, requireInteger, describe } from './validate.js';
import { deadlineAfter } from './store/deadline.js';
import { Expiry, NEVER } from './store/expiry.js';
import { Loading } from './loading.js';
import { Lifetimes } from './life-expectancy.js';
import { EventQueue } from './store/events.js';
import { dumpedEntries, entryInfo, victimSlots } from './store/inspection.js';
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

/** The store's states: open; deciding a write (inside shouldUpdate or cost); closed. */
const OPEN = 0;
const DECIDING = 1;
const CLOSED = 2;

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
  /** Keys, values and costs by slot, the budget and the total: src/store/slot-table.ts. */
  private readonly table: SlotTable<K, V>;
  /**
   * The table's map and values (the same objects), held here as well: get() reads them on every
   * call, one load nearer than through the table, which measured slower on hits
   * (docs/design-measurements.md, "The split store's hot path").
   */
  private readonly map: Map<K, number>;
  private readonly slotValues: (V | undefined)[];
  /** Expiry times by slot, the expiry queue and the per-entry times: src/store/expiry.ts. */
  private readonly expiry: Expiry<K, V>;

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

  private readonly clock: Clock;
  private readonly costOfValue: ((value: V, key: K) => number) | undefined;
  private readonly shouldUpdate: ((current: V, next: V) => boolean) | undefined;
  /** The user callbacks and `cortado:evict`, queued during a call and fired at its end. */
  private readonly events: EventQueue<K, V>;
  private readonly counters = new Counters();
  private readonly metrics: boolean;
  /** Birth times and the histogram of lifetimes (the lifeExpectancy option); else undefined. */
  private lifetimes: Lifetimes | undefined;
  /** OPEN, DECIDING (user code inside a write is running) or CLOSED. */
  private state = OPEN;
  /** fetch() and getOrSet(), from the first use (or the constructor, given a loading option). */
  private loading: Loading<K, V> | undefined;
  /**
   * Whether a set() without options may skip write()'s general path: no default TTL or entry
   * times, no coster, no validator, no lifetimes. (Per-call TTLs still take write(), and the
   * first one makes the cache `timed`, which the fast path checks on every call.)
   */
  private readonly plainWrites: boolean;
  /**
   * set()'s entry checks folded into one, kept up to date where they change: OPEN, no loading
   * under way to overtake, plainWrites, no TTL yet, and maxCost ≥ 1. When false, set() checks
   * each on its own; the hot path reads one field instead of seven.
   */
  private fastWrites = false;

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

  constructor(options: CacheOptions<K, V>) {
    const o: ResolvedOptions<K, V> = resolveOptions<K, V>(options);
    this.clock = o.clock;
    this.costOfValue = o.cost;
    this.shouldUpdate = o.shouldUpdate;
    this.events = new EventQueue<K, V>(o, this);
    this.metrics = o.metrics;
    this.seed = o.seed;

    // Slot tables start small and double: memory follows what the cache holds, not maxCost.
    if (o.lifeExpectancy) this.lifetimes = new Lifetimes(INITIAL_SLOTS);
    this.expiry = new Expiry<K, V>(
      o,
      INITIAL_SLOTS,
      (slot) => this.expire(slot),
      // An entry with a TTL makes every later write read the clock: set() leaves its fast path.
      () => {
        this.fastWrites = false;
      },
    );

    const requirements = o.policy.requirements(o.policyOptions, { maxCost: o.maxCost, numCounters: o.numCounters });
    this.hashesKeys = requirements.hashes || requirements.misses;
    this.recordsMisses = requirements.misses;
    if (this.hashesKeys) {
      const sketch = requirements.sketch ?? { numCounters: 64, sampleSize: 64, doorkeeper: false };
      this.kernels = new Kernels({ ...sketch, ringItems: o.bufferItems }, o.wasmModule, sketch.numCounters / o.maxCost);
      this.kernels.reserve(INITIAL_SLOTS);
    }
    this.table = new SlotTable<K, V>(INITIAL_SLOTS, o.maxCost, this.kernels, (capacity) => this.grew(capacity));
    this.map = this.table.map;
    this.slotValues = this.table.values;
    this.policy = o.policy.create({ host: this.table, initialSlots: INITIAL_SLOTS }, o.policyOptions);
    if (o.load !== undefined || o.waitUntil !== undefined) this.loading = this.newLoading(o.load, o.waitUntil);
    this.entryBudget = o.maxEntries;
    this.sweepsInPassing = !o.keepExpired;
    if (o.autopurge) {
      this.purger = new AutoPurge(
        () => this.expiry.nextExpiry(),
        () => this.now(),
        () => this.purgeExpired(),
      );
    }
    this.plainWrites =
      (this.expiry.defaultTtl === 0 || this.expiry.defaultTtl === Infinity) &&
      this.expiry.times === undefined &&
      this.costOfValue === undefined &&
      this.shouldUpdate === undefined &&
      this.lifetimes === undefined;
    this.updateFastWrites();
  }

  /** Recomputes fastWrites from what it folds (see there). */
  private updateFastWrites(): void {
    this.fastWrites =
      this.state === OPEN &&
      this.loading === undefined &&
      this.plainWrites &&
      !this.expiry.timed &&
      this.table.maxCost >= 1;
  }

  // ─── reads ────────────────────────────────────────────────────────────────────────────

  /** The value for `key`, or undefined. Records the access (hit or miss) for the policy. */
  get(key: K): V | undefined {
    if (this.state === CLOSED) this.throwClosed('get');
    const slot = this.map.get(key);
    if (slot !== undefined) {
      // Only entries with a TTL are in the expiry queue: without any, skip reading the expiry.
      if (this.expiry.size === 0 || this.expiry.liveOnRead(slot, this.now())) {
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
    const at = this.expiry.at(slot);
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
    return this.expiry.givenTtl(slot);
  }

  /**
   * Restarts a live entry's TTL: it expires the TTL it was last given from now (lru-cache's
   * updateAgeOnGet and updateAgeOnHas). Returns whether `key` holds a live entry; one without a
   * TTL is left as it is. No access is recorded.
   */
  touch(key: K): boolean {
    if (this.state !== OPEN) this.refuse('touch');
    const slot = this.map.get(key);
    if (slot === undefined || !this.expiry.timed) return slot !== undefined;
    const now = this.now();
    if (!this.expiry.live(slot, now)) return false;
    this.expiry.restart(slot, now);
    return true;
  }

  // ─── writes ───────────────────────────────────────────────────────────────────────────

  /**
   * Stores `value` under `key`. Returns true when the value is now cached; false when it was
   * refused: by admission, because its cost exceeds maxCost, or by `shouldUpdate`.
   */
  set(key: K, value: V, options?: SetOptions): boolean {
    if (!this.fastWrites) {
      if (this.state !== OPEN) this.refuse('set');
      if (this.loading !== undefined) this.loading.overtake(key);
      if (!this.plainWrites || this.expiry.timed || this.table.maxCost < 1)
        return this.write(key, value, options, false);
    }
    // The common write (no per-call options, nothing that needs the clock, a coster or a
    // validator): write() minus the steps that cannot apply, so V8 keeps it small and inlined.
    if (options === undefined && value !== undefined) {
      const slot = this.map.get(key);
      let stored: boolean;
      if (slot !== undefined) stored = this.replace(slot, key, value, 1, NEVER);
      else if (this.fits(1) || this.table.costed) stored = this.insert(key, value, 1, NEVER);
      else if (this.policy.reuseVictim !== undefined) stored = this.insertOverVictim(key, value);
      else if (this.policy.admitOne !== undefined) stored = this.insertAdmitted(key, value);
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
    this.events.exited(key, value, 'delete');
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
    const removed = this.expiry.size === 0 ? 0 : this.expiry.sweep(Infinity, this.now());
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
    // Drop every table so a closed cache retains next to nothing: its region of its arena's
    // WebAssembly memory goes back to the allocator now, not at garbage collection. First, so
    // that the policy's clear() below does not zero memory about to be freed (Kernels.release).
    this.kernels?.release();
    this.kernels = undefined;
    this.reset(true);
    this.state = CLOSED;
    this.fastWrites = false;
    this.lifetimes = undefined;
    this.policy = CLOSED_POLICY;
    this.table.release();
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
    return this.table.totalCost;
  }

  /** The budget. Setting it lower evicts at once until the cost fits. */
  get maxCost(): number {
    if (this.state === CLOSED) this.throwClosed('maxCost');
    return this.table.maxCost;
  }

  set maxCost(value: number) {
    if (this.state !== OPEN) this.refuse('maxCost');
    this.table.maxCost = requireCost('maxCost', value, true, true);
    this.updateFastWrites();
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
    const now = this.expiry.timed ? this.now() : 0;
    return this.expiry.live(slot, now) ? entryInfo(this.table, this.expiry, slot, now) : undefined;
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
      this.expiry.sweep(Infinity, this.now());
      this.fire();
    }
    const fast = this.policy.peek?.();
    if (fast !== undefined && (fast < 0 || this.liveNow(fast)))
      return fast < 0 ? undefined : (this.table.keys[fast] as K);
    for (const slot of this.victimSlots()) return this.table.keys[slot] as K;
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
    const now = this.expiry.timed || this.lifetimes !== undefined ? this.now() : 0;
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
      keys.push(this.table.keys[slot] as K);
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
    for (const slot of this.victimSlots()) keys.push(this.table.keys[slot] as K);
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
    const now = this.expiry.timed ? this.now() : 0;
    return dumpedEntries(this.table, this.expiry, this.policy, [...this.victimSlots()], now);
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
    this.events.holding = true;
    let cached: number;
    try {
      cached = admit ? this.loadBySet(checked, costs) : this.restore(checked, costs, ttls);
    } catch (error) {
      // A throwing user callback inside set() (admit: true): what is in stays, reported; its error wins.
      this.events.holding = false;
      this.fireIgnoringErrors();
      throw error;
    }
    this.events.holding = false;
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
    const now = this.expiry.timed || this.lifetimes !== undefined || ttls.some((t) => t !== NEVER) ? this.now() : 0;
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
      if (slot !== undefined && !this.expiry.live(slot, now)) {
        this.expire(slot);
        slot = undefined;
      }
      // Refused or replaced as write() does it; a replaced entry is placed again below.
      if (cost > this.table.maxCost) {
        this.refuseWrite(slot, key as K, value as V);
        continue;
      }
      if (slot === undefined) this.countAdded(cost);
      else {
        this.vacate(slot, key as K, value as V);
        if (this.metrics) this.counters.keysUpdated++;
      }
      entries.push(i);
    }
    let needed = 0;
    for (const i of entries) needed += costs[i]!;
    if (this.table.totalCost + needed > this.table.maxCost) this.evictLive(needed, now, false);
    const slots: number[] = [];
    const hints: (PolicyHint | undefined)[] = [];
    for (const i of entries) {
      const { key, value, hint } = checked[i]!;
      const ttl = ttls[i]!;
      const expiresAt = this.expiry.restoredExpiry(now, ttl);
      const slot = this.table.allocate();
      if (this.hashesKeys) this.hashSlot(slot, key as K);
      this.place(slot, key as K, value as V, costs[i]!, expiresAt);
      this.expiry.restored(slot, now, ttl);
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
        : this.expiry.times !== undefined
          ? this.deciding(() => this.expiry.times!.deadlineTtl(undefined, e.value as V, e.key as K))
          : this.expiry.defaultTtl;
    return e.ttl === undefined && ttl === 0 ? NEVER : ttl;
  }

  /**
   * Live slots in the policy's eviction order, next victim first (src/store/inspection.ts). The
   * clock is read when the first slot is asked for.
   */
  private *victimSlots(): Generator<number, void, undefined> {
    yield* victimSlots(this.table, this.expiry, this.policy, this.expiry.timed ? this.now() : 0);
  }

  private loader(): Loading<K, V> {
    if (this.loading === undefined) {
      this.loading = this.newLoading(undefined, undefined);
      this.fastWrites = false; // set() must overtake its loads
    }
    return this.loading;
  }

  private newLoading(
    load: Loader<K, V> | undefined,
    waitUntil: ((promise: Promise<unknown>) => void) | undefined,
  ): Loading<K, V> {
    const store = {
      now: () => this.now(),
      refreshDue: (key: unknown) => {
        const slot = this.map.get(key as K);
        return slot !== undefined && this.expiry.refreshDue(slot, this.now());
      },
      counters: this.metrics ? this.counters : undefined,
      channels: this.events.channels,
    };
    return new Loading<K, V>(this, store, load, waitUntil);
  }

  // ─── internals ────────────────────────────────────────────────────────────────────────

  private *liveEntries(): IterableIterator<[K, V]> {
    for (const [key, slot] of this.map) {
      if (this.liveNow(slot)) yield [key, this.slotValues[slot] as V];
    }
  }

  /**
   * set()'s general path and setIfPresent(). In order: the checks and the ttl function (user code,
   * before anything changes); the call's one clock reading; the live slot; shouldUpdate and the
   * coster (user code, after which the slot is looked up again); a small sweep of expired entries;
   * then the value is refused, replaces the old one or is inserted, and its times are recorded.
   */
  private write(key: K, value: V, options: SetOptions | undefined, onlyIfPresent: boolean): boolean {
    if (value === undefined) throw new TypeError('cortado: value must not be undefined (use delete() to remove a key)');
    const o = options === undefined ? NO_SET_OPTIONS : checkSetOptions(options);
    const ttl = this.writeTtl(o.ttl, key, value);
    const expires = ttl !== 0 && ttl !== Infinity;
    const now = this.writeClock(expires);
    let slot = this.liveSlot(key, now);
    if (slot === undefined && onlyIfPresent) return this.done(false);
    let cost = o.cost;
    if (
      (slot !== undefined && this.shouldUpdate !== undefined) ||
      (cost === undefined && this.costOfValue !== undefined)
    ) {
      const decided = this.decide(slot, key, value);
      if (decided < 0) return this.done(false);
      if (cost === undefined) cost = decided;
      // User code may read the cache, and a read can expire entries.
      slot = this.liveSlot(key, now);
      if (slot === undefined && onlyIfPresent) return this.done(false);
    }
    if (onlyIfPresent && this.loading !== undefined) this.loading.overtake(key);
    // Never this write's live slot: the sweep expires at the same `now`.
    if (this.expiry.size !== 0 && this.sweepsInPassing) this.expiry.sweep(SWEEP_PER_SET, now);
    const keepTtl = slot !== undefined && o.keepTTL === true;
    const stored = this.store(key, value, slot, cost ?? 1, expires ? deadlineAfter(now, ttl) : NEVER, keepTtl);
    if (stored) this.expiry.written(this.map.get(key)!, now, expires ? ttl : NEVER, keepTtl);
    if (expires && this.purger !== undefined) this.purger.check();
    return this.done(stored);
  }

  /** The end of a write: the queued callbacks fire, and it returns whether the value is cached. */
  private done(stored: boolean): boolean {
    this.fire();
    return stored;
  }

  /**
   * A written value's TTL (0 or Infinity: none). With entry times it may come from the ttl
   * function, user code, which runs DECIDING and before anything changes.
   */
  private writeTtl(perCall: number | undefined, key: K, value: V): number {
    const expiry = this.expiry;
    return expiry.times === undefined
      ? expiry.ttlOf(perCall, key, value)
      : this.deciding(() => expiry.ttlOf(perCall, key, value));
  }

  /**
   * A write's one reading of the clock (0 when nothing needs it): user code later in the write
   * may move the clock, and an entry found live must stay live until the write is done with it.
   * Lifetimes time the write's insert and evictions by a reading taken before anything changes.
   */
  private writeClock(expires: boolean): number {
    const now = this.expiry.timed || expires ? this.now() : 0;
    if (this.lifetimes !== undefined) this.lifetimes.now = this.expiry.timed || expires ? now : this.now();
    return now;
  }

  /**
   * The write's change, everything decided: a value costing more than maxCost is refused, else it
   * replaces the live `slot`'s value (`keepTtl`: keeping its expiry) or is inserted.
   */
  private store(
    key: K,
    value: V,
    slot: number | undefined,
    cost: number,
    expiresAt: number,
    keepTtl: boolean,
  ): boolean {
    if (cost > this.table.maxCost) {
      this.refuseWrite(slot, key, value);
      return false;
    }
    if (slot === undefined) return this.insert(key, value, cost, expiresAt);
    // Without `timed` every expiry is NEVER: nothing to keep.
    const kept = keepTtl && this.expiry.timed;
    return this.replace(slot, key, value, cost, kept ? this.expiry.expiresAt[slot]! : expiresAt);
  }

  /**
   * Refuses a value whose cost exceeds maxCost (write() and load()). The key's old value must not
   * stay readable in place of the refused one (a stale read): it leaves as if replaced.
   */
  private refuseWrite(slot: number | undefined, key: K, value: V): void {
    if (slot !== undefined) this.vacate(slot, key, value);
    this.rejected(key, value);
  }

  /**
   * The key's resident value leaves its slot for `value` (onExit('replace')); the same value set
   * again leaves once, as the refused one or not at all (as a replace by itself fires nothing).
   */
  private vacate(slot: number, key: K, value: V): void {
    const previous = this.slotValues[slot] as V;
    this.policy.remove(slot);
    this.drop(slot);
    if (previous !== value) this.events.exited(key, previous, 'replace');
  }

  /** Counts and reports a refused value (onReject, onExit('rejected')). */
  private rejected(key: K, value: V): void {
    if (this.metrics) this.counters.setsRejected++;
    this.events.rejected(key, value);
  }

  /**
   * Runs user code from inside a write (`shouldUpdate`, the coster, a ttl function) with the
   * cache DECIDING, so that any write from inside it throws; reads stay allowed. It runs before
   * the write changes anything, so if it throws, nothing has changed.
   */
  private deciding<T>(userCode: () => T): T {
    this.state = DECIDING;
    this.fastWrites = false;
    try {
      return userCode();
    } catch (error) {
      this.state = OPEN;
      this.fireIgnoringErrors(); // what reads inside the user code queued still gets reported
      throw error;
    } finally {
      this.state = OPEN;
      this.updateFastWrites();
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

  /** The key's slot if its entry is live at `now`; an expired entry is removed on the way. */
  private liveSlot(key: K, now: number): number | undefined {
    const slot = this.map.get(key);
    if (slot === undefined || this.expiry.live(slot, now)) return slot;
    this.expire(slot);
    return undefined;
  }

  private replace(slot: number, key: K, value: V, cost: number, expiresAt: number): boolean {
    const previous = this.table.replace(slot, value, cost);
    this.expiry.update(slot, expiresAt);
    this.policy.update(slot);
    if (this.metrics) this.counters.keysUpdated++;
    if (previous !== value) this.events.exited(key, previous, 'replace');
    return this.fit(slot);
  }

  /**
   * A new entry. If it does not fit, the policy makes room for it first and takes it in (or
   * refuses it), and only then is it stored in the slot it was given.
   */
  private insert(key: K, value: V, cost: number, expiresAt: number): boolean {
    const slot = this.table.allocate();
    if (this.hashesKeys) this.hashSlot(slot, key);
    // Reading the clock for every write starts with the first TTL given, admitted or not.
    if (expiresAt !== NEVER) this.expiry.start();
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
    return this.table.totalCost + cost <= this.table.maxCost && this.map.size < this.entryBudget;
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
   * plain path) whose policy evicts without looking at the newcomer (Policy.reuseVictim): one
   * out, one in, the newcomer in the victim's slot, as lru-cache does. The policy names the
   * victim and files its slot as the newcomer's in one step; what makeRoom() would do with one
   * victim, without freeing a slot to take it again. The cache was within both budgets, so one
   * victim makes room.
   */
  private insertOverVictim(key: K, value: V): boolean {
    const slot = this.policy.reuseVictim!();
    if (slot < 0) return this.insert(key, value, 1, NEVER);
    const victimKey = this.checkedKey(slot);
    const victimValue = this.slotValues[slot] as V;
    // Not drop() and place(): the slot stays taken and the total unchanged, and nothing else of
    // theirs applies on this path (no costs, TTLs or lifetimes); through them the route measured
    // slower on npm run bench's set-evict.
    this.evicted(victimKey, victimValue, 1, slot);
    if (this.hashesKeys) this.hashSlot(slot, key);
    this.table.takeOver(slot, key, value);
    this.countAdded(1);
    return true;
  }

  /**
   * A new entry of cost 1 into a full cache on set()'s plain path (as insertOverVictim) whose
   * policy weighs the newcomer against its victim in one call (Policy.admitOne): the policy takes
   * it in and names the one victim, or refuses it; what makeRoom() would do, without its round.
   */
  private insertAdmitted(key: K, value: V): boolean {
    const table = this.table;
    const slot = table.allocate();
    this.hashSlot(slot, key);
    const victim = this.policy.admitOne!(slot);
    if (victim === slot) {
      table.unallocate(slot);
      this.rejected(key, value);
      return false;
    }
    if (victim < 0) {
      table.place(slot, key, value, 1);
    } else {
      const victimKey = this.checkedKey(victim);
      const victimValue = this.slotValues[victim] as V;
      table.swap(victim, slot, key, value);
      this.evicted(victimKey, victimValue, 1, victim);
    }
    this.countAdded(1);
    return true;
  }

  /** Stores a new entry in its slot (hashed already; the policy is told by the caller). */
  private place(slot: number, key: K, value: V, cost: number, expiresAt: number): void {
    this.table.place(slot, key, value, cost);
    this.expiry.place(slot, expiresAt);
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
    this.table.keys[slot] = key;
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
    if (this.table.totalCost <= this.table.maxCost && this.map.size <= this.entryBudget) return true;
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
      return this.table.totalCost > this.table.maxCost;
    }
    // A policy that hands over a slot holding no entry would make the round spin or free a slot
    // twice: checkedKey fails loudly instead.
    const key = this.checkedKey(slot);
    const value = this.slotValues[slot] as V;
    if (this.roomLive && !this.expiry.live(slot, this.roomNow)) {
      this.dropExpired(slot);
      return true;
    }
    const cost = this.table.costOf(slot);
    this.drop(slot);
    if (slot === this.roomKeep) this.roomKeep = -1;
    this.evicted(key, value, cost, slot);
    if (this.roomOne) {
      this.roomTaken = [key, value];
      return false;
    }
    return (
      this.table.totalCost + this.roomCost > this.table.maxCost ||
      this.map.size + (this.roomFor < 0 ? 0 : 1) > this.entryBudget
    );
  }

  /** Admission refused the newcomer in `slot` (never stored): its slot is free again, onReject fires. */
  private rejectNewcomer(slot: number): void {
    this.roomFor = -1;
    this.table.unallocate(slot);
    this.roomCost = 0;
    this.rejected(this.roomKey as K, this.roomValue as V);
  }

  /** Counts and reports an entry the policy evicted for capacity (already dropped from `slot`). */
  private evicted(key: K, value: V, cost: number, slot: number): void {
    if (this.metrics) {
      this.counters.keysEvicted++;
      this.counters.costEvicted += cost;
      if (this.lifetimes !== undefined) this.lifetimes.evicted(slot);
    }
    this.events.evicted(key, value, 'capacity', cost);
  }

  /** The key of a slot a policy chose; an empty slot is a policy bug that must not spin the caller. */
  private checkedKey(slot: number): K {
    if (this.slotValues[slot] === undefined) this.throwEmptyVictim(slot);
    return this.table.keys[slot] as K;
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

  /** live() for calls that look at one slot: the clock is read only when entries can expire. */
  private liveNow(slot: number): boolean {
    return !this.expiry.timed || this.expiry.expiresAt[slot]! > this.now();
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

  /** Removes an expired entry (the policy did not choose it, so no ghost is recorded). */
  private expire(slot: number): void {
    this.policy.remove(slot);
    this.dropExpired(slot);
  }

  /** Frees an expired slot the policy has let go of, counting and reporting it. */
  private dropExpired(slot: number): void {
    const key = this.table.keys[slot] as K;
    const value = this.slotValues[slot] as V;
    const cost = this.table.costOf(slot);
    this.drop(slot);
    if (this.metrics) this.counters.keysExpired++;
    this.events.evicted(key, value, 'expired', cost);
  }

  /** Frees a slot's store state (the policy has already let go of it). */
  private drop(slot: number): void {
    this.table.drop(slot);
    this.expiry.forget(slot);
  }

  /** The slot table doubled to `capacity`: the other per-slot state grows with it. */
  private grew(capacity: number): void {
    this.expiry.reserve(capacity);
    this.lifetimes?.reserve(capacity);
    this.policy.reserve(capacity);
  }

  private reset(notify: boolean): void {
    if (notify && this.events.listening) {
      for (const [key, slot] of this.map) this.events.exited(key, this.slotValues[slot] as V, 'clear');
    }
    this.table.clear();
    this.expiry.clear();
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

  /**
   * Fires the queued callbacks at the end of a public call. While a write is DECIDING (a read
   * inside its user code queued events) they wait for the write's end.
   */
  private fire(): void {
    if (this.state !== DECIDING) this.events.fire();
  }

  private fireIgnoringErrors(): void {
    if (this.state !== DECIDING) this.events.fireIgnoringErrors();
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

  /**
   * What `console.log(cache)` and `util.inspect` show in Node: the policy and the figures, not
   * the internals (slot arrays, kernels). A symbol from the global registry, so no `node:util`
   * import reaches browser or Workers bundles; defined on the prototype rather than declared, so
   * that it stays out of the public type.
   */
  static {
    Object.defineProperty(Cache.prototype, Symbol.for('nodejs.util.inspect.custom'), {
      value(
        this: Cache,
        _depth: number,
        options: object,
        inspect?: (value: unknown, options: object) => string,
      ): string {
        if (this.state === CLOSED) return 'Cache <closed>';
        const fields = { policy: this.policyName, size: this.size, cost: this.cost, maxCost: this.maxCost };
        return `Cache ${typeof inspect === 'function' ? inspect(fields, options) : JSON.stringify(fields)}`;
      },
    });
  }
}
