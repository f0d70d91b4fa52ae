// cachekit's ClockCache (v0.4.0), exactly: the `variant: 'cachekit'` of `clock`. A fixed ring of
// positions (SlotRing, as many as the budget in entries) and one hand, so where an entry sits
// matters after removals. A newcomer takes the first empty position from the hand on,
// unreferenced, and the hand moves just past it; to evict, the hand sweeps, clearing set bits,
// and the first entry with a clear bit leaves (its position is the one the newcomer then takes).
// Hits and updates set the bit; a removal empties the position and leaves the hand. As in
// cachekit, the newcomer is placed after the evictions for it (makeRoom). Eviction is O(1) amortised; placing a newcomer after removals may pass occupied positions.

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { checkReferencedNote, referencedNote, restoreReferenced } from './hints.js';
import { SlotRing } from './slot-ring.js';
import { grown } from '../typed-arrays.js';
import { evictInTurn } from './evict-in-turn.js';

export class SlotClockPolicy implements Policy {
  readonly name = 'clock';
  private readonly ring: SlotRing;
  private referenced: Uint8Array;

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
    this.referenced[slot] = 0;
    this.ring.place(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    evictInTurn(this, onVictim, -1);
    if (incoming >= 0) this.insert(incoming);
  }

  hit(slot: number): void {
    this.referenced[slot] = 1;
  }

  update(slot: number): void {
    this.hit(slot);
  }

  remove(slot: number): void {
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
  }
}
