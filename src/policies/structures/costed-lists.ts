// Slot lists that know their cost: the bookkeeping ARC, CAR, 2Q and S3-FIFO share. Their papers
// size lists in cost units (T1 against p, A1in and S against their share of the budget), so every
// move between lists moves the slot's cost between the lists' totals. Every operation is O(1).

import { SlotList } from './slot-list.js';
import { grown } from '../../typed-arrays.js';

export class CostedLists {
  /** The lists themselves, for reads (tail, older, length, owner). Move slots through this class. */
  readonly lists: SlotList;
  /** Each slot's cost as counted in its list's total. */
  private costs: Float64Array;
  private readonly totals: Float64Array;

  constructor(slots: number, count: number) {
    this.lists = new SlotList(slots, count);
    this.costs = new Float64Array(slots);
    this.totals = new Float64Array(count);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
    if (n > this.costs.length) this.costs = grown(this.costs, n);
  }

  /** Total cost of the slots in `list`. */
  total(list: number): number {
    return this.totals[list]!;
  }

  costOf(slot: number): number {
    return this.costs[slot]!;
  }

  /** Records a slot's cost (on insert) or changes it (on update), keeping its list's total. */
  setCost(slot: number, cost: number): void {
    const list = this.lists.owner[slot]!;
    if (list >= 0) this.totals[list]! += cost - this.costs[slot]!;
    this.costs[slot] = cost;
  }

  pushHead(slot: number, list: number): void {
    this.lists.pushHead(slot, list);
    this.totals[list]! += this.costs[slot]!;
  }

  /** Moves a linked slot to the head of `list` (the same list or another). */
  moveToHead(slot: number, list: number): void {
    const from = this.lists.owner[slot]!;
    if (from !== list) {
      this.totals[from]! -= this.costs[slot]!;
      this.totals[list]! += this.costs[slot]!;
    }
    this.lists.moveToHead(slot, list);
  }

  /** Takes a slot off its list; a no-op for a slot on none. */
  unlink(slot: number): void {
    const list = this.lists.owner[slot]!;
    if (list < 0) return;
    this.lists.unlink(slot);
    // An empty list's total is exactly 0: no float drift survives a list draining.
    this.totals[list] = this.lists.length(list) === 0 ? 0 : this.totals[list]! - this.costs[slot]!;
  }

  /**
   * load(): places each slot at the head of its list (`listOf(i)`), in the given order, with its
   * cost: the first given ends at its list's tail.
   */
  restore(slots: readonly number[], listOf: (i: number) => number, costOf: (slot: number) => number): void {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      this.costs[slot] = costOf(slot);
      this.pushHead(slot, listOf(i));
    }
  }

  clear(): void {
    this.lists.clear();
    this.totals.fill(0);
  }
}
