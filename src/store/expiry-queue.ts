// Indexed binary min-heap of slots ordered by expiry time. Only entries with a TTL are in it,
// so caches without TTLs pay nothing. O(log n) add/move/remove, O(1) peek: purgeExpired() and
// the small sweeps inside set() pop from the top while it is due, so no expired entry is missed
// (ristretto's 5-second buckets leaked entries whose bucket was skipped).
//
// Abstract over where the expiry times live: Expiry (expiry.ts), which holds them, extends it, so
// that its size, which get() reads on every call, is one field away, and the heap reads the
// times through a method V8 inlines rather than a closure.

import { grown } from '../typed-arrays.js';

export abstract class ExpiryQueue {
  private heap = new Int32Array(16);
  /** Heap position + 1 per slot; 0 = not queued. */
  private position = new Int32Array(16);
  private count = 0;

  /** A queued slot's expiry time. */
  protected abstract expiryOf(slot: number): number;

  /** How many slots are queued. */
  get size(): number {
    return this.count;
  }

  reserve(slots: number): void {
    if (slots <= this.position.length) return;
    this.position = grown(this.position, slots);
    const heap = new Int32Array(slots);
    heap.set(this.heap.subarray(0, this.count));
    this.heap = heap;
  }

  /** Adds the slot, or re-sorts it after its expiry time changed. */
  schedule(slot: number): void {
    const p = this.position[slot]!;
    if (p === 0) {
      const i = this.count++;
      this.heap[i] = slot;
      this.position[slot] = i + 1;
      this.up(i);
    } else {
      this.up(p - 1);
      this.down(this.position[slot]! - 1);
    }
  }

  remove(slot: number): void {
    const p = this.position[slot]!;
    if (p === 0) return;
    this.position[slot] = 0;
    const last = this.heap[--this.count]!;
    if (p - 1 === this.count) return;
    this.heap[p - 1] = last;
    this.position[last] = p;
    this.up(p - 1);
    this.down(this.position[last]! - 1);
  }

  /** The slot that expires first, or -1. */
  peek(): number {
    return this.count === 0 ? -1 : this.heap[0]!;
  }

  /** Drops the arrays (the cache was closed). */
  release(): void {
    this.count = 0;
    this.heap = new Int32Array(0);
    this.position = new Int32Array(0);
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.position[this.heap[i]!] = 0;
    this.count = 0;
  }

  private up(i: number): void {
    const heap = this.heap;
    const slot = heap[i]!;
    const at = this.expiryOf(slot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const other = heap[parent]!;
      if (this.expiryOf(other) <= at) break;
      heap[i] = other;
      this.position[other] = i + 1;
      i = parent;
    }
    heap[i] = slot;
    this.position[slot] = i + 1;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = this.count;
    const slot = heap[i]!;
    const at = this.expiryOf(slot);
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.expiryOf(heap[child + 1]!) < this.expiryOf(heap[child]!)) child++;
      const other = heap[child]!;
      if (this.expiryOf(other) >= at) break;
      heap[i] = other;
      this.position[other] = i + 1;
      i = child;
    }
    heap[i] = slot;
    this.position[slot] = i + 1;
  }
}
