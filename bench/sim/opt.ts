// Belady's optimum (MIN), the limit every policy is measured against. Two variants:
//
//   opt         demand fill: every miss is inserted; when full, evict the resident key whose
//               next use is farthest away (never again = farthest). This is the textbook OPT of
//               cache2k-benchmark (sprite @ 100 → 50.8 %, multi2 @ 600 → 55.50 %).
//   opt-bypass  may decline to admit: the newcomer competes with the residents, and when its
//               own next use is the farthest it is not stored. Caffeine's "Optimal" does this,
//               so it sits slightly higher (OLTP @ 250 → 38.47 % vs 38.43 % demand fill).
//
// Cost: one pass per trace renames keys to dense ids and records each access's next use
// (O(n), shared by every size); then per size a max-heap keyed by next use, O(n log k).
// A hit pushes a fresh heap entry instead of updating the old one: the old entry's priority
// is the current time, and every live entry's priority lies in the future, so a stale entry
// can never reach the top while the cache holds anything. The heap is compacted (stale
// entries dropped, then re-heapified in O(k)) whenever it grows past twice the cache size.

import type { Keys } from './formats.js';

/** Dense ids and next-use indices for a trace (see the header). */
export interface NextUse {
  /** ids[i]: the access's key renamed to 0..distinct-1. */
  ids: Int32Array;
  /** next[i]: the index of the next access to the same key, or keys.length if none. */
  next: Int32Array;
  distinct: number;
}

const prepared = new WeakMap<Keys, NextUse>();

/** Computes (once per key array; remembered while the array lives) what OPT needs. */
export function nextUse(keys: Keys): NextUse {
  const known = prepared.get(keys);
  if (known !== undefined) return known;
  const n = keys.length;
  const ids = new Int32Array(n);
  let distinct = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (keys instanceof Int32Array && min >= 0 && max < 1 << 26) {
    // Small non-negative keys (block numbers): a table beats a Map by far.
    const table = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      let id = table[k]!;
      if (id < 0) table[k] = id = distinct++;
      ids[i] = id;
    }
  } else {
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      let id = map.get(k);
      if (id === undefined) map.set(k, (id = distinct++));
      ids[i] = id;
    }
  }
  const next = new Int32Array(n);
  const seen = new Int32Array(distinct).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    const id = ids[i]!;
    next[i] = seen[id]!;
    seen[id] = i;
  }
  const result = { ids, next, distinct };
  prepared.set(keys, result);
  return result;
}

/** A binary max-heap of (priority, id) pairs in two Int32Arrays. */
class MaxHeap {
  pri: Int32Array;
  id: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.pri = new Int32Array(capacity);
    this.id = new Int32Array(capacity);
  }

  push(priority: number, id: number): void {
    if (this.size === this.pri.length) this.grow();
    const pri = this.pri;
    const ids = this.id;
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (pri[parent]! >= priority) break;
      pri[at] = pri[parent]!;
      ids[at] = ids[parent]!;
      at = parent;
    }
    pri[at] = priority;
    ids[at] = id;
  }

  /** Removes the top; read `pri[0]`/`id[0]` before calling. */
  pop(): void {
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.pri[last]!, this.id[last]!);
  }

  /** Drops entries whose priority is <= now (stale), then restores heap order in O(size). */
  compact(now: number): void {
    const pri = this.pri;
    const ids = this.id;
    let kept = 0;
    for (let i = 0; i < this.size; i++) {
      if (pri[i]! > now) {
        pri[kept] = pri[i]!;
        ids[kept] = ids[i]!;
        kept++;
      }
    }
    this.size = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, pri[i]!, ids[i]!);
  }

  private siftDown(at: number, priority: number, id: number): void {
    const pri = this.pri;
    const ids = this.id;
    const size = this.size;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && pri[child + 1]! > pri[child]!) child++;
      if (pri[child]! <= priority) break;
      pri[at] = pri[child]!;
      ids[at] = ids[child]!;
      at = child;
    }
    pri[at] = priority;
    ids[at] = id;
  }

  private grow(): void {
    const pri = new Int32Array(this.pri.length * 2);
    pri.set(this.pri);
    this.pri = pri;
    const id = new Int32Array(this.id.length * 2);
    id.set(this.id);
    this.id = id;
  }
}

/** How often (in requests) the replay reports progress. */
const PROGRESS_EVERY = 1 << 16;

/**
 * Replays `keys` through Belady's optimum with room for `size` entries and returns the hits.
 * `bypass` lets it decline to admit (see the header). `onProgress(done)` is called now and then.
 */
export function belady(keys: Keys, size: number, bypass: boolean, onProgress?: (done: number) => void): number {
  const { ids, next, distinct } = nextUse(keys);
  const n = ids.length;
  const resident = new Uint8Array(distinct);
  const heap = new MaxHeap(Math.max(16, Math.min(n, 2 * size + 16)));
  const compactAt = 2 * size + 16;
  let count = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if ((i & (PROGRESS_EVERY - 1)) === 0 && i > 0) onProgress?.(i);
    const id = ids[i]!;
    const nx = next[i]!;
    if (resident[id] === 1) {
      hits++;
    } else {
      if (count >= size) {
        // The top is live (see the header): the resident used farthest in the future.
        if (bypass && nx >= heap.pri[0]!) continue;
        resident[heap.id[0]!] = 0;
        heap.pop();
        count--;
      }
      resident[id] = 1;
      count++;
    }
    heap.push(nx, id);
    if (heap.size > compactAt) heap.compact(i);
  }
  onProgress?.(n);
  return hits;
}
