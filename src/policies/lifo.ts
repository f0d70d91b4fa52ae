// LIFO: evict the entry inserted last (a stack). The slot being inserted is not a candidate, so
// a full cache keeps its oldest entries and replaces the newest one it already had, as a stack
// cache pops its top before pushing. Hits and updates leave the order alone. A queue of slots in
// typed arrays (SlotList); every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './define.js';
import { SlotList } from './slot-list.js';
import { insertNewestFirst } from './hints.js';

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

  miss(): void {}

  update(): void {}

  remove(slot: number): void {
    this.stack.unlink(slot);
  }

  peek(): number {
    return this.stack.head();
  }

  evict(incoming: number): number {
    let victim = this.stack.head();
    if (victim === incoming && this.stack.length() > 1) victim = this.stack.older(victim);
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

  flush(): void {}
}

export const lifo = definePolicy({
  name: 'lifo',
  defaults: {},
  create: (context) => new LifoPolicy(context),
});
