// An indexed binary min-heap of slots in typed arrays: the priority queue under heap-lfu and
// LRU-K. The order comes from the owner's `less(a, b)` over its own per-slot keys; `pos` maps a
// slot to its heap index, so a slot whose key changed is re-placed with fix(slot) and any slot
// can be deleted, both in O(log n). push/pop are O(log n), peek O(1).

import { grown } from '../../typed-arrays.js';

export class SlotHeap {
  private heap: Int32Array;
  /** Heap index per slot, -1 = not in the heap. */
  private pos: Int32Array;
  size = 0;

  constructor(
    slots: number,
    private readonly less: (a: number, b: number) => boolean,
  ) {
    this.heap = new Int32Array(slots);
    this.pos = new Int32Array(slots).fill(-1);
  }

  /** Makes slot ids below n addressable. */
  reserve(n: number): void {
    if (n <= this.pos.length) return;
    this.heap = grown(this.heap, n);
    this.pos = grown(this.pos, n, -1);
  }

  has(slot: number): boolean {
    return this.pos[slot]! >= 0;
  }

  /** The least slot, or -1. */
  peek(): number {
    return this.size === 0 ? -1 : this.heap[0]!;
  }

  /** The least slot other than `exclude` (-1 if there is none): the root or one of its children. */
  peekExcluding(exclude: number): number {
    const root = this.peek();
    if (root !== exclude) return root;
    if (this.size < 2) return -1;
    if (this.size === 2) return this.heap[1]!;
    const a = this.heap[1]!;
    const b = this.heap[2]!;
    return this.less(b, a) ? b : a;
  }

  push(slot: number): void {
    const i = this.size++;
    this.heap[i] = slot;
    this.pos[slot] = i;
    this.up(i);
  }

  /** Removes a slot that is in the heap (no-op if it is not). */
  delete(slot: number): void {
    const i = this.pos[slot]!;
    if (i < 0) return;
    this.pos[slot] = -1;
    const last = this.heap[--this.size]!;
    if (i === this.size) return;
    this.heap[i] = last;
    this.pos[last] = i;
    this.fixAt(i);
  }

  /** Restores the order after the slot's key changed (either way). */
  fix(slot: number): void {
    this.fixAt(this.pos[slot]!);
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]!] = -1;
    this.size = 0;
  }

  private fixAt(i: number): void {
    if (i > 0 && this.less(this.heap[i]!, this.heap[(i - 1) >> 1]!)) this.up(i);
    else this.down(i);
  }

  private up(i: number): void {
    const heap = this.heap;
    const slot = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(slot, p)) break;
      heap[i] = p;
      this.pos[p] = i;
      i = parent;
    }
    heap[i] = slot;
    this.pos[slot] = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const slot = heap[i]!;
    const n = this.size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!this.less(c, slot)) break;
      heap[i] = c;
      this.pos[c] = i;
      i = child;
    }
    heap[i] = slot;
    this.pos[slot] = i;
  }
}
