// cachekit's ClockCache (v0.4.0), exactly: the `variant: 'cachekit'` of `clock`. A fixed ring of
// positions (SlotRing, as many as the budget in entries) and one hand, so where an entry sits
// matters after removals. A newcomer takes the first empty position from the hand on,
// unreferenced, and the hand moves just past it; to evict, the hand sweeps, clearing set bits,
// and the first entry with a clear bit leaves (its position is the one the newcomer then takes).
// Hits and updates set the bit; a removal empties the position and leaves the hand. cachekit
// evicts before it places a newcomer, so the newcomer is held aside while the store evicts for
// it. Eviction is O(1) amortised; placing a newcomer after removals may pass occupied positions.

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { checkReferencedNote, referencedNote, restoreReferenced } from './hints.js';
import { SlotRing } from './slot-ring.js';
import { grown } from '../typed-arrays.js';

export class SlotClockPolicy implements Policy {
  readonly name = 'clock';
  private readonly ring: SlotRing;
  private referenced: Uint8Array;
  /** The newcomer not yet placed (-1: none). */
  private held = -1;

  constructor(context: PolicyContext) {
    const host = context.host;
    this.ring = new SlotRing(context.initialSlots, () => Math.max(1, Math.floor(host.maxCost)));
    this.referenced = new Uint8Array(context.initialSlots);
  }

  reserve(n: number): void {
    this.ring.reserve(n);
    if (n > this.referenced.length) this.referenced = grown(this.referenced, n);
  }

  insert(slot: number): void {
    this.settle();
    this.referenced[slot] = 0;
    this.held = slot;
  }

  hit(slot: number): void {
    this.settle();
    this.referenced[slot] = 1;
  }

  miss(): void {}

  update(slot: number): void {
    this.hit(slot);
  }

  remove(slot: number): void {
    // A held newcomer is placed first: placing it moves the hand, as in cachekit.
    this.settle();
    this.ring.take(slot);
  }

  evict(incoming: number): number {
    if (incoming !== this.held) this.settle();
    const ring = this.ring;
    if (ring.count === 0) {
      if (incoming >= 0 && incoming === this.held) this.held = -1;
      return incoming >= 0 ? incoming : -1;
    }
    for (;;) {
      const slot = ring.atHand();
      if (slot >= 0) {
        // The hand stays on the victim's position: the newcomer takes it and moves the hand past it.
        if (this.referenced[slot] === 0) {
          ring.take(slot);
          return slot;
        }
        this.referenced[slot] = 0;
      }
      ring.advance();
    }
  }

  clear(): void {
    this.ring.clear();
    this.held = -1;
  }

  /** dump()'s note: `referenced`, the reference bit (hints.ts). */
  hint(slot: number): PolicyHint {
    return referencedNote('clock', this.referenced[slot]!);
  }

  checkHint(hint: PolicyHint, where: string): void {
    checkReferencedNote(hint, where);
  }

  /** load(): the slots in the given order from the hand, with their bits (hints.ts). */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    restoreReferenced(this, this.referenced, slots, hints);
    this.settle();
  }

  flush(): void {}

  private settle(): void {
    if (this.held < 0) return;
    this.ring.place(this.held);
    this.held = -1;
  }
}
