// W-TinyLFU's deferred hits ("marks"): a hit only updates one u32 per slot, and the policy
// applies the hits later, in a batch (a drain), before anything depends on them: at an insert,
// an eviction, an update, flush(), or when this buffer is full.
//
//   mark = stamp × 16 + pending count      stamp: when the slot was last hit (a per-batch tick)
//                                          count: hits since the last drain, saturating at 15
//
// A slot enters the ring of slot ids only on its first hit since the last drain (its mark was
// 0), so repeated hits on a hot entry cost one load and one store each, and the drain moves each
// slot once however often it was hit. The drain visits the ring in order of each slot's LAST
// hit (drainTo), so moving each slot to the head of its segment leaves the segments in the
// same order as moving it on every hit would.
//
// Why 15: the sketch's counters are 4 bits, so a slot recorded 15 times in a batch has already
// saturated them (barring an aging in between). Why a bounded ring: a drain costs about one
// sketch increment and one list move per slot, and it runs inside whichever call fills the
// ring; the bound keeps that pause short on large caches, while any working set of up to
// MAX_PENDING entries read between two writes costs no drain at all.
//
// The stamp has 28 bits. A batch of more than 2^28 hits (a quarter of a billion reads with no
// write, flush() or full ring in between) wraps it: that batch's moves are then only roughly in
// order and the climber misses 2^28 of its hits. The counts, and so correctness, are unaffected.

/** Most slots buffered before a drain is forced (see the header: it bounds the drain's pause). */
export const MAX_PENDING = 1 << 14;
/** The pending count's bits in a mark. */
const COUNT_BITS = 4;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
/** The stamp's bits in a mark (and the range of `hits`). */
const STAMP_MASK = (1 << (32 - COUNT_BITS)) - 1;
/** Up to this many repeatedly hit slots are insertion-sorted; more are radix-sorted. */
const INSERTION_SORT_MAX = 32;
/** Widest radix digit: 2,048 buckets, so stamps below 2^22 (hits per batch) sort in two passes. */
const MAX_DIGIT_BITS = 11;

/** What a drain hands each pending slot to (the policy: a slot's hits applied at once). */
export interface HitVisitor {
  applyHits(slot: number, count: number): void;
}

export class PendingHits {
  /** Per slot: stamp × 16 + pending count; 0 = no hit since the last drain. */
  marks: Uint32Array;
  /** Slot ids with a nonzero mark, in order of first hit; may hold forgotten slots. */
  ring: Int32Array;
  /** Slots in the ring. */
  count = 0;
  /** Hits since the last drain (modulo 2^28); also the last stamp handed out. */
  hits = 0;
  private capacity: number;
  /** The drain's list of repeatedly hit slots; the radix sort's buffer and bucket counts. */
  private spare: Int32Array | undefined = undefined;
  private radixBuffer: Int32Array | undefined = undefined;
  private buckets: Int32Array | undefined = undefined;

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
      this.spare = undefined;
      this.radixBuffer = undefined;
    }
  }

  /**
   * Records a hit; returns true when the ring is full and must be drained now. Kept to a load,
   * a store and a rarely taken branch so that the store's get() can inline it.
   */
  mark(slot: number): boolean {
    const marks = this.marks;
    const m = marks[slot]!;
    const count = (m & COUNT_MASK) + 1;
    // The mask keeps `hits` a small integer (see the header on wrapping).
    const stamp = (this.hits = (this.hits + 1) & STAMP_MASK);
    // count - (count >> 4) saturates at 15 without a branch.
    marks[slot] = (stamp << COUNT_BITS) | (count - (count >> COUNT_BITS));
    if (m !== 0) return false;
    this.ring[this.count] = slot;
    return ++this.count === this.capacity;
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
   * A slot hit once since the last drain has its last hit at its ring position, so those slots
   * are already in order: only the slots hit more than once are sorted (by stamp; stamps are
   * unique), and merged in while the ring is walked. On uniform traffic that is one pass; on
   * skewed traffic a batch holds few repeated slots.
   */
  drainTo(visitor: HitVisitor): number {
    const n = this.count;
    const ring = this.ring;
    const marks = this.marks;
    let repeats = this.spare;
    if (repeats === undefined) repeats = this.spare = new Int32Array(this.capacity);
    let r = 0;
    for (let i = 0; i < n; i++) {
      const slot = ring[i]!;
      if ((marks[slot]! & COUNT_MASK) > 1) repeats[r++] = slot;
    }
    if (r <= INSERTION_SORT_MAX) insertionSort(repeats, r, marks);
    else this.radixSort(repeats, r);
    let j = 0;
    let next = r > 0 ? marks[repeats[0]!]! : Infinity;
    for (let i = 0; i < n; i++) {
      const slot = ring[i]!;
      const m = marks[slot]!;
      if ((m & COUNT_MASK) !== 1) continue; // a repeated slot (merged by stamp) or a forgotten one
      while (next < m) {
        const repeated = repeats[j]!;
        marks[repeated] = 0;
        visitor.applyHits(repeated, next & COUNT_MASK);
        next = ++j < r ? marks[repeats[j]!]! : Infinity;
      }
      marks[slot] = 0;
      visitor.applyHits(slot, 1);
    }
    while (j < r) {
      const repeated = repeats[j++]!;
      const m = marks[repeated]!;
      marks[repeated] = 0;
      visitor.applyHits(repeated, m & COUNT_MASK);
    }
    const hits = this.hits;
    this.reset();
    return hits;
  }

  /**
   * Least-significant-digit radix sort of keys[0, n) by stamp. The digit width follows n, so
   * smaller sorts clear fewer buckets.
   */
  private radixSort(keys: Int32Array, n: number): void {
    const marks = this.marks;
    const digitBits = Math.min(MAX_DIGIT_BITS, 32 - Math.clz32(n));
    const digitMask = (1 << digitBits) - 1;
    let buckets = this.buckets;
    if (buckets === undefined || buckets.length <= digitMask) buckets = this.buckets = new Int32Array(digitMask + 1);
    let buffer = this.radixBuffer;
    if (buffer === undefined || buffer.length < n) buffer = this.radixBuffer = new Int32Array(this.capacity);
    const top = (this.hits << COUNT_BITS) >>> 0; // the highest stamp: how many digits to sort
    let from = keys;
    let to = buffer;
    for (let shift = COUNT_BITS; ; shift += digitBits) {
      buckets.fill(0, 0, digitMask + 1);
      for (let i = 0; i < n; i++) buckets[(marks[from[i]!]! >>> shift) & digitMask]!++;
      let sum = 0;
      for (let b = 0; b <= digitMask; b++) {
        const c = buckets[b]!;
        buckets[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const slot = from[i]!;
        to[buckets[(marks[slot]! >>> shift) & digitMask]!++] = slot;
      }
      const swap = from;
      from = to;
      to = swap;
      if (shift + digitBits >= 32 || top >>> (shift + digitBits) === 0) break;
    }
    if (from !== keys) keys.set(from.subarray(0, n));
  }
}

function insertionSort(ring: Int32Array, n: number, marks: Uint32Array): void {
  for (let i = 1; i < n; i++) {
    const slot = ring[i]!;
    const m = marks[slot]!;
    let j = i - 1;
    while (j >= 0 && marks[ring[j]!]! > m) {
      ring[j + 1] = ring[j]!;
      j--;
    }
    ring[j + 1] = slot;
  }
}
