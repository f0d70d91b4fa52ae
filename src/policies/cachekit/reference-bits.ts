// The mechanism cachekit's three clock-like caches share (ClockCache, NruCache, ClockProCache:
// cachekit/clock.ts, cachekit/nru.ts, cachekit/clock-pro.ts). Each entry has a reference bit, clear when
// it arrives and set by get hits and updates; the newcomer arrives before the evictions for it
// (so that a rule may read it, as Clock-PRO's ghost lookup does) and is placed after them, as
// cachekit evicts before it inserts; victims come one at a time from a sweep. What differs is
// the layout the entries sit in (a ring with a hand, or a dense array), the sweep, and what an
// arrival does besides clearing the bit: each subclass says only that.

import type { Policy, PolicyContext } from '../../policy.js';
import { grown } from '../../typed-arrays.js';
import { evictInTurn } from '../machinery/evict-in-turn.js';

export abstract class ReferenceBitPolicy implements Policy {
  abstract readonly name: string;
  /** Per slot: the reference bit. */
  protected referenced: Uint8Array;

  constructor(context: PolicyContext) {
    this.referenced = new Uint8Array(context.initialSlots);
  }

  /** The next victim of the sweep, taken out of the layout (-1: none). */
  abstract evictNext(): number;
  /** Puts an arrived slot into the layout. */
  protected abstract place(slot: number): void;
  /** Takes a slot out of the layout. */
  protected abstract take(slot: number): void;
  /** Grows the layout's per-slot arrays to `n` slots. */
  protected abstract reserveLayout(n: number): void;
  abstract clear(): void;

  /** A newcomer's state before any eviction for it: its bit clear (subclasses add their own). */
  protected arrive(slot: number): void {
    this.referenced[slot] = 0;
  }

  reserve(n: number): void {
    this.reserveLayout(n);
    if (n > this.referenced.length) this.referenced = grown(this.referenced, n);
  }

  insert(slot: number): void {
    this.arrive(slot);
    this.place(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    if (incoming >= 0) this.arrive(incoming);
    evictInTurn(this, onVictim, -1);
    if (incoming >= 0) this.place(incoming);
  }

  hit(slot: number): void {
    this.referenced[slot] = 1;
  }

  update(slot: number): void {
    this.referenced[slot] = 1;
  }

  remove(slot: number): void {
    this.take(slot);
  }
}
