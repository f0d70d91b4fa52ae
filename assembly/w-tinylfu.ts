// W-TinyLFU's state and rules (src/policies/w-tinylfu/w-tinylfu.ts is the JavaScript face that
// the store calls; it documents the algorithm). Everything an insert, an eviction round or a
// drain of deferred hits touches lives here, in the cache's context, so that each of them is one
// call: the segments (window, probation, protected) as doubly linked lists of slots, their
// summed costs, the deferred hits (marks and their ring), the admission rule and its random
// state. Only the miniature simulations stay in JavaScript: a sampled key's accesses are handed
// to them through the imported `sample` function, synchronously, at the same point of each
// operation as before, so that a window resize lands where it always did.
//
// Per slot: prev and next (i32, interleaved), the owning segment (u8), the pending mark (u32,
// see src/policies/w-tinylfu/pending-hits.ts for the mark's layout, written by JavaScript on
// every hit) and, only once a cost other than 1 appears, the cost (f64). The tables follow the
// slot table's size (policyReserve) and are freed with the cache.

import { Context, take, give, retake } from "./context";
import { sketchRecord, sketchEstimate } from "./sketch";

const WINDOW: u32 = 0;
const PROBATION: u32 = 1;
const PROTECTED: u32 = 2;
const NONE: u32 = 3; // owner of a slot in no segment
/** Share of the main space held by the protected segment (Caffeine's and the paper's 80 %). */
const PROTECTED_SHARE: f64 = 0.8;
/** Bound on entries moved per window adjustment (Caffeine's QUEUE_TRANSFER_THRESHOLD). */
const QUEUE_TRANSFER: i32 = 1000;
/** Entries an insert moves while a resized window's entries are still moving. */
const RESIZE_STEP: i32 = 64;
/** No bound on a spill. */
const ALL: i32 = 0x7fffffff;
const COUNT_BITS: u32 = 8;
const COUNT_MASK: u32 = (1 << COUNT_BITS) - 1;
/** The insertion sort gives up (for the radix sort) after this many shifts per slot. */
const SHIFTS_PER_SLOT: i32 = 8;

/**
 * The miniature simulations (JavaScript): `count` accesses of a sampled key whose hash's low
 * half is `lo`, with the cache's summed cost and entry count; returns the window share to move
 * to, or a negative number to stay.
 */
// @ts-ignore: decorator
@external("cortado", "sample")
declare function sampleHook(lo: u32, count: u32, totalCost: f64, size: u32): f64;

@unmanaged
export class WTinyLfu {
  // JavaScript reads the first three fields at fixed offsets (the policy's hit path): keep them first.
  marks: usize;
  ring: usize;
  ringCapacity: u32;
  maxPending: u32; // the ring's most slots (pending-hits.ts's MAX_PENDING)

  links: usize; // prev, next: i32 per slot
  owner: usize; // u8 per slot
  costs: usize; // f64 per slot; 0 while every cost has been 1
  scratch: usize; // the radix sort's second buffer, ringCapacity i32; 0 until a drain needs it
  capacity: u32;

  head0: i32; head1: i32; head2: i32;
  tail0: i32; tail1: i32; tail2: i32;
  length0: u32; length1: u32; length2: u32;
  cost0: f64; cost1: f64; cost2: f64;

  windowFrac: f64;
  budget: f64;
  windowMax: f64;
  protectedMax: f64;
  share: f64;
  resizing: u32;

  sampleBelow: f64; // the miniatures' threshold on a hash's low half; 0 without miniatures
  established: u32; // tinylfu-admission.ts's ESTABLISHED
  admitWarm: u32; // and ADMIT_WARM
  random: u32;
  judged: i32;
  estimatedSlot: i32;
  estimate: u32;
  buffered: u32; // accesses in the context's ring (c.ring) not yet recorded in the sketch
  recorded: f64; // accesses recorded in the sketch (stats)

  // The eviction round under way (roundStart, roundNext).
  maxCost: f64;
  candidate: i32;
  candidates: i32;
  victimQueue: u32;
  victim: i32;

  victims: usize; // policyVictims' output, kept until the next call
  victimsBytes: usize;
}

