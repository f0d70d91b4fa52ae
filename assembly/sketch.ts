// Count-min sketch of 4-bit saturating counters, depth 4, for TinyLFU frequency estimates.
// A key's four counters lie in one 64-byte block (one cache line; layout below), each row's
// chosen by its own bits of an avalanche-mixed hash, updates are conservative (only the rows at
// the current minimum grow, which never under-counts and over-counts less), and after
// `sampleSize` recorded accesses every counter is halved and the doorkeeper cleared, so old
// popularity fades. The state is the cache's context; the drain loop reads its fields into
// locals once per batch (stores through the table would otherwise make the compiler reload them
// for every access).
//
// The sketch follows what the cache holds, as Caffeine's does: it starts at the least width and
// doubles with the cache's slot table (sketchFit, called when slots are reserved), keeping
// `perSlot` counters per row for each slot, up to the width numCounters asks for. A cache of
// maxCost 1e6 holding one key so takes a few hundred bytes instead of megabytes. Growing loses
// nothing: every estimate is the same just after growing (sketchDouble), and collisions only
// get rarer from there.

import { Context, take, give } from "./context";
import { mix64 } from "./hash";
import { doorkeeperInit, doorkeeperFit, doorkeeperAdd, doorkeeperContains, doorkeeperClear } from "./doorkeeper";

const DEPTH: u32 = 4;
const RESET_MASK: u64 = 0x7777777777777777;

const MIN_WIDTH: u32 = 64;

/** The least power of two >= `counters`, between MIN_WIDTH and 2^30. */
function widthFor(counters: f64): u32 {
  let width = MIN_WIDTH;
  while (<f64>width < counters && width < 0x40000000) width <<= 1;
  return width;
}

/**
 * A sketch of the least width that grows to the next power of two >= numCounters as slots are
 * reserved (`perSlot` counters per row per slot); resets after `sample` increments. With
 * `doorkeeper`, a key's first sighting only enters the bloom filter.
 */
export function sketchInit(c: Context, numCounters: u32, sample: u32, doorkeeper: bool, perSlot: f64): void {
  c.counters = numCounters;
  c.perSlot = perSlot;
  c.keeper = doorkeeper ? 1 : 0;
  c.sampleSize = max<u32>(sample, 1);
  setWidth(c, MIN_WIDTH);
  c.table = take(c, c.tableBytes);
  if (doorkeeper) doorkeeperInit(c, MIN_WIDTH);
}

function setWidth(c: Context, width: u32): void {
  c.widthShift = 32 - (31 - <u32>clz(width));
  c.rowWords = width >> 4;
  c.tableBytes = (width >> 4) * 8 * DEPTH;
}

/** The counters per row wanted for a slot table of `slots` (at most numCounters). */
function wanted(c: Context, slots: u32): f64 {
  return min(<f64>c.counters, <f64>slots * c.perSlot);
}

/** Grows the sketch (and doorkeeper) to what a slot table of `slots` asks for. May grow memory. */
export function sketchFit(c: Context, slots: u32): void {
  const counters = wanted(c, slots);
  const width = widthFor(counters);
  if ((c.rowWords << 4) >= width) return;
  if (c.additions == 0 && c.resets == 0) {
    // Nothing recorded yet (a new cache reserving its first slots): a fresh table of the full
    // width, whose untouched pages cost nothing until counters are written. Doubling would
    // write every byte of every size on the way.
    const table = take(c, <usize>(width >> 4) * 8 * DEPTH); // first: a trap changes nothing
    give(c, c.table, c.tableBytes);
    c.table = table;
    setWidth(c, width);
  } else {
    while ((c.rowWords << 4) < width) sketchDouble(c);
  }
  if (c.keeper != 0) doorkeeperFit(c, counters);
}

/** Doubles the width: block B becomes blocks 2B and 2B + 1, both copies of it (see below). */
function sketchDouble(c: Context): void {
  const old = c.table;
  const oldBytes = c.tableBytes;
  const oldWords = c.rowWords;
  const table = take(c, <usize>oldBytes * 2); // first: if memory is exhausted, nothing changed
  for (let from: usize = 0; from < <usize>oldBytes; from += 64) {
    const to = table + (from << 1);
    memory.copy(to, old + from, 64);
    memory.copy(to + 64, old + from, 64);
  }
  give(c, old, oldBytes);
  c.table = table;
  setWidth(c, oldWords << 5);
}

// Blocked layout (Caffeine's): the table is an array of 64-byte blocks, eight u64 words of 16
// counters each, and a key's four counters all lie in one block, so an increment or an estimate
// touches one cache line instead of four. Row r of a block is its words 2r and 2r + 1 (32
// counters). One full-avalanche mix of the key's hash gives the block (the top bits of its high
// half, as many as the table has blocks) and, from its low 20 bits, the word (1 bit) and the
// counter within it (4 bits) for each row: independent bits of the same mix.
//
// Doubling the table splits block B into blocks 2B and 2B + 1, both copies of B: a key's block
// gains one more bit of the mix and keeps its counters' places within the block, so every
// estimate is the same just after growing (see sketchDouble).
const SEED_A: u64 = 0x243f6a8885a308d3; // digits of pi

