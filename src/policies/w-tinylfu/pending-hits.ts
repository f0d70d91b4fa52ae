// W-TinyLFU's deferred hits ("marks"): a hit only updates one u32 per slot, and the policy
// applies the hits later, in a batch (a drain), before anything depends on them: at an insert,
// an eviction, an update, flush(), or when this buffer is full.
//
//   mark = stamp × 256 + pending count     stamp: when the slot was last hit (hits since drain)
//                                          count: hits since the last drain, saturating at 255
//
// A slot enters the ring of slot ids only on its first hit since the last drain (its mark was
// 0), so repeated hits on a hot entry cost one load and one store each, and the drain moves each
// slot once however often it was hit. The drain visits the ring in order of each slot's LAST
// hit (drainTo sorts it by stamp), so moving each slot to the head of its segment leaves the
// segments in the same order as moving it on every hit would.
//
// Why count to 255 when the sketch's counters stop at 15: the sketch ages (halves) after a set
// number of recorded accesses, so hits left unrecorded delay the aging. Saturating at 15 did
// that on read-heavy traces and cost hit ratio; at 255 the hit ratios equal the eager policy's
// (docs/design-measurements.md, "Pending hits"). The drain's sketch work is
// still at most one record per hit, as it was when every hit recorded itself.
//
// Why a bounded ring: a drain costs about one list move per slot (plus the records), and it
// runs inside whichever call fills the ring; the bound keeps that pause short on large caches,
// while any working set of up to MAX_PENDING entries read between two writes costs no drain.
// The stamp has 23 bits; the hit that hands out the last one forces a drain too, so stamps
// never wrap within a batch and `hits` is exact.

/** Most slots buffered before a drain is forced (see the header: it bounds the drain's pause). */
export const MAX_PENDING = 1 << 14;
/** The pending count's bits in a mark. */
const COUNT_BITS = 8;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
/**
 * The largest stamp: the hit that takes it forces a drain. 23 bits, so marks stay below 2^31
 * (small integers to V8, never doubles, in the inlined hit path).
 */
const STAMP_MAX = (1 << (31 - COUNT_BITS)) - 1;
/** The insertion sort gives up (for the radix sort) after this many shifts per slot. */
const SHIFTS_PER_SLOT = 8;

/** What a drain hands each pending slot to (the policy: a slot's hits applied at once). */
export interface HitVisitor {
  applyHits(slot: number, count: number): void;
}

export class PendingHits {
  /** Per slot: stamp × 256 + pending count; 0 = no hit since the last drain. */
  marks: Uint32Array;
  /** Slot ids with a nonzero mark, in order of first hit; may hold forgotten slots. */
  ring: Int32Array;
  /** Slots in the ring. */
  count = 0;
  /** Hits since the last drain; also the last stamp handed out. */
  hits = 0;
  private capacity: number;

  constructor(slots: number) {
    this.marks = new Uint32Array(slots);
    this.capacity = Math.min(slots, MAX_PENDING);
    this.ring = new Int32Array(this.capacity);
  }

  /** Makes slot ids below n markable (the ring keeps its contents). */
  reserve(n: number): void {
    if (n <= this.marks.length) return;
    const marks = new Uint32Array(n);
    marks.set(this.marks);
    this.marks = marks;
    const capacity = Math.min(n, MAX_PENDING);
    if (capacity > this.capacity) {
      const ring = new Int32Array(capacity);
      ring.set(this.ring.subarray(0, this.count));
      this.ring = ring;
      this.capacity = capacity;
    }
  }

  /**
   * Records a hit; returns true when the buffer must be drained now (the ring is full, or the
   * stamps ran out). Kept to a load, a store and a rarely taken branch so that the store's get()
   * can inline it.
   */
  mark(slot: number): boolean {
    const marks = this.marks;
    const m = marks[slot]!;
    const count = (m & COUNT_MASK) + 1;
    const stamp = ++this.hits;
    // count - (count >> 8) saturates at 255 without a branch.
    marks[slot] = (stamp << COUNT_BITS) | (count - (count >> COUNT_BITS));
    if (m !== 0) return stamp === STAMP_MAX;
    this.ring[this.count] = slot;
    return ++this.count === this.capacity || stamp === STAMP_MAX;
  }

  /** Drops a slot's pending hits (it left the cache); its ring entry is skipped by the drain. */
  forget(slot: number): void {
    this.marks[slot] = 0;
  }

  /** Empties the buffer (every mark in it is zero). */
  private reset(): void {
    this.count = 0;
    this.hits = 0;
  }

  /** Forgets every pending hit. */
  clear(): void {
    this.marks.fill(0);
    this.reset();
  }

  /**
   * Hands every pending slot to `visitor.applyHits(slot, count)` in order of last hit, oldest
   * first, zeroing its mark just before, then empties the buffer; returns the number of hits.
   * Forgotten slots (mark 0) are skipped.
   *
   * The ring is in order of first hit, and a slot hit once has its last hit there too, so the
   * ring is nearly sorted by stamp when few slots were hit again (skewed traffic between two
   * writes): an insertion sort costs one pass plus the few shifts. When many were (a long run
   * of reads), it gives up for a radix sort.
   */
  drainTo(visitor: HitVisitor): number {
    const n = this.count;
    const ring = this.ring;
    const marks = this.marks;
    if (!insertionSort(ring, n, marks, SHIFTS_PER_SLOT * n)) radixSort(ring, n, marks, this.hits);
    for (let i = 0; i < n; i++) {
      const slot = ring[i]!;
      const m = marks[slot]!;
      if (m === 0) continue; // forgotten
      marks[slot] = 0;
      visitor.applyHits(slot, m & COUNT_MASK);
    }
    const hits = this.hits;
    this.reset();
    return hits;
  }
}

/** Sorts keys[0, n) by mark; returns false (keys still a permutation) once `shifts` run out. */
function insertionSort(keys: Int32Array, n: number, marks: Uint32Array, shifts: number): boolean {
  for (let i = 1; i < n; i++) {
    const slot = keys[i]!;
    const m = marks[slot]!;
    let j = i - 1;
    while (j >= 0 && marks[keys[j]!]! > m) {
      if (--shifts < 0) {
        keys[j + 1] = slot;
        return false;
      }
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = slot;
  }
  return true;
}

/**
 * Sorts keys[0, n) by mark: least significant digit first, 8 bits of stamp per pass, as many
 * passes as the highest stamp (`hits`) needs (two below 2^16 hits per batch, at most three).
 * Runs only for batches with many slots out of order (long runs of reads), so it allocates.
 */
function radixSort(keys: Int32Array, n: number, marks: Uint32Array, hits: number): void {
  let from: Int32Array = keys;
  let to: Int32Array = new Int32Array(n);
  for (let shift = COUNT_BITS; shift < 32 && hits >>> (shift - COUNT_BITS) !== 0; shift += 8) {
    const starts = new Int32Array(257);
    for (let i = 0; i < n; i++) starts[((marks[from[i]!]! >>> shift) & 255) + 1]!++;
    for (let b = 0; b < 256; b++) starts[b + 1]! += starts[b]!;
    for (let i = 0; i < n; i++) {
      const slot = from[i]!;
      to[starts[(marks[slot]! >>> shift) & 255]!++] = slot;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from !== keys) keys.set(from);
}