// ─── lists ─────────────────────────────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline function headAt(w: WTinyLfu, list: u32): usize { return changetype<usize>(w) + offsetof<WTinyLfu>("head0") + (<usize>list << 2); }
// @ts-ignore: decorator
@inline function tailAt(w: WTinyLfu, list: u32): usize { return changetype<usize>(w) + offsetof<WTinyLfu>("tail0") + (<usize>list << 2); }
// @ts-ignore: decorator
@inline function lengthAt(w: WTinyLfu, list: u32): usize { return changetype<usize>(w) + offsetof<WTinyLfu>("length0") + (<usize>list << 2); }
// @ts-ignore: decorator
@inline function costAt(w: WTinyLfu, list: u32): usize { return changetype<usize>(w) + offsetof<WTinyLfu>("cost0") + (<usize>list << 3); }
// @ts-ignore: decorator
@inline function prevAt(w: WTinyLfu, slot: i32): usize { return w.links + (<usize>slot << 3); }
// @ts-ignore: decorator
@inline function nextAt(w: WTinyLfu, slot: i32): usize { return w.links + (<usize>slot << 3) + 4; }

// @ts-ignore: decorator
@inline function tailOf(w: WTinyLfu, list: u32): i32 { return load<i32>(tailAt(w, list)); }
// @ts-ignore: decorator
@inline function ownerOf(w: WTinyLfu, slot: i32): u32 { return load<u8>(w.owner + <usize>slot); }
/** The slot after `slot` toward the tail (older), or -1. */
// @ts-ignore: decorator
@inline function older(w: WTinyLfu, slot: i32): i32 { return load<i32>(nextAt(w, slot)); }
/** The slot before `slot` toward the head (newer), or -1. */
// @ts-ignore: decorator
@inline function newer(w: WTinyLfu, slot: i32): i32 { return load<i32>(prevAt(w, slot)); }
// @ts-ignore: decorator
@inline function addCost(w: WTinyLfu, list: u32, cost: f64): void { store<f64>(costAt(w, list), load<f64>(costAt(w, list)) + cost); }

function pushHead(w: WTinyLfu, slot: i32, list: u32): void {
  const h = load<i32>(headAt(w, list));
  store<i32>(prevAt(w, slot), -1);
  store<i32>(nextAt(w, slot), h);
  if (h >= 0) store<i32>(prevAt(w, h), slot);
  else store<i32>(tailAt(w, list), slot);
  store<i32>(headAt(w, list), slot);
  store<u8>(w.owner + <usize>slot, <u8>list);
  store<u32>(lengthAt(w, list), load<u32>(lengthAt(w, list)) + 1);
}

function pushTail(w: WTinyLfu, slot: i32, list: u32): void {
  const t = load<i32>(tailAt(w, list));
  store<i32>(nextAt(w, slot), -1);
  store<i32>(prevAt(w, slot), t);
  if (t >= 0) store<i32>(nextAt(w, t), slot);
  else store<i32>(headAt(w, list), slot);
  store<i32>(tailAt(w, list), slot);
  store<u8>(w.owner + <usize>slot, <u8>list);
  store<u32>(lengthAt(w, list), load<u32>(lengthAt(w, list)) + 1);
}

function unlink(w: WTinyLfu, slot: i32): void {
  const list = ownerOf(w, slot);
  if (list == NONE) return;
  const p = newer(w, slot);
  const n = older(w, slot);
  if (p >= 0) store<i32>(nextAt(w, p), n);
  else store<i32>(headAt(w, list), n);
  if (n >= 0) store<i32>(prevAt(w, n), p);
  else store<i32>(tailAt(w, list), p);
  store<u8>(w.owner + <usize>slot, <u8>NONE);
  store<u32>(lengthAt(w, list), load<u32>(lengthAt(w, list)) - 1);
}

function moveToHead(w: WTinyLfu, slot: i32, list: u32): void {
  if (load<i32>(headAt(w, list)) == slot) return;
  unlink(w, slot);
  pushHead(w, slot, list);
}

// ─── costs ─────────────────────────────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline function costOf(w: WTinyLfu, slot: i32): f64 {
  return w.costs == 0 ? 1 : load<f64>(w.costs + (<usize>slot << 3));
}

/** Stores a slot's cost, creating the cost table (every earlier cost 1) at the first other cost. */
function setCost(c: Context, w: WTinyLfu, slot: i32, cost: f64): void {
  if (w.costs == 0) {
    if (cost == 1) return;
    const costs = take(c, <usize>w.capacity << 3);
    for (let i: u32 = 0; i < w.capacity; i++) store<f64>(costs + (<usize>i << 3), 1);
    w.costs = costs;
  }
  store<f64>(w.costs + (<usize>slot << 3), cost);
}

// ─── set-up ────────────────────────────────────────────────────────────────────────────

/**
 * The cache's W-TinyLFU state, for `slots` slot ids, the window at `windowFrac` of `maxCost`;
 * the admission rule's constants and the ring's bound come from JavaScript, where they are defined.
 */
