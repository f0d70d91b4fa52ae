// CLOCK (Corbató 1968), the second-chance algorithm: residents on a ring with a reference bit
// each, and a hand. A hit sets the bit; to evict, the hand sweeps, clearing set bits (the second
// chance) and stopping at the first slot whose bit is clear. A new slot takes the victim's place,
// just behind the hand, with its bit clear, so it is the last the hand reaches (it is placed after
// the evictions for it). The ring is a circular
// doubly linked list in typed arrays: insert, hit, update and remove are O(1); eviction is
// amortised O(1) (each step past a slot clears a bit that a hit set). That is `variant:
// 'cortado'`. The default, `variant: 'cachekit'`, is cachekit's ClockCache (cachekit/clock.ts): a fixed
// array, so after a removal a newcomer fills the first free slot from the hand rather than the
// place behind it. Without removals the two are the same (equal on the shared traces).

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { checkReferencedNote, referencedNote, restoreReferenced } from './machinery/hints.js';
import { definePolicy } from './machinery/define.js';
import { grown } from '../typed-arrays.js';
import { SlotClockPolicy } from './cachekit/clock.js';
import { evictInTurn, reuseNextVictim } from './machinery/evict-in-turn.js';

class ClockPolicy implements Policy {
  readonly name = 'clock';
  private prev: Int32Array;
  private next: Int32Array;
  private referenced: Uint8Array;
  /** The slot the hand points at (-1 = empty ring). */
  private hand = -1;
  private count = 0;

  constructor(context: PolicyContext) {
    this.prev = new Int32Array(context.initialSlots);
    this.next = new Int32Array(context.initialSlots);
    this.referenced = new Uint8Array(context.initialSlots);
  }

  reserve(n: number): void {
    if (n <= this.prev.length) return;
    this.prev = grown(this.prev, n);
    this.next = grown(this.next, n);
    this.referenced = grown(this.referenced, n);
  }

  insert(slot: number): void {
    this.referenced[slot] = 0;
    this.link(slot);
  }

  hit(slot: number): void {
    this.referenced[slot] = 1;
  }

  update(slot: number): void {
    this.referenced[slot] = 1;
  }

  remove(slot: number): void {
    this.unlink(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return reuseNextVictim(this);
  }

  /** Sweeps to the next victim, unlinks it and returns it (-1: none). */
  evictNext(keep: number): number {
    if (this.count === 0) return -1;
    let h = this.hand;
    if (this.count > 1) {
      // An updated slot being written is passed over (its bit untouched) while others remain;
      // after one turn every other bit is clear, so the sweep ends.
      while (this.referenced[h] === 1 || h === keep) {
        if (h !== keep) this.referenced[h] = 0;
        h = this.next[h]!;
      }
    }
    this.hand = h;
    this.unlink(h); // the hand moves on to the next slot
    return h;
  }

  clear(): void {
    this.hand = -1;
    this.count = 0;
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

  /** Links a slot just behind the hand (the hand reaches it last). */
  private link(slot: number): void {
    const h = this.hand;
    if (h < 0) {
      this.prev[slot] = slot;
      this.next[slot] = slot;
      this.hand = slot;
    } else {
      const p = this.prev[h]!;
      this.prev[slot] = p;
      this.next[slot] = h;
      this.next[p] = slot;
      this.prev[h] = slot;
    }
    this.count++;
  }

  /** Unlinks a slot; a hand on it moves to the next slot. */
  private unlink(slot: number): void {
    if (this.count === 1) {
      this.hand = -1;
    } else {
      const p = this.prev[slot]!;
      const n = this.next[slot]!;
      this.next[p] = n;
      this.prev[n] = p;
      if (this.hand === slot) this.hand = n;
    }
    this.count--;
  }
}

/** CLOCK: a reference bit per entry and a sweeping hand (second chance); cachekit's ClockCache by default. */
export const clock = /* @__PURE__ */ definePolicy({
  name: 'clock',
  defaults: {
    /**
     * 'cachekit' (default): cachekit's fixed slot array, a newcomer takes the first free slot from
     * the hand. 'cortado': a linked ring, a newcomer goes just behind the hand.
     */
    variant: ['cachekit', 'cortado'],
  },
  create: (context, o) => (o.variant === 'cachekit' ? new SlotClockPolicy(context) : new ClockPolicy(context)),
});
