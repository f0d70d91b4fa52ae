// MRU: evict the most recently used entry (good for cyclic scans larger than the cache).
// A recency list of slots in typed arrays (SlotList), as LRU but evicting from the head. The slot
// being inserted or updated is not a candidate, else every newcomer would evict itself.
// Every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './define.js';
import { SlotList } from './slot-list.js';

class MruPolicy implements Policy {
  readonly name = 'mru';
  private readonly list: SlotList;

  constructor(context: PolicyContext) {
    this.list = new SlotList(context.initialSlots);
  }

  reserve(n: number): void {
    this.list.reserve(n);
  }

  insert(slot: number): void {
    this.list.pushHead(slot);
  }

  hit(slot: number): void {
    this.list.moveToHead(slot);
  }

  miss(): void {}

  update(slot: number): void {
    this.list.moveToHead(slot);
  }

  remove(slot: number): void {
    this.list.unlink(slot);
  }

  evict(incoming: number): number {
    let victim = this.list.head();
    if (victim === incoming && this.list.length() > 1) victim = this.list.older(victim);
    if (victim >= 0) this.list.unlink(victim);
    return victim;
  }

  clear(): void {
    this.list.clear();
  }

  flush(): void {}
}

export const mru = definePolicy({
  name: 'mru',
  defaults: {},
  create: (context) => new MruPolicy(context),
});