export function policyCreate(c: Context, slots: u32, windowFrac: f64, maxCost: f64, established: u32, admitWarm: u32, maxPending: u32): WTinyLfu {
  const w = changetype<WTinyLfu>(take(c, offsetof<WTinyLfu>()));
  w.maxPending = maxPending;
  w.windowFrac = windowFrac;
  w.established = established;
  w.admitWarm = admitWarm;
  w.estimatedSlot = -1;
  w.judged = -1;
  emptyLists(w);
  c.policy = changetype<usize>(w);
  policyReserve(c, w, slots);
  resize(w, maxCost);
  return w;
}

function emptyLists(w: WTinyLfu): void {
  for (let l: u32 = 0; l < 3; l++) {
    store<i32>(headAt(w, l), -1);
    store<i32>(tailAt(w, l), -1);
    store<u32>(lengthAt(w, l), 0);
    store<f64>(costAt(w, l), 0);
  }
}

/**
 * Makes slot ids below n usable (contents kept); the ring holds min(n, maxPending) slots. The
 * largest table moves first, so that the next one fits in the block it left (links 8 bytes per
 * slot, then marks at 4 for twice the slots, then the segments at 1): the memory a table frees
 * when it doubles serves the next table instead of staying in the arena (a WebAssembly memory
 * never shrinks). If memory runs out midway (a trap), the tables moved so far are larger than
 * `capacity` says: harmless, the next reserve() moves them again.
 */
export function policyReserve(c: Context, w: WTinyLfu, n: u32): void {
  const old = w.capacity;
  if (n <= old) return;
  if (w.costs != 0) {
    w.costs = retake(c, w.costs, <usize>old << 3, <usize>n << 3, <usize>old << 3);
    for (let i = old; i < n; i++) store<f64>(w.costs + (<usize>i << 3), 1);
  }
  w.links = retake(c, w.links, <usize>old << 3, <usize>n << 3, <usize>old << 3);
  w.marks = retake(c, w.marks, <usize>old << 2, <usize>n << 2, <usize>old << 2);
  w.owner = retake(c, w.owner, <usize>old, <usize>n, <usize>old);
  memory.fill(w.owner + <usize>old, <u8>NONE, <usize>(n - old));
  const ring = min<u32>(n, w.maxPending);
  if (ring > w.ringCapacity) {
    const bytes = <usize>w.ringCapacity << 2;
    w.ring = retake(c, w.ring, bytes, <usize>ring << 2, bytes);
    give(c, w.scratch, bytes); // taken again, at the new size, by the next drain that sorts by radix
    w.scratch = 0;
    w.ringCapacity = ring;
  }
  w.capacity = n;
}

/** Frees the policy's blocks (destroy). */
export function policyFree(c: Context): void {
  if (c.policy == 0) return;
  const w = changetype<WTinyLfu>(c.policy);
  const n = <usize>w.capacity;
  give(c, w.links, n << 3);
  give(c, w.owner, n);
  give(c, w.marks, n << 2);
  give(c, w.costs, n << 3);
  give(c, w.ring, <usize>w.ringCapacity << 2);
  give(c, w.scratch, <usize>w.ringCapacity << 2);
  give(c, w.victims, w.victimsBytes);
  give(c, c.policy, offsetof<WTinyLfu>());
  c.policy = 0;
}

/** Forgets every entry and mark (cache.clear()); the window back at its initial share of `maxCost`. */
export function policyClear(c: Context, w: WTinyLfu, maxCost: f64): void {
  emptyLists(w);
  const n = <usize>w.capacity;
  memory.fill(w.owner, <u8>NONE, n);
  memory.fill(w.marks, 0, n << 2);
  give(c, w.costs, n << 3);
  w.costs = 0;
  w.estimatedSlot = -1;
  w.buffered = 0;
  resize(w, maxCost);
  w.resizing = 0;
}

// ─── the window's size ─────────────────────────────────────────────────────────────────

/** Sizes the window and protected maxima for a budget (the window at its initial share). */
function resize(w: WTinyLfu, maxCost: f64): void {
  w.budget = maxCost;
  if (isFinite(maxCost)) setLimits(w, max(min(1, maxCost), maxCost - Math.floor((1 - w.windowFrac) * maxCost)));
  else setShare(w, w.windowFrac);
}

/** Sizes the window at `share` of the budget (any budget, unbounded included). */
function setShare(w: WTinyLfu, share: f64): void {
  if (isFinite(w.budget)) {
    setLimits(w, share * w.budget);
    return;
  }
  w.windowMax = Infinity;
  w.protectedMax = Infinity;
  w.share = share;
}

