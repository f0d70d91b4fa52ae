// cachekit's ClockProCache (v0.4.0), exactly: the `variant: 'cachekit'` of `clock-pro`, a
// simplified CLOCK-Pro. One ring of positions (SlotRing, as many as the budget in entries) with
// one hand, a hot/cold status and a reference bit per entry, and a ghost ring of as many keys
// (hashes here) written at its own hand, overwriting what is there.
//   - A newcomer is cold, unreferenced; one found in the ghost ring leaves it, raises the hot
//     ratio by 0.05 (from 0.5, at most 0.9; added in floating point as cachekit does, since
//     ceil(cap * ratio) depends on the rounding) and enters hot.
//   - It takes the first empty slot from the hand on, and the hand moves just past it.
//   - Eviction: maxHot = min(max(ceil(cap * ratio), 1), cap - 1); up to 2 * cap steps of the hand:
//     cold and referenced turns hot (bit cleared); cold and unreferenced is evicted into the
//     ghost ring; hot while more than maxHot are hot is cleared if referenced, else demoted to
//     cold; other hot entries are cleared. With no victim after that, the entry at the hand goes.
// Hits and updates set the bit; a removal empties the slot and leaves no ghost. As in cachekit,
// the newcomer is looked up in the ghost ring before the evictions for it and placed after them
// (the bit, the arrival and that order are the mechanism of reference-bits.ts).
// O(cap) worst case per eviction (the sweep), O(1) amortised otherwise.

import type { PolicyContext, PolicyHost } from '../../policy.js';
import { SlotRing } from '../structures/slot-ring.js';
import { grown } from '../../typed-arrays.js';
import { ReferenceBitPolicy } from './reference-bits.js';

export class SimpleClockProPolicy extends ReferenceBitPolicy {
  readonly name = 'clock-pro';
  private readonly host: PolicyHost;
  private readonly ring: SlotRing;
  private hotCount = 0;
  private ratio = 0.5;
  /** Per slot: hot status (the reference bit is the mechanism's, reference-bits.ts). */
  private hot: Uint8Array;
  /**
   * The ghost ring: 53-bit keys of hashes (0: empty), allocated as its hand first reaches a
   * position (up to the capacity), and where each key sits.
   */
  private ghosts = new Float64Array(1);
  private readonly ghostAt = new Map<number, number>();
  private ghostHand = 0;

  constructor(context: PolicyContext) {
    super(context);
    this.host = context.host;
    this.ring = new SlotRing(context.initialSlots, () => this.capacity());
    this.hot = new Uint8Array(context.initialSlots);
  }

  protected reserveLayout(n: number): void {
    this.ring.reserve(n);
    if (n > this.hot.length) this.hot = grown(this.hot, n);
  }

  /** A newcomer: cold and unreferenced, or hot if the ghost ring had its key (which it then forgets). */
  protected override arrive(slot: number): void {
    const ghost = this.ghostKey(slot);
    const at = this.ghostAt.get(ghost);
    this.hot[slot] = 0;
    if (at !== undefined) {
      this.ghostAt.delete(ghost);
      this.ghosts[at] = 0;
      this.ratio = Math.min(this.ratio + 0.05, 0.9);
      this.hot[slot] = 1;
    }
    super.arrive(slot);
  }

  /** Sweeps to the next victim (recording its ghost if it was cold), takes it out and returns it (-1: none). */
  evictNext(): number {
    const ring = this.ring;
    if (ring.count === 0) return -1;
    const cap = this.capacity();
    const maxHot = Math.min(Math.max(Math.ceil(cap * this.ratio), 1), cap - 1);
    // 2 cap steps, as cachekit; the ring is cap long when full with unit costs, and bounding by
    // its length keeps a sweep short when large costs leave few entries under a large budget.
    for (let step = 0; step < 2 * ring.length; step++) {
      const slot = ring.atHand();
      if (slot >= 0) {
        if (this.hot[slot] === 0) {
          if (this.referenced[slot] === 0) return this.evictAtHand(slot);
          this.hot[slot] = 1;
          this.referenced[slot] = 0;
          this.hotCount++;
        } else if (this.hotCount > maxHot && this.referenced[slot] === 0) {
          this.hot[slot] = 0;
          this.hotCount--;
        } else {
          this.referenced[slot] = 0;
        }
      }
      ring.advance();
    }
    while (ring.atHand() < 0) ring.advance();
    return this.evictAtHand(ring.atHand());
  }

  clear(): void {
    this.ring.clear();
    this.ghosts = new Float64Array(1);
    this.ghostAt.clear();
    this.ghostHand = this.hotCount = 0;
    this.ratio = 0.5;
  }

  /** The budget in entries (cachekit's capacity, also the ghost ring's). */
  private capacity(): number {
    return Math.max(1, Math.floor(this.host.maxCost));
  }

  /** A slot's hash as one number (53 of its 64 bits, never 0). */
  private ghostKey(slot: number): number {
    const k = this.host.kernels!;
    return (k.hashHi(slot) & 0x1fffff) * 0x1_0000_0000 + k.hashLo(slot) + 1;
  }

  private evictAtHand(slot: number): number {
    if (this.hot[slot] === 0) this.addGhost(this.ghostKey(slot));
    this.take(slot);
    return slot;
  }

  /** Writes a ghost at the ghost hand, over whatever is there, and moves the hand on. */
  private addGhost(ghost: number): void {
    const old = this.ghosts[this.ghostHand]!;
    if (old !== 0) this.ghostAt.delete(old);
    const previous = this.ghostAt.get(ghost);
    if (previous !== undefined) this.ghosts[previous] = 0;
    this.ghosts[this.ghostHand] = ghost;
    this.ghostAt.set(ghost, this.ghostHand);
    if (++this.ghostHand < this.ghosts.length) return;
    const length = this.ghosts.length;
    const cap = this.capacity();
    if (length < cap) this.ghosts = grown(this.ghosts, Math.min(2 * length, cap));
    else this.ghostHand = 0;
  }

  /** Places a newcomer in the first empty position from the hand on. */
  protected place(slot: number): void {
    this.ring.place(slot);
    if (this.hot[slot] === 1) this.hotCount++;
  }

  protected take(slot: number): void {
    this.ring.take(slot);
    if (this.hot[slot] === 1) this.hotCount--;
  }
}
