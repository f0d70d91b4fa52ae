// Per-entry timing beyond a plain TTL: a `ttl` function, `idleTtl` (expiry after a time without a
// read) and the write times that `refreshAfter` measures a value's age by. A cache without these
// options has no EntryTimes and pays nothing for them (Expiry.times is undefined; its set() takes
// the plain path, which these options rule out).
//
// The store keeps one expiry time per slot, the one its expiry queue orders by. With idleTtl that
// time is min(TTL deadline, last read + idleTtl), so the TTL deadline itself is kept here, per
// slot, and a read moves the expiry time up to it at most.

import { deadlineAfter } from './deadline.js';
import { describe } from '../validate.js';

const NEVER = Infinity;

export class EntryTimes<K, V> {
  /** Per slot: the TTL deadline (idleTtl caches), in clock ms; NEVER for none. */
  private readonly deadlines: number[] = [];
  /** Per slot: when its value was written (refreshAfter caches), in clock ms. */
  private readonly writtenAt: number[] = [];
  /** The TTL that ttl() last chose, before idleTtl shortened it. */
  private lastTtl = NEVER;

  constructor(
    /** The `ttl` option: a number (0 = none) or a function of the value. */
    private readonly ttlOption: number | ((value: V, key: K) => number),
    readonly idleTtl: number,
    readonly refreshAfter: number,
  ) {}

  /**
   * The TTL of a value being written: the call's, else the option's (the function's answer,
   * checked). The result is shortened to idleTtl, which starts counting now as the TTL does.
   * Runs before the write changes anything, so a throwing ttl function changes nothing.
   */
  ttl(perCall: number | undefined, value: V, key: K): number {
    const ttl = (this.lastTtl = this.deadlineTtl(perCall, value, key));
    return this.idleTtl === 0 ? ttl : Math.min(ttl, this.idleTtl);
  }

  /** The TTL a value written now gets before idleTtl shortens it (NEVER for none). */
  deadlineTtl(perCall: number | undefined, value: V, key: K): number {
    const ttl = perCall ?? (typeof this.ttlOption === 'number' ? this.ttlOption : this.ask(this.ttlOption, value, key));
    return ttl === 0 ? NEVER : ttl;
  }

  /** A slot's TTL deadline (idleTtl caches), NEVER for none. */
  deadline(slot: number): number {
    return this.deadlines[slot] ?? NEVER;
  }

  /** Records the times of a slot load() filled at `now`, with `ttl` ms to its deadline. */
  restored(slot: number, now: number, ttl: number): void {
    if (this.idleTtl !== 0) this.deadlines[slot] = ttl === NEVER ? NEVER : deadlineAfter(now, ttl);
    if (this.refreshAfter !== 0) this.writtenAt[slot] = now;
  }

  /** Records the written slot's times (after ttl(); `kept`: the write kept the slot's expiry). */
  written(slot: number, now: number, kept: boolean): void {
    if (this.idleTtl !== 0 && !kept)
      this.deadlines[slot] = this.lastTtl === NEVER ? NEVER : deadlineAfter(now, this.lastTtl);
    if (this.refreshAfter !== 0) this.writtenAt[slot] = now;
  }

  /** The expiry time of an idleTtl entry read at `now`: idleTtl from now, but not past its TTL. */
  readAt(slot: number, now: number): number {
    return Math.min(this.deadlines[slot]!, deadlineAfter(now, this.idleTtl));
  }

  /** Whether the slot's value is older than refreshAfter at `now`. */
  due(slot: number, now: number): boolean {
    return this.refreshAfter !== 0 && now - this.writtenAt[slot]! >= this.refreshAfter;
  }

  /** Drops the per-slot times (the cache was closed). */
  release(): void {
    this.deadlines.length = this.writtenAt.length = 0;
  }

  private ask(ttlOf: (value: V, key: K) => number, value: V, key: K): number {
    const ttl = ttlOf(value, key);
    if (typeof ttl !== 'number') {
      throw new TypeError(
        `cortado: the ttl option's function returned ${describe(ttl)}; it must return a number of milliseconds`,
      );
    }
    if (!(ttl >= 0)) {
      throw new RangeError(
        `cortado: the ttl option's function returned ${describe(ttl)}; it must return a number >= 0 (0 or Infinity: never expires)`,
      );
    }
    return ttl;
  }
}
