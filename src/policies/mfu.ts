// MFU: evict the most frequently used entry (the one that has probably had its use); among
// equals, the least recently used. Instead of cachekit's lazily rebuilt heap, the O(1) frequency
// buckets of Shah, Mitra and Matani (2010) read from the high end (FrequencyBuckets). The slot
// being written is not a candidate while others are. Every operation is O(1).

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './define.js';
import { FrequencyBuckets } from './frequency-buckets.js';

class MfuPolicy implements Policy {
  readonly name = 'mfu';
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
    const victim = this.buckets.victim(false, incoming);
    if (victim >= 0) this.buckets.delete(victim);
    return victim;
  }

  clear(): void {
    this.buckets.clear();
  }

  flush(): void {}
}

export const mfu = definePolicy({
  name: 'mfu',
  defaults: {},
  create: (context) => new MfuPolicy(context),
});
