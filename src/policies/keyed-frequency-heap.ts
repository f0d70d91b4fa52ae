// cachekit's heap-ordered frequency policies, exactly: HeapLfuCache (`heap-lfu`, evicts the
// lowest frequency, ties to the smallest key, updates do not count) and MfuCore (`mfu`, evicts
// the highest frequency, ties to the largest key, updates count). New entries count 1, get hits
// add 1. Keys without an order (key-order.ts) tie-break to the older entry. An indexed heap
// (SlotHeap) of slots: O(log n) per insert, hit, update, remove and eviction; the slot being
// written is not a candidate while others are (cachekit evicts before it inserts).

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { SlotHeap } from './slot-heap.js';
import { compareKeys } from './key-order.js';
import { grown } from '../typed-arrays.js';

export class KeyedFrequencyHeapPolicy implements Policy {
  private readonly host: PolicyHost;
  private freq: Float64Array;
  /** Insertion order, for keys compareKeys cannot order. */
  private born: Float64Array;
  private tick = 0;
  private readonly heap: SlotHeap;

  /** `mostFrequent`: MFU (highest count, largest key first) rather than LFU. */
  constructor(
    context: PolicyContext,
    readonly name: string,
    mostFrequent: boolean,
    private readonly updatesCount: boolean,
  ) {
    this.host = context.host;
    this.freq = new Float64Array(context.initialSlots);
    this.born = new Float64Array(context.initialSlots);
    const sign = mostFrequent ? -1 : 1;
    this.heap = new SlotHeap(context.initialSlots, (a, b) => {
      const d = sign * (this.freq[a]! - this.freq[b]!);
      if (d !== 0) return d < 0;
      const byKey = sign * compareKeys(this.host.keyOf(a), this.host.keyOf(b));
      return byKey !== 0 ? byKey < 0 : this.born[a]! < this.born[b]!;
    });
  }

  reserve(n: number): void {
    if (n <= this.freq.length) return;
    this.freq = grown(this.freq, n);
    this.born = grown(this.born, n);
    this.heap.reserve(n);
  }

  insert(slot: number): void {
    this.freq[slot] = 1;
    this.born[slot] = ++this.tick;
    this.heap.push(slot);
  }

  hit(slot: number): void {
    this.freq[slot]!++;
    this.heap.fix(slot);
  }

  miss(): void {}

  update(slot: number): void {
    if (this.updatesCount) this.hit(slot);
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
