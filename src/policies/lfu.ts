// LFU: evict the least frequently used entry; among equals, the least recently used. The O(1)
// frequency buckets of Shah, Mitra and Matani, "An O(1) algorithm for implementing the LFU cache
// eviction scheme" (2010), in typed arrays (FrequencyBuckets). Inserts count 1, hits and updates
// count one access each; counts are never aged (cachekit's LFU ages only on request). The slot
// being written is not a candidate while others are. Every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './define.js';
import { FrequencyBuckets } from './frequency-buckets.js';

class LfuPolicy implements Policy {
  readonly name = 'lfu';
  private readonly buckets: FrequencyBuckets;

  constructor(context: PolicyContext) {
    this.buckets = new FrequencyBuckets(context.initialSlots);
  }

  reserve(n: number): void {
    this.buckets.reserve(n);
  }

  insert(slot: number): void {
    this.buckets.add(slot);
  }

  hit(slot: number): void {
    this.buckets.touch(slot);
  }

  miss(): void {}

  update(slot: number): void {
    this.buckets.touch(slot);
  }

  remove(slot: number): void {
    this.buckets.delete(slot);
  }

  evict(incoming: number): number {
    const victim = this.buckets.victim(true, incoming);
    if (victim >= 0) this.buckets.delete(victim);
    return victim;
  }

  clear(): void {
    this.buckets.clear();
  }

  flush(): void {}
}

export const lfu = definePolicy({
  name: 'lfu',
  defaults: {},
  create: (context) => new LfuPolicy(context),
});
