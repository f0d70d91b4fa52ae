// cachekit's ClockCache (v0.4.0), exactly: the `variant: 'cachekit'` of `clock`. A fixed ring of
// positions (SlotRing, as many as the budget in entries) and one hand, so where an entry sits
// matters after removals. A newcomer takes the first empty position from the hand on,
// unreferenced, and the hand moves just past it; to evict, the hand sweeps, clearing set bits,
// and the first entry with a clear bit leaves (its position is the one the newcomer then takes).
// Hits and updates set the bit; a removal empties the position and leaves the hand. As in
// cachekit, the newcomer is placed after the evictions for it (makeRoom; the bit, the arrival and
// that order are the mechanism of reference-bits.ts). Eviction is O(1) amortised; placing a
// newcomer after removals may pass occupied positions.

import type { PolicyContext, PolicyHint } from '../../policy.js';
import { checkReferencedNote, referencedNote, restoreReferenced } from '../machinery/hints.js';
import { ReferenceBitPolicy } from './reference-bits.js';
import { SlotRing } from '../structures/slot-ring.js';

export class SlotClockPolicy extends ReferenceBitPolicy {
  readonly name = 'clock';
  private readonly ring: SlotRing;

  constructor(context: PolicyContext) {
    super(context);
    const host = context.host;
    this.ring = new SlotRing(context.initialSlots, () => Math.max(1, Math.floor(host.maxCost)));
  }

  protected reserveLayout(n: number): void {
    this.ring.reserve(n);
  }

  protected place(slot: number): void {
    this.ring.place(slot);
  }

  protected take(slot: number): void {
    this.ring.take(slot);
  }

  /** Sweeps to the next victim, takes it out of the ring and returns it (-1: none). */
  evictNext(): number {
    const ring = this.ring;
    if (ring.count === 0) return -1;
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
  }

  /** dump()'s note: `referenced`, the reference bit (machinery/hints.ts). */
  hint(slot: number): PolicyHint {
    return referencedNote('clock', this.referenced[slot]!);
  }

  checkHint(hint: PolicyHint, where: string): void {
    checkReferencedNote(hint, where);
  }

  /** load(): the slots in the given order from the hand, with their bits (machinery/hints.ts). */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    restoreReferenced(this, this.referenced, slots, hints);
  }
}
