// NRU, Not Recently Used: each entry has a reference bit, set when it is inserted, hit or
// updated; the victim is an entry whose bit is clear, and when every bit is set an epoch ends and
// all bits are cleared at once. (With no "modified" bit, the classic four classes are two.)
// The entries sit in two FIFO lists, referenced and not; which list means "referenced" is a
// variable, so clearing every bit is a swap of the two roles: O(1), where cachekit's NRU scans
// (O(n) worst case). The victim is the oldest entry of the unreferenced list (the one that has
// gone longest without a reference). Every operation is O(1). That is `variant: 'cortado'`. The
// default, `variant: 'cachekit'`, is cachekit's NRU exactly (cachekit/nru.ts): array order,
// swap-remove, newcomers unreferenced, O(n) eviction in the worst case; it measured better on the
// shared traces (README, "Differences from cachekit").

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { hintChoice } from './machinery/hints.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';
import { DenseNruPolicy } from './cachekit/nru.js';
import { evictInTurn, reuseNextVictim } from './machinery/evict-in-turn.js';

class NruPolicy implements Policy {
  readonly name = 'nru';
  private readonly lists: SlotList;
  /** The list (0 or 1) holding the entries whose reference bit is set. */
  private referenced = 0;

  constructor(context: PolicyContext) {
    this.lists = new SlotList(context.initialSlots, 2);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
  }

  insert(slot: number): void {
    this.lists.pushHead(slot, this.referenced);
  }

  hit(slot: number): void {
    if (this.lists.owner[slot] !== this.referenced) this.lists.moveToHead(slot, this.referenced);
  }

  update(slot: number): void {
    this.hit(slot);
  }

  remove(slot: number): void {
    this.lists.unlink(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return reuseNextVictim(this);
  }

  /** Unlinks and returns the next victim (-1: none); `keep`, a slot being updated, only if it is the last. */
  evictNext(keep: number): number {
    const lists = this.lists;
    if (lists.length(0) + lists.length(1) === 0) return -1;
    let victim = this.oldestUnreferenced(keep);
    if (victim < 0) {
      this.referenced ^= 1; // epoch: every reference bit cleared
      victim = this.oldestUnreferenced(keep);
      if (victim < 0)
        victim = keep; // it is the only entry
      // The entry being written was just referenced: as if the epoch had ended before it came.
      else if (keep >= 0) lists.moveToHead(keep, this.referenced);
    }
    lists.unlink(victim);
    return victim;
  }

  clear(): void {
    this.lists.clear();
    this.referenced = 0;
  }

  /** dump()'s note: `referenced`, the reference bit (0 or 1). */
  hint(slot: number): PolicyHint {
    return { name: 'nru', referenced: this.lists.owner[slot] === this.referenced ? 1 : 0 };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'referenced', [0, 1]);
  }

  /** load(): each slot on its bit's list (set without a note, as insert() sets it), oldest first. */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    for (let i = 0; i < slots.length; i++)
      this.lists.pushHead(slots[i]!, hints[i]?.referenced === 0 ? this.referenced ^ 1 : this.referenced);
  }

  /** The tail of the unreferenced list other than `exclude`, or -1. */
  private oldestUnreferenced(exclude: number): number {
    const list = this.referenced ^ 1;
    const tail = this.lists.tail(list);
    return tail >= 0 && tail === exclude ? this.lists.newer(tail) : tail;
  }
}

/** NRU: an entry not used since the bits were last cleared leaves; cachekit's NruCache by default. */
export const nru = /* @__PURE__ */ definePolicy({
  name: 'nru',
  defaults: {
    /**
     * 'cachekit' (default): cachekit's dense array (the first unreferenced entry in array order
     * leaves, swap-remove), O(n) eviction at worst. 'cortado': two FIFO lists, the oldest
     * unreferenced entry leaves, O(1); the bit is set on insert.
     */
    variant: ['cachekit', 'cortado'],
  },
  create: (context, o) => (o.variant === 'cachekit' ? new DenseNruPolicy(context) : new NruPolicy(context)),
});
