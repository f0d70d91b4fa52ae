// Expiry: when each entry stops being live, by slot. It owns the expiry time per slot, the queue
// that orders the timed slots (it is that queue: expiry-queue.ts), the per-entry times of the ttl function, idleTtl
// and refreshAfter (entry-times.ts), the TTL each entry was given (given-ttls.ts), and the sweep
// that removes what is due.
//
// A cache whose entries never had a TTL pays nothing: until the first one (`timed`), no per-slot
// array exists and every liveness check short-circuits on the flag. Times are absolute, in the
// clock's ms; the cache reads the clock once per public call and passes that `now` in, so an entry
// cannot expire between the check that it is live and the write that replaces it.

import { deadlineAfter } from './deadline.js';
import { EntryTimes } from './entry-times.js';
import { ExpiryQueue } from './expiry-queue.js';
import { GivenTtls } from './given-ttls.js';
import { grown } from '../typed-arrays.js';

/** Expiry time of an entry without a TTL. */
export const NEVER = Infinity;

/** The expiry options, as resolveOptions() gives them. */
export interface ExpiryOptions<K, V> {
  /** The default TTL in ms; 0 or Infinity for none. */
  readonly ttl: number;
  readonly ttlOf: ((value: V, key: K) => number) | undefined;
  readonly idleTtl: number;
  readonly refreshAfter: number;
}

export class Expiry<K, V> extends ExpiryQueue {
  /** Whether any entry has had a TTL. Until then the per-slot arrays are empty. */
  timed = false;
  /** Absolute expiry time per slot in clock ms; NEVER for none. Empty until `timed`. */
  expiresAt = new Float64Array(0);
  /** The TTL a write gets without a per-call one: 0 or Infinity for none. */
  readonly defaultTtl: number;
  /** A ttl function, idleTtl or refreshAfter: the per-entry times; else undefined. */
  readonly times: EntryTimes<K, V> | undefined;
  /** Whether entries expire after a time without a read (idleTtl). */
  readonly idle: boolean;
  /** The TTL each entry was given (touch(), getGivenTTL()), from the first write with a TTL. */
  private givenTtls: GivenTtls | undefined;
  /** Slots the per-slot arrays must hold once timed: the slot table's capacity. */
  private capacity: number;

  constructor(
    options: ExpiryOptions<K, V>,
    capacity: number,
    /** Removes an expired slot from the store (the sweep's work: policy, slot table, events). */
    private readonly expire: (slot: number) => void,
    /** Called when the first TTL starts the per-slot arrays (timed turns true). */
    private readonly started: () => void,
  ) {
    super();
    this.capacity = capacity;
    this.defaultTtl = options.ttl;
    this.idle = options.idleTtl !== 0;
    if (options.ttlOf !== undefined || this.idle || options.refreshAfter !== 0) {
      this.times = new EntryTimes<K, V>(options.ttlOf ?? options.ttl, options.idleTtl, options.refreshAfter);
      // Entry times need the clock read in every write (see Cache.write), which `timed` makes so.
      this.start();
    }
  }

  protected expiryOf(slot: number): number {
    return this.expiresAt[slot]!;
  }

  /** Whether the slot's entry is live at `now`. */
  live(slot: number, now: number): boolean {
    return !this.timed || this.expiresAt[slot]! > now;
  }

  /** A read's liveness check at `now`, for an entry with a TTL; the read restarts idleTtl. */
  liveOnRead(slot: number, now: number): boolean {
    if (!(this.expiresAt[slot]! > now)) return false;
    if (this.idle) {
      this.expiresAt[slot] = this.times!.readAt(slot, now);
      this.schedule(slot);
    }
    return true;
  }

  /** The slot's expiry time; NEVER without a TTL. */
  at(slot: number): number {
    return this.timed ? this.expiresAt[slot]! : NEVER;
  }

  /** Ms to a live slot's TTL deadline at `now` (with idleTtl, the deadline EntryTimes keeps). */
  ttlLeft(slot: number, now: number): number {
    if (!this.timed) return Infinity;
    const at = this.idle ? this.times!.deadline(slot) : this.expiresAt[slot]!;
    return at === NEVER ? Infinity : at - now;
  }

  /** The soonest expiry time of any entry; Infinity when none has a TTL. */
  nextExpiry(): number {
    return this.size === 0 ? Infinity : this.expiresAt[this.peek()]!;
  }

