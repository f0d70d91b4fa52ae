// FIFO: evict the entry inserted first, whatever its hits. One queue of slots in typed arrays
// (SlotList); hits and updates leave the order alone. Every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './define.js';
import { SlotList } from './slot-list.js';

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

  miss(): void {}

  update(): void {}

  remove(slot: number): void {
    this.queue.unlink(slot);
  }

  peek(): number {
    return this.queue.tail();
  }

  evict(incoming: number): number {
    let victim = this.queue.tail();
    // The slot being written (an update that grew its cost) is not a candidate while others are.
    if (victim === incoming && this.queue.length() > 1) victim = this.queue.newer(victim);
    if (victim >= 0) this.queue.unlink(victim);
    return victim;
  }

  clear(): void {
    this.queue.clear();
  }

  flush(): void {}
}

export const fifo = definePolicy({
  name: 'fifo',
  defaults: {},
  create: (context) => new FifoPolicy(context),
});