/** The window's and protected's maxima for the (finite) budget. */
function setLimits(w: WTinyLfu, windowMax: f64): void {
  w.windowMax = windowMax;
  w.protectedMax = PROTECTED_SHARE * (w.budget - windowMax);
  w.share = windowMax / w.budget;
}

/** The budget changed: keep the window's share (the caller rebuilt the miniatures). */
export function policyRescale(c: Context, w: WTinyLfu, maxCost: f64): void {
  w.budget = maxCost;
  setShare(w, w.share);
  demoteProtected(w);
}

/** load(): the window's share as the dump left it. */
export function policySetShare(c: Context, w: WTinyLfu, share: f64): void {
  setShare(w, share);
}

/** Resizes the window to `share` of the budget; the entries follow (moveToSplit). */
function setWindow(w: WTinyLfu, share: f64): void {
  const budget = w.budget;
  if (isFinite(budget)) setLimits(w, max(min(1, budget), min(budget, share * budget)));
  else setShare(w, share);
  demoteProtected(w);
  w.resizing = 1;
  moveToSplit(w, QUEUE_TRANSFER);
}

/**
 * Moves up to `limit` entries so that the segments match the window's size: a larger window
 * takes main's LRU entries (probation's, then protected's) as its oldest, a smaller one hands
 * its LRU entries to probation.
 */
function moveToSplit(w: WTinyLfu, limit: i32): void {
  let moved: i32 = 0;
  for (; moved < limit && w.cost0 < w.windowMax; moved++) {
    let slot = tailOf(w, PROBATION);
    let from = PROBATION;
    if (slot < 0) {
      slot = tailOf(w, PROTECTED);
      from = PROTECTED;
    }
    if (slot < 0 || w.cost0 + costOf(w, slot) > w.windowMax) break;
    const cost = costOf(w, slot);
    unlink(w, slot);
    pushTail(w, slot, WINDOW);
    addCost(w, from, -cost);
    addCost(w, WINDOW, cost);
  }
  moved += spillWindow(w, limit - moved);
  w.resizing = moved == limit ? 1 : 0;
}

/** Moves window overflow (LRU first) to probation's MRU end, at most `limit`; returns how many. */
function spillWindow(w: WTinyLfu, limit: i32): i32 {
  let moved: i32 = 0;
  while (moved < limit && w.cost0 > w.windowMax) {
    const slot = tailOf(w, WINDOW);
    if (slot < 0) break;
    moveSegment(w, slot, WINDOW, PROBATION);
    moved++;
  }
  return moved;
}

/** Moves protected overflow (LRU first) back to probation's MRU end. */
function demoteProtected(w: WTinyLfu): void {
  while (w.cost2 > w.protectedMax) {
    const slot = tailOf(w, PROTECTED);
    if (slot < 0) break;
    moveSegment(w, slot, PROTECTED, PROBATION);
  }
}

function moveSegment(w: WTinyLfu, slot: i32, from: u32, to: u32): void {
  const cost = costOf(w, slot);
  unlink(w, slot);
  pushHead(w, slot, to);
  addCost(w, from, -cost);
  addCost(w, to, cost);
}

// ─── accesses ──────────────────────────────────────────────────────────────────────────

/**
 * Buffers one access of a resident slot (its stored hash) in the context's ring, recorded in the
 * sketch when the ring fills or an estimate is read (flushRing). The sketch grows with the slot
 * table, so when records land matters: buffered, they land where they always did.
 */
// @ts-ignore: decorator
@inline
function record(c: Context, w: WTinyLfu, slot: i32): void {
  store<u64>(c.ring + (<usize>w.buffered << 3), load<u64>(c.hashes + (<usize>slot << 3)));
  if (++w.buffered == c.ringCapacity) flushRing(c, w);
}

/** Records the buffered accesses in the sketch. */
function flushRing(c: Context, w: WTinyLfu): void {
  const n = w.buffered;
  if (n == 0) return;
  sketchRecord(c, c.ring, n);
  w.recorded += <f64>n;
  w.buffered = 0;
}

/** flush(): applies the pending hits and records every buffered access. */
export function policyFlush(c: Context, w: WTinyLfu, count: u32, hits: u32): void {
  if (count != 0) policyDrain(c, w, count, hits);
  flushRing(c, w);
}