  /**
   * The TTL of a value being written: the call's, else the default, else the ttl function's
   * answer (user code: the cache runs this DECIDING when `times` is set). With idleTtl, shortened
   * to it. 0 or Infinity: none.
   */
  ttlOf(perCall: number | undefined, key: K, value: V): number {
    return this.times === undefined ? (perCall ?? this.defaultTtl) : this.times.ttl(perCall, value, key);
  }

  /** Allocates the per-slot arrays at the first TTL: from then on, writes read the clock. */
  start(): void {
    if (this.timed) return;
    this.timed = true;
    this.started();
    this.expiresAt = new Float64Array(this.capacity).fill(NEVER);
    super.reserve(this.capacity);
  }

  /** The slot table doubled to `capacity`. */
  override reserve(capacity: number): void {
    this.capacity = capacity;
    if (!this.timed) return;
    this.expiresAt = grown(this.expiresAt, capacity, NEVER);
    super.reserve(capacity);
  }

  /** Sets a new entry's expiry time (a fresh slot holds NEVER). */
  place(slot: number, expiresAt: number): void {
    if (expiresAt === NEVER) return;
    this.start();
    this.expiresAt[slot] = expiresAt;
    this.schedule(slot);
  }

  /** Sets a resident entry's expiry time. */
  update(slot: number, expiresAt: number): void {
    if (expiresAt === NEVER && !this.timed) return;
    this.start();
    this.expiresAt[slot] = expiresAt;
    if (expiresAt !== NEVER) this.schedule(slot);
    else this.remove(slot);
  }

  /** The slot was freed: it expires never. */
  forget(slot: number): void {
    if (this.timed && this.expiresAt[slot] !== NEVER) {
      this.remove(slot);
      this.expiresAt[slot] = NEVER;
    }
  }

  /**
   * Records the times of a written slot: its write time and TTL deadline (entry times) and the
   * TTL it was given (`ttl`, NEVER for none). `kept`: keepTTL kept its expiry, and so its TTL.
   */
  written(slot: number, now: number, ttl: number, kept: boolean): void {
    if (this.times !== undefined) this.times.written(slot, now, kept);
    if (!kept && (ttl !== NEVER || this.givenTtls !== undefined)) (this.givenTtls ??= new GivenTtls()).set(slot, ttl);
  }

  /** The expiry time of an entry load() restores at `now` with `ttl` ms left to its TTL. */
  restoredExpiry(now: number, ttl: number): number {
    return deadlineAfter(now, this.idle ? Math.min(ttl, this.times!.idleTtl) : ttl);
  }

  /** Records the times of a slot load() restored at `now` with `ttl` ms to its deadline. */
  restored(slot: number, now: number, ttl: number): void {
    if (this.times !== undefined) this.times.restored(slot, now, ttl);
    if (ttl !== NEVER || this.givenTtls !== undefined) (this.givenTtls ??= new GivenTtls()).set(slot, ttl);
  }

  /** The TTL the slot's entry was given (NEVER without one). */
  givenTtl(slot: number): number {
    return this.timed && this.givenTtls !== undefined ? this.givenTtls.get(slot) : NEVER;
  }

  /** Restarts a live entry's TTL at `now`: it expires the TTL it was last given from now. */
  restart(slot: number, now: number): void {
    const ttl = this.givenTtl(slot);
    if (ttl !== NEVER) this.update(slot, deadlineAfter(now, ttl));
  }

  /** Whether the slot's value is older than refreshAfter at `now`. */
  refreshDue(slot: number, now: number): boolean {
    return this.times !== undefined && this.times.due(slot, now);
  }

  /** Expires up to `limit` entries due at `now`, soonest first; returns how many. */
  sweep(limit: number, now: number): number {
    let removed = 0;
    while (removed < limit) {
      const slot = this.peek();
      if (slot < 0 || this.expiresAt[slot]! > now) break;
      this.expire(slot);
      removed++;
    }
    return removed;
  }

  /** Every slot was freed (clear()). */
  override clear(): void {
    this.expiresAt.fill(NEVER);
    super.clear();
  }

  /** Drops the per-slot state (the cache was closed). */
  override release(): void {
    this.times?.release();
    this.expiresAt = new Float64Array(0);
    this.timed = false;
    super.release();
  }
}
