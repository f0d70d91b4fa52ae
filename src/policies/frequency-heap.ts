// Frequency policies on an indexed heap of slots (SlotHeap): O(log n) per insert, hit, update,
// remove and eviction, with no stale entries and no rebuilds (cachekit's HeapLfu pushes an entry
// per access and rebuilds when stale ones pile up; re-placing the slot avoids both). New entries
// count 1, get hits add 1. Ties are broken one of two ways:
//   - by key (cachekit's HeapLfuCache for `heap-lfu`: lowest frequency, ties to the smallest key,
//     updates do not count; cachekit's MfuCore for `mfu`: highest frequency, ties to the largest
//     key, updates count). Keys without an order (structures/key-order.ts) tie-break to the older entry.
//   - by recency (`heap-lfu`'s variant 'cortado': the same victims as the bucket LFU, least
//     frequent and then least recently used; updates count).
// The slot being written is not a candidate while others are (cachekit evicts before it inserts).

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../policy.js';
import { hintInteger } from './machinery/hints.js';
import { SlotHeap } from './structures/slot-heap.js';
import { compareKeys } from './structures/key-order.js';
import { grown } from '../typed-arrays.js';
import { evictInTurn } from './machinery/evict-in-turn.js';

/** How equal frequencies are ordered. */
export interface FrequencyHeapRules {
  /** MFU (highest count first, largest key first) rather than LFU. */
  mostFrequent: boolean;
  /** Whether an update counts as an access. */
  updatesCount: boolean;
  /** Ties by key order (cachekit), or by recency: the least recently accessed goes first. */
  ties: 'key' | 'recency';
}

export class FrequencyHeapPolicy implements Policy {
  private readonly host: PolicyHost;
  private freq: Float64Array;
  /**
   * Logical time per slot: of its insertion (ties by key: the order for keys compareKeys cannot
   * order) or of its last access (ties by recency). A counter, so two slots never tie on it.
   */
  private born: Float64Array;
  private tick = 0;
  private readonly heap: SlotHeap;

  private readonly updatesCount: boolean;
  private readonly byRecency: boolean;

  constructor(
    context: PolicyContext,
    readonly name: string,
    rules: FrequencyHeapRules,
  ) {
    this.host = context.host;
    this.updatesCount = rules.updatesCount;
    this.byRecency = rules.ties === 'recency';
    this.freq = new Float64Array(context.initialSlots);
    this.born = new Float64Array(context.initialSlots);
    const sign = rules.mostFrequent ? -1 : 1;
    const byKey = rules.ties === 'key';
    this.heap = new SlotHeap(context.initialSlots, (a, b) => {
      const d = sign * (this.freq[a]! - this.freq[b]!);
      if (d !== 0) return d < 0;
      const keys = byKey ? sign * compareKeys(this.host.keyOf(a), this.host.keyOf(b)) : 0;
      return keys !== 0 ? keys < 0 : this.born[a]! < this.born[b]!;
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
    if (this.byRecency) this.born[slot] = ++this.tick;
    this.heap.fix(slot);
  }

  update(slot: number): void {
    if (this.updatesCount) this.hit(slot);
  }

  remove(slot: number): void {
    this.heap.delete(slot);
  }

  peek(): number {
    return this.heap.peek();
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.insert(incoming);
  }

  /** Removes and returns the next victim (-1: none), `keep` (a slot being updated) only if it is the last. */
  evictNext(keep: number): number {
    let victim = this.heap.peekExcluding(keep);
    if (victim < 0) victim = this.heap.peek(); // only the slot being written is left
    if (victim >= 0) this.heap.delete(victim);
    return victim;
  }

  clear(): void {
    this.heap.clear();
    this.tick = 0;
  }

  /** dump()'s note: `freq`, the access count. */
  hint(slot: number): PolicyHint {
    return { name: this.name, freq: this.freq[slot]! };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintInteger(hint, where, 'freq', 1);
  }

  /** load(): each slot at its noted count (else 1); the given order breaks the remaining ties. */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      this.freq[slot] = (hints[i]?.freq as number | undefined) ?? 1;
      this.born[slot] = ++this.tick;
      this.heap.push(slot);
    }
  }
}
