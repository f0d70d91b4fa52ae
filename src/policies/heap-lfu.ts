// Heap-LFU: LFU on a binary min-heap keyed (frequency, time of last access), so it evicts the
// same victims as the bucket LFU (least frequent, then least recently used) at O(log n) per hit,
// update, insert, remove and eviction. cachekit's HeapLfu pushes a new heap entry per access and
// rebuilds when stale entries pile up; an indexed heap (SlotHeap) re-places the slot instead, so
// there are no stale entries and no rebuilds. The slot being written is not a candidate while
// others are. That is `variant: 'cortado'`. The default, `variant: 'cachekit'`, is cachekit's rule
// (keyed-frequency-heap.ts): ties go to the smallest key, and updates do not count; it measured
// better on the shared traces (README, "Differences from cachekit").

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './define.js';
import { SlotHeap } from './slot-heap.js';
import { grown } from '../typed-arrays.js';
import { KeyedFrequencyHeapPolicy } from './keyed-frequency-heap.js';

class HeapLfuPolicy implements Policy {
  readonly name = 'heap-lfu';
  private freq: Float64Array;
  /** Logical time of each slot's last access (a counter, so ties never happen). */
  private last: Float64Array;
  private tick = 0;
  private readonly heap: SlotHeap;

  constructor(context: PolicyContext) {
    this.freq = new Float64Array(context.initialSlots);
    this.last = new Float64Array(context.initialSlots);
    this.heap = new SlotHeap(context.initialSlots, (a, b) => {
      const fa = this.freq[a]!;
      const fb = this.freq[b]!;
      return fa < fb || (fa === fb && this.last[a]! < this.last[b]!);
    });
  }

  reserve(n: number): void {
    if (n <= this.freq.length) return;
    this.freq = grown(this.freq, n);
    this.last = grown(this.last, n);
    this.heap.reserve(n);
  }

  insert(slot: number): void {
    this.freq[slot] = 1;
    this.last[slot] = ++this.tick;
    this.heap.push(slot);
  }

  hit(slot: number): void {
    this.freq[slot]!++;
    this.last[slot] = ++this.tick;
    this.heap.fix(slot);
  }

  miss(): void {}

  update(slot: number): void {
    this.hit(slot);
  }

  remove(slot: number): void {
    this.heap.delete(slot);
  }

  evict(incoming: number): number {
    let victim = this.heap.peekExcluding(incoming);
    if (victim < 0) victim = this.heap.peek(); // only the slot being written is left
    if (victim >= 0) this.heap.delete(victim);
    return victim;
  }

  clear(): void {
    this.heap.clear();
    this.tick = 0;
  }

  flush(): void {}
}

export const heapLfu = definePolicy({
  name: 'heap-lfu',
  defaults: { variant: 'cachekit' as 'cachekit' | 'cortado' },
  variants: ['cachekit', 'cortado'],
  create: (context, o) =>
    o.variant === 'cachekit' ? new KeyedFrequencyHeapPolicy(context, 'heap-lfu', false, false) : new HeapLfuPolicy(context),
});
