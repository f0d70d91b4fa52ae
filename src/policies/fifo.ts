// FIFO: evict the entry inserted first, whatever its hits. One queue of slots in typed arrays
// (SlotList); hits and updates leave the order alone. Every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';

class FifoPolicy implements Policy {
  readonly name = 'fifo';
  private readonly queue: SlotList;

  constructor(context: PolicyContext) {
    this.queue = new SlotList(context.initialSlots);
  }

  reserve(n: number): void {
    this.queue.reserve(n);
  }

  insert(slot: number): void {
    this.queue.pushHead(slot);
  }

  hit(): void {}

  update(): void {}

  remove(slot: number): void {
    this.queue.unlink(slot);
  }

  peek(): number {
    return this.queue.tail();
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    for (;;) {
      const victim = this.next(keep);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return this.queue.rotateTail();
  }

  /** Unlinks and returns the next victim (-1: none). */
  private next(keep: number): number {
    let victim = this.queue.tail();
    // The slot being written (an update that grew its cost) is not a candidate while others are.
    if (victim === keep && this.queue.length() > 1) victim = this.queue.newer(victim);
    if (victim >= 0) this.queue.unlink(victim);
    return victim;
  }

  clear(): void {
    this.queue.clear();
  }
}

/** FIFO: the oldest entry leaves; hits change nothing. */
export const fifo = /* @__PURE__ */ definePolicy({
  name: 'fifo',
  defaults: {},
  create: (context) => new FifoPolicy(context),
});
