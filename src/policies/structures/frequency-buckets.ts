// Frequency buckets: the O(1) structure of Shah, Mitra and Matani, "An O(1) algorithm for
// implementing the LFU cache eviction scheme" (2010), under LFU and MFU. A doubly linked list of
// buckets in ascending frequency, each holding a doubly linked list of the slots with that
// frequency, newest arrival at the head. Counting an access moves a slot to the bucket for
// freq + 1 (made next to its own if missing); a bucket left empty is freed. A slot arrives in its
// bucket when it is accessed, so a bucket's tail is its least recently used slot.
// Every operation is O(1). All arrays are typed; at most one bucket per resident slot.

import { grown } from '../../typed-arrays.js';

export class FrequencyBuckets {
  // Per slot: neighbours within the bucket (-1 = none; prev is toward the head) and the bucket.
  private prev: Int32Array;
  private next: Int32Array;
  private bucketOf: Int32Array;
  // Per bucket id: its frequency, neighbouring buckets (-1 = none), head and tail slots.
  private freq: Float64Array;
  private lower: Int32Array;
  private higher: Int32Array;
  private head: Int32Array;
  private tail: Int32Array;
  private freeBuckets: Int32Array;
  private freeCount = 0;
  /** The lowest- and highest-frequency buckets (-1 = empty). */
  private first = -1;
  private last = -1;

  constructor(slots: number) {
    this.prev = new Int32Array(slots);
    this.next = new Int32Array(slots);
    this.bucketOf = new Int32Array(slots).fill(-1);
    this.freq = new Float64Array(slots);
    this.lower = new Int32Array(slots);
    this.higher = new Int32Array(slots);
    this.head = new Int32Array(slots);
    this.tail = new Int32Array(slots);
    this.freeBuckets = new Int32Array(slots);
    this.resetFree(0, slots);
  }

  /** Makes slot ids below n addressable (and n buckets available). */
  reserve(n: number): void {
    const old = this.prev.length;
    if (n <= old) return;
    this.prev = grown(this.prev, n);
    this.next = grown(this.next, n);
    this.bucketOf = grown(this.bucketOf, n, -1);
    this.freq = grown(this.freq, n);
    this.lower = grown(this.lower, n);
    this.higher = grown(this.higher, n);
    this.head = grown(this.head, n);
    this.tail = grown(this.tail, n);
    this.freeBuckets = grown(this.freeBuckets, n);
    this.resetFree(old, n);
  }

  /** Adds a slot that is in no bucket with frequency 1. */
  add(slot: number): void {
    let b = this.first;
    if (b < 0 || this.freq[b] !== 1) b = this.newBucket(1, -1, b);
    this.linkHead(slot, b);
  }

  /** Adds a slot that is in no bucket with frequency f >= 1 (load()): O(buckets above f). */
  addAt(slot: number, f: number): void {
    let above = -1;
    let b = this.last;
    while (b >= 0 && this.freq[b]! > f) {
      above = b;
      b = this.lower[b]!;
    }
    if (b < 0 || this.freq[b] !== f) b = this.newBucket(f, b, above);
    this.linkHead(slot, b);
  }

  /** Counts one access of a slot: O(1). */
  touch(slot: number): void {
    const b = this.bucketOf[slot]!;
    const f = this.freq[b]! + 1;
    const up = this.higher[b]!;
    const alone = this.head[b] === slot && this.tail[b] === slot;
    if (up >= 0 && this.freq[up] === f) {
      this.unlinkFrom(slot, b);
      this.linkHead(slot, up);
    } else if (alone) {
      this.freq[b] = f; // the bucket moves up with its only slot
    } else {
      this.unlinkFrom(slot, b);
      this.linkHead(slot, this.newBucket(f, b, up));
    }
  }

  /** Removes a slot from its bucket (no-op if it is in none). */
  delete(slot: number): void {
    const b = this.bucketOf[slot]!;
    if (b >= 0) this.unlinkFrom(slot, b);
  }

  frequency(slot: number): number {
    const b = this.bucketOf[slot]!;
    return b < 0 ? 0 : this.freq[b]!;
  }

  /**
   * The least recently used slot of the lowest (`fromLowest`) or highest frequency, skipping
   * `exclude`; `exclude` itself when it is the only slot, -1 when there is none.
   */
  victim(fromLowest: boolean, exclude: number): number {
    let b = fromLowest ? this.first : this.last;
    while (b >= 0) {
      let s = this.tail[b]!;
      if (s === exclude) s = this.prev[s]!;
      if (s >= 0) return s;
      b = fromLowest ? this.higher[b]! : this.lower[b]!;
    }
    return this.first >= 0 ? exclude : -1;
  }

  clear(): void {
    this.bucketOf.fill(-1);
    this.first = -1;
    this.last = -1;
    this.resetFree(0, this.prev.length);
  }

  private resetFree(from: number, to: number): void {
    if (from === 0) this.freeCount = 0;
    for (let b = to - 1; b >= from; b--) this.freeBuckets[this.freeCount++] = b;
  }

  /** A bucket with frequency f linked between `below` and `above` (-1 = list end). */
  private newBucket(f: number, below: number, above: number): number {
    const b = this.freeBuckets[--this.freeCount]!;
    this.freq[b] = f;
    this.head[b] = -1;
    this.tail[b] = -1;
    this.lower[b] = below;
    this.higher[b] = above;
    if (below >= 0) this.higher[below] = b;
    else this.first = b;
    if (above >= 0) this.lower[above] = b;
    else this.last = b;
    return b;
  }

  private linkHead(slot: number, b: number): void {
    const h = this.head[b]!;
    this.prev[slot] = -1;
    this.next[slot] = h;
    if (h >= 0) this.prev[h] = slot;
    else this.tail[b] = slot;
    this.head[b] = slot;
    this.bucketOf[slot] = b;
  }

  private unlinkFrom(slot: number, b: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head[b] = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail[b] = p;
    this.bucketOf[slot] = -1;
    if (this.head[b]! < 0) this.freeBucket(b);
  }

  private freeBucket(b: number): void {
    const below = this.lower[b]!;
    const above = this.higher[b]!;
    if (below >= 0) this.higher[below] = above;
    else this.first = above;
    if (above >= 0) this.lower[above] = below;
    else this.last = below;
    this.freeBuckets[this.freeCount++] = b;
  }
}