/** A resident slot's frequency estimate, every buffered access recorded first (hint()). */
export function policyEstimate(c: Context, w: WTinyLfu, slot: i32): u32 {
  flushRing(c, w);
  return sketchEstimate(c, load<u64>(c.hashes + (<usize>slot << 3)));
}

/** Hands a slot's accesses to the miniatures if its key is in their sample. */
function sampleSlot(c: Context, w: WTinyLfu, slot: i32, count: u32): void {
  const below = w.sampleBelow;
  if (below == 0) return;
  const lo = load<u32>(c.hashes + (<usize>slot << 3));
  if (<f64>lo >= below) return;
  const share = sampleHook(lo, count, w.cost0 + w.cost1 + w.cost2, w.length0 + w.length1 + w.length2);
  if (share >= 0) setWindow(w, share);
}

/**
 * Moves an accessed slot (a hit, an update) to the head of its segment; a probation hit earns
 * protection (if it fits there), and protected's overflow goes back to probation.
 */
function touch(w: WTinyLfu, slot: i32): void {
  const segment = ownerOf(w, slot);
  if (segment != PROBATION) {
    moveToHead(w, slot, segment);
    return;
  }
  const cost = costOf(w, slot);
  if (cost > w.protectedMax) {
    moveToHead(w, slot, PROBATION);
    return;
  }
  unlink(w, slot);
  pushHead(w, slot, PROTECTED);
  w.cost1 -= cost;
  w.cost2 += cost;
  demoteProtected(w);
}

/** Unlinks a slot from its segment (it leaves the cache) and drops its pending hits. */
function detach(w: WTinyLfu, slot: i32): void {
  const segment = ownerOf(w, slot);
  if (segment != NONE) {
    addCost(w, segment, -costOf(w, slot));
    unlink(w, slot);
  }
  store<u32>(w.marks + (<usize>slot << 2), 0);
  if (slot == w.estimatedSlot) w.estimatedSlot = -1;
}

/**
 * A hit applied at once (while batches are short), as a drain would apply it, but for the
 * miniatures: returns whether the slot's key is in their sample, and the caller then hands the
 * access over (policySample). So the common hit needs no sampler set up for the call.
 */
export function policyHitNow(c: Context, w: WTinyLfu, slot: i32): bool {
  record(c, w, slot);
  w.estimatedSlot = -1;
  touch(w, slot);
  return w.sampleBelow != 0 && <f64>load<u32>(c.hashes + (<usize>slot << 3)) < w.sampleBelow;
}

/** Hands `count` accesses of a slot to the miniatures if its key is in their sample. */
export function policySample(c: Context, w: WTinyLfu, slot: i32, count: u32): void {
  sampleSlot(c, w, slot, count);
}

/**
 * Applies the `count` pending slots of the ring (`hits` hits in all): each slot's hits go to the
 * sketch and the slot moves once, in order of its last hit; sampled keys' hits go to the
 * miniatures. The marks are zeroed. May grow memory (the radix sort's buffer, at its first use).
 */
export function policyDrain(c: Context, w: WTinyLfu, count: u32, hits: u32): void {
  const ring = w.ring;
  const marks = w.marks;
  const n = min(count, w.ringCapacity);
  if (!insertionSort(ring, <i32>n, marks, SHIFTS_PER_SLOT * <i32>n)) {
    // Only batches with many slots out of order (long runs of reads) need the second buffer.
    if (w.scratch == 0) w.scratch = take(c, <usize>w.ringCapacity << 2);
    radixSort(ring, w.scratch, n, marks, hits);
  }
  for (let i: u32 = 0; i < n; i++) {
    const slot = load<i32>(ring + (<usize>i << 2));
    const at = marks + (<usize>slot << 2);
    const m = load<u32>(at);
    if (m == 0) continue; // forgotten
    store<u32>(at, 0);
    const times = m & COUNT_MASK;
    for (let t: u32 = 0; t < times; t++) record(c, w, slot);
    touch(w, slot);
    sampleSlot(c, w, slot, times);
  }
  w.estimatedSlot = -1;
}

/** Sorts keys[0, n) by mark; returns false (keys still a permutation) once `shifts` run out. */
function insertionSort(keys: usize, n: i32, marks: usize, shifts: i32): bool {
  for (let i: i32 = 1; i < n; i++) {
    const slot = load<i32>(keys + (<usize>i << 2));
    const m = load<u32>(marks + (<usize>slot << 2));
    let j = i - 1;
    while (j >= 0) {
      const other = load<i32>(keys + (<usize>j << 2));
      if (load<u32>(marks + (<usize>other << 2)) <= m) break;
      if (--shifts < 0) {
        store<i32>(keys + (<usize>(j + 1) << 2), slot);
        return false;
      }
      store<i32>(keys + (<usize>(j + 1) << 2), other);
      j--;
    }
    store<i32>(keys + (<usize>(j + 1) << 2), slot);
  }
  return true;
}

