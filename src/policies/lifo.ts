// LIFO: evict the entry inserted last (a stack). The newcomer is pushed after the evictions for
// it, so a full cache keeps its oldest entries and replaces the newest one it already had, as a stack
// cache pops its top before pushing. Hits and updates leave the order alone. A queue of slots in
// typed arrays (SlotList); every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';
import { insertNewestFirst } from './machinery/hints.js';

class LifoPolicy implements Policy {
  readonly name = 'lifo';
  private readonly stack: SlotList;

  constructor(context: PolicyContext) {
    this.stack = new SlotList(context.initialSlots);
  }

  reserve(n: number): void {
    this.stack.reserve(n);
  }

  insert(slot: number): void {
    this.stack.pushHead(slot);
  }

  hit(): void {}

  update(): void {}

  remove(slot: number): void {
    this.stack.unlink(slot);
  }

  peek(): number {
    return this.stack.head();
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    for (;;) {
      const victim = this.next(keep);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.insert(incoming);
  }

  /** The head leaves and its newcomer takes the head: the stack stays as it is. */
  reuseVictim(): number {
    return this.stack.head();
  }

  /** Unlinks and returns the next victim (-1: none): the newest, other than a slot being updated. */
  private next(keep: number): number {
    let victim = this.stack.head();
    if (victim === keep && this.stack.length() > 1) victim = this.stack.older(victim);
    if (victim >= 0) this.stack.unlink(victim);
    return victim;
  }

  clear(): void {
    this.stack.clear();
  }

  /** load(): the next victim (the given first) ends on top of the stack. */
  restore(slots: readonly number[]): void {
    insertNewestFirst(this, slots);
  }
}

/** LIFO: the newest entry leaves. */
export const lifo = /* @__PURE__ */ definePolicy({
  name: 'lifo',
  defaults: {},
  create: (context) => new LifoPolicy(context),
});