// @ts-ignore: decorator
@inline
function blockOf(table: usize, blockShift: u32, m: u64): usize {
  return table + (<usize>(<u32>(m >> 32) >>> blockShift) << 6);
}

// @ts-ignore: decorator
@inline
function wordOf(block: usize, row: u32, m: u64): usize {
  return block + (<usize>row << 4) + ((<usize>(m >> (row * 5)) & 1) << 3);
}

// @ts-ignore: decorator
@inline
function shiftOf(row: u32, m: u64): u64 {
  return ((m >> (row * 5 + 1)) & 15) << 2;
}

// @ts-ignore: decorator
@inline
function blockShiftOf(c: Context): u32 {
  return c.widthShift + 5; // a block holds 32 counters of each row: blocks = width / 32
}

/** The minimum of the key's four counters (no doorkeeper). */
export function sketchMin(c: Context, h: u64): u32 {
  const m = mix64(h ^ SEED_A);
  const block = blockOf(c.table, blockShiftOf(c), m);
  const c0 = <u32>(load<u64>(wordOf(block, 0, m)) >> shiftOf(0, m)) & 15;
  const c1 = <u32>(load<u64>(wordOf(block, 1, m)) >> shiftOf(1, m)) & 15;
  const c2 = <u32>(load<u64>(wordOf(block, 2, m)) >> shiftOf(2, m)) & 15;
  const c3 = <u32>(load<u64>(wordOf(block, 3, m)) >> shiftOf(3, m)) & 15;
  return min(min(c0, c1), min(c2, c3));
}

/** TinyLFU's frequency estimate: sketch minimum, plus one if the doorkeeper has seen the key. */
export function sketchEstimate(c: Context, h: u64): u32 {
  const m = sketchMin(c, h);
  return c.bits != 0 && doorkeeperContains(c, h) ? m + 1 : m;
}

/**
 * Records `n` accesses, the u64 hashes at `from` (the access ring), each behind the doorkeeper
 * if there is one; ages the sketch every `sampleSize` of them.
 */
export function sketchRecord(c: Context, from: usize, n: u32): void {
  const table = c.table;
  const blockShift = blockShiftOf(c);
  const bits = c.bits;
  const bitMask = c.bitMask;
  const sampleSize = c.sampleSize;
  let additions = c.additions;
  for (let i: u32 = 0; i < n; i++) {
    const h = load<u64>(from + (<usize>i << 3));
    if (bits == 0 || doorkeeperAdd(bits, bitMask, h)) {
      const m = mix64(h ^ SEED_A);
      const block = blockOf(table, blockShift, m);
      const w0 = wordOf(block, 0, m), w1 = wordOf(block, 1, m);
      const w2 = wordOf(block, 2, m), w3 = wordOf(block, 3, m);
      const s0 = shiftOf(0, m), s1 = shiftOf(1, m), s2 = shiftOf(2, m), s3 = shiftOf(3, m);
      const c0 = <u32>(load<u64>(w0) >> s0) & 15, c1 = <u32>(load<u64>(w1) >> s1) & 15;
      const c2 = <u32>(load<u64>(w2) >> s2) & 15, c3 = <u32>(load<u64>(w3) >> s3) & 15;
      const least = min(min(c0, c1), min(c2, c3));
      // Conservative update: only the rows at the minimum grow.
      if (least < 15) {
        if (c0 == least) store<u64>(w0, load<u64>(w0) + (<u64>1 << s0));
        if (c1 == least) store<u64>(w1, load<u64>(w1) + (<u64>1 << s1));
        if (c2 == least) store<u64>(w2, load<u64>(w2) + (<u64>1 << s2));
        if (c3 == least) store<u64>(w3, load<u64>(w3) + (<u64>1 << s3));
      }
    }
    if (++additions >= sampleSize) {
      sketchReset(c);
      additions = 0;
    }
  }
  c.additions = additions;
}

/** Ages the sketch: halves every counter and clears the doorkeeper. */
export function sketchReset(c: Context): void {
  const end = c.table + c.tableBytes;
  for (let p = c.table; p < end; p += 8) {
    store<u64>(p, (load<u64>(p) >> 1) & RESET_MASK);
  }
  doorkeeperClear(c);
  c.additions = 0;
  c.resets++;
}

/**
 * Forgets everything (cache.clear()): fresh blocks of the same sizes, which the allocator zeroes
 * only where memory was written; the old ones are freed, not zeroed.
 */
export function sketchClear(c: Context): void {
  give(c, c.table, c.tableBytes);
  c.table = 0; // a trap in take() leaves no dangling block behind
  c.table = take(c, c.tableBytes);
  doorkeeperClear(c);
  c.additions = 0;
}