/** Sorts keys[0, n) by mark, least significant stamp byte first, through `scratch`. */
function radixSort(keys: usize, scratch: usize, n: u32, marks: usize, hits: u32): void {
  let from = keys;
  let to = scratch;
  const starts = changetype<usize>(memory.data(257 * 4));
  for (let shift: u32 = COUNT_BITS; shift < 32 && (hits >>> (shift - COUNT_BITS)) != 0; shift += 8) {
    memory.fill(starts, 0, 257 * 4);
    for (let i: u32 = 0; i < n; i++) {
      const b = (load<u32>(marks + (<usize>load<i32>(from + (<usize>i << 2)) << 2)) >>> shift) & 255;
      const at = starts + (<usize>(b + 1) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
    for (let b: u32 = 0; b < 256; b++) {
      const at = starts + (<usize>(b + 1) << 2);
      store<u32>(at, load<u32>(at) + load<u32>(starts + (<usize>b << 2)));
    }
    for (let i: u32 = 0; i < n; i++) {
      const slot = load<i32>(from + (<usize>i << 2));
      const at = starts + (<usize>((load<u32>(marks + (<usize>slot << 2)) >>> shift) & 255) << 2);
      const to_i = load<u32>(at);
      store<u32>(at, to_i + 1);
      store<i32>(to + (<usize>to_i << 2), slot);
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from != keys) memory.copy(keys, from, <usize>n << 2);
}

// ─── writes ────────────────────────────────────────────────────────────────────────────

/**
 * An insert's first part: records the newcomer's access (counted on insert, not at the get()
 * miss before it), then applies the `count` pending slots (`hits` hits).
 */
export function policyTakeStart(c: Context, w: WTinyLfu, slot: i32, count: u32, hits: u32): void {
  record(c, w, slot);
  w.estimatedSlot = -1;
  if (count != 0) policyDrain(c, w, count, hits);
}

/**
 * An insert's second part: the newcomer enters the window's MRU end; returns how many entries
 * the window's overflow moved to probation's MRU end (the candidates for the main space).
 */
export function policyTakeEnd(c: Context, w: WTinyLfu, slot: i32, cost: f64): i32 {
  if (cost != 1 || w.costs != 0) setCost(c, w, slot, cost);
  pushHead(w, slot, WINDOW);
  w.cost0 += cost;
  if (w.resizing != 0) moveToSplit(w, RESIZE_STEP);
  sampleSlot(c, w, slot, 1);
  return spillWindow(w, ALL);
}

/** insert(): both parts of taking a newcomer in, nothing evicted. */
export function policyInsert(c: Context, w: WTinyLfu, slot: i32, cost: f64, count: u32, hits: u32): void {
  policyTakeStart(c, w, slot, count, hits);
  policyTakeEnd(c, w, slot, cost);
}

/** set() replaced a resident slot's value; its cost is now `cost`. Pending hits are applied first. */
export function policyUpdate(c: Context, w: WTinyLfu, slot: i32, cost: f64, count: u32, hits: u32): void {
  if (count != 0) policyDrain(c, w, count, hits);
  const previous = costOf(w, slot);
  if (cost != previous) {
    addCost(w, ownerOf(w, slot), cost - previous);
    setCost(c, w, slot, cost);
  }
  touch(w, slot);
  sampleSlot(c, w, slot, 1);
}

/** A slot left for a reason the policy did not choose (delete, expiry). */
export function policyRemove(c: Context, w: WTinyLfu, slot: i32): void {
  detach(w, slot);
}

// ─── eviction rounds ───────────────────────────────────────────────────────────────────

/**
 * Opens an eviction round with `candidates` entries just moved to probation (the newest
 * candidates at probation's MRU end), the window's further overflow added, and returns its
 * first victim (roundNext). `maxCost`: a candidate costing more can never fit.
 */
export function policyRoundStart(c: Context, w: WTinyLfu, candidates: i32, maxCost: f64): i32 {
  candidates += spillWindow(w, ALL);
  w.maxCost = maxCost;
  w.candidates = candidates;
  w.candidate = candidates > 0 ? load<i32>(headAt(w, PROBATION)) : -1;
  w.victimQueue = PROBATION;
  w.victim = tailOf(w, PROBATION);
  return policyRoundNext(c, w);
}

/**
 * The round's next victim, unlinked (-1: nothing left): the candidates (newest first) are judged
 * against probation's victims from the LRU end; with no candidates left, the window's LRU entry
 * competes; with no victim in probation, protected's and then the window's LRU entries go.
 */
export function policyRoundNext(c: Context, w: WTinyLfu): i32 {
  let candidate = w.candidate;
  let candidates = w.candidates;
  let victim = w.victim;
  let evicted: i32 = -1;
  let searching = true;
  while (searching) {
    if (candidates <= 0) candidate = tailOf(w, WINDOW);
    if (candidate < 0 && victim < 0) {
      if (w.victimQueue == PROBATION) {
        w.victimQueue = PROTECTED;
        victim = tailOf(w, PROTECTED);
        continue;
      }
      if (w.victimQueue == PROTECTED) {
        w.victimQueue = WINDOW;
        victim = tailOf(w, WINDOW);
        continue;
      }
      searching = false;
      continue;
    }
    if (candidate < 0) {
      evicted = victim;
      victim = newer(w, victim);
    } else if (victim < 0 || candidate == victim || costOf(w, candidate) > w.maxCost) {
      // No victim, both picked the same entry, or the candidate can never fit: it goes.
      if (candidate == victim) victim = newer(w, victim);
      candidates--;
      evicted = candidate;
      candidate = candidates > 0 ? older(w, candidate) : -1;
    } else {
      candidates--;
      if (admit(c, w, candidate, victim)) {
        evicted = victim;
        victim = newer(w, victim);
        detach(w, evicted);
        // Read the candidate's older neighbour only now: it may have been the victim.
        candidate = candidates > 0 ? older(w, candidate) : -1;
        searching = false;
        continue;
      }
      evicted = candidate;
      candidate = candidates > 0 ? older(w, candidate) : -1;
    }
    detach(w, evicted);
    searching = false;
  }
  w.candidate = candidate;
  w.candidates = candidates;
  w.victim = victim;
  return evicted;
}

/**
 * makeRoom() for a newcomer in one call (the common write into a full cache). Takes it in
 * (policyTakeStart, policyTakeEnd) and returns the round's first victim, which * may be the newcomer itself (refused), or -1.
 */
export function policyInsertEvict(c: Context, w: WTinyLfu, slot: i32, cost: f64, count: u32, hits: u32, maxCost: f64): i32 {
  policyTakeStart(c, w, slot, count, hits);
  return policyRoundStart(c, w, policyTakeEnd(c, w, slot, cost), maxCost);
}

/** TinyLFU's test on a candidate and a victim slot: their estimates, then admits(). */
function admit(c: Context, w: WTinyLfu, candidate: i32, victim: i32): bool {
  // The victim's estimate is reused while neither the victim nor the sketch changed (several
  // candidates may face one victim in a round; any record since resets estimatedSlot).
  flushRing(c, w);
  const candidateFrequency = sketchEstimate(c, load<u64>(c.hashes + (<usize>candidate << 3)));
  let victimFrequency: u32;
  if (victim == w.estimatedSlot) {
    victimFrequency = w.estimate;
  } else {
    victimFrequency = w.estimate = sketchEstimate(c, load<u64>(c.hashes + (<usize>victim << 3)));
    w.estimatedSlot = victim;
  }
  w.judged = candidate;
  return admits(c, w, candidateFrequency, victimFrequency);
}

/**
 * TinyLFU's rule on two estimates (src/policies/w-tinylfu/tinylfu-admission.ts says why): the
 * candidate must be more frequent than the victim, by two against an established victim; a warm
 * candidate that loses is still admitted when a random draw's low 7 bits are 0 (1 in 128).
 */
export function admits(c: Context, w: WTinyLfu, candidateFrequency: u32, victimFrequency: u32): bool {
  const bar = victimFrequency >= w.established ? victimFrequency + 1 : victimFrequency;
  if (candidateFrequency > bar) return true;
  if (candidateFrequency < w.admitWarm) return false;
  return (draw(c, w) & 127) == 0;
}

/** The warm admission's random draw: xorshift32, seeded at the first draw from the judged key's hash. */
function draw(c: Context, w: WTinyLfu): u32 {
  let x = w.random;
  if (x == 0) x = load<u32>(c.hashes + (<usize>w.judged << 3)) | 1;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  w.random = x;
  return x;
}

// ─── load() and inspection ─────────────────────────────────────────────────────────────

/** load(): a slot at the head of `segment`, its access recorded `records` times. */
export function policyRestore(c: Context, w: WTinyLfu, slot: i32, segment: u32, cost: f64, records: u32): void {
  if (cost != 1 || w.costs != 0) setCost(c, w, slot, cost);
  pushHead(w, slot, segment);
  addCost(w, segment, cost);
  for (let t: u32 = 0; t < records; t++) record(c, w, slot);
  w.estimatedSlot = -1;
}

/** load()'s end: as after an insert, protected's and the window's overflow move on. */
export function policyRestoreEnd(c: Context, w: WTinyLfu): void {
  demoteProtected(w);
  spillWindow(w, ALL);
}

/**
 * The resident slots in the order one round emptying the cache would evict them, without
 * changing any decision: the round runs on the real lists and the state is put back after.
 * Returns the address of `count` u32 slots (valid until the next call); count = policyResidents.
 */
export function policyVictims(c: Context, w: WTinyLfu, maxCost: f64): usize {
  const n = <usize>w.capacity;
  const count = w.length0 + w.length1 + w.length2;
  // The round's first estimate records the buffered accesses, for real (as the round it shows
  // would); so before the state is saved, lest putting it back record them again.
  flushRing(c, w);
  const out = take(c, <usize>max<u32>(count, 1) << 2);
  const saved = take(c, offsetof<WTinyLfu>());
  const links = take(c, n << 3);
  const owner = take(c, n);
  memory.copy(saved, changetype<usize>(w), offsetof<WTinyLfu>());
  memory.copy(links, w.links, n << 3);
  memory.copy(owner, w.owner, n);
  let found: u32 = 0;
  let slot = policyRoundStart(c, w, 0, maxCost);
  while (slot >= 0 && found < count) {
    store<u32>(out + (<usize>found << 2), slot);
    found++;
    if (found < count) slot = policyRoundNext(c, w);
  }
  // Detach zeroed the victims' marks, which were zero already (the caller drained them first).
  memory.copy(w.links, links, n << 3);
  memory.copy(w.owner, owner, n);
  memory.copy(changetype<usize>(w), saved, offsetof<WTinyLfu>());
  give(c, links, n << 3);
  give(c, owner, n);
  give(c, saved, offsetof<WTinyLfu>());
  give(c, w.victims, w.victimsBytes);
  w.victims = out;
  w.victimsBytes = <usize>max<u32>(count, 1) << 2;
  return out;
}

/** Entries in the three segments. */
export function policyResidents(c: Context, w: WTinyLfu): u32 {
  return w.length0 + w.length1 + w.length2;
}

/** A slot's segment (0 window, 1 probation, 2 protected, 3 none). */
export function policySegment(c: Context, w: WTinyLfu, slot: i32): u32 {
  return ownerOf(w, slot);
}

/** The window's current share of the budget. */
export function policyShare(c: Context, w: WTinyLfu): f64 {
  return w.share;
}

/** Accesses this cache's W-TinyLFU recorded in the sketch (stats); 0 for another policy. */
export function policyRecorded(c: Context): f64 {
  return c.policy == 0 ? 0 : changetype<WTinyLfu>(c.policy).recorded;
}

/** The miniatures' threshold on a hash's low half (0: no miniatures). */
export function policySampleBelow(c: Context, w: WTinyLfu, below: f64): void {
  w.sampleBelow = below;
}

/**
 * The slots of one segment from its MRU end (tests): writes their count, then the slots (u32
 * each), to the victims buffer and returns its address.
 */
export function policySegmentSlots(c: Context, w: WTinyLfu, segment: u32): usize {
  const count = load<u32>(lengthAt(w, segment));
  const bytes = (<usize>count + 1) << 2;
  const out = take(c, bytes);
  store<u32>(out, count);
  let slot = load<i32>(headAt(w, segment));
  for (let i: u32 = 0; slot >= 0 && i < count; i++) {
    store<i32>(out + (<usize>(i + 1) << 2), slot);
    slot = older(w, slot);
  }
  give(c, w.victims, w.victimsBytes);
  w.victims = out;
  w.victimsBytes = bytes;
  return out;
}

/** A segment's summed cost (tests). */
export function policySegmentCost(c: Context, w: WTinyLfu, segment: u32): f64 {
  return load<f64>(costAt(w, segment));
}

/** The warm admission's random state (tests: 0 means seeded at the next draw). */
export function policyRandom(c: Context, w: WTinyLfu): u32 {
  return w.random;
}

/** Sets the warm admission's random state (tests). */
export function policySetRandom(c: Context, w: WTinyLfu, state: u32): void {
  w.random = state;
}
