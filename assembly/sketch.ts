// Count-min sketch of 4-bit saturating counters, depth 4, for TinyLFU frequency estimates.
// Each row is indexed by its own avalanche-mixed hash (independent rows), updates are
// conservative (only the rows at the current minimum grow, which never under-counts and
// over-counts less), and after `sampleSize` recorded accesses every counter is halved and the
// doorkeeper cleared, so old popularity fades. The state is the cache's context; the drain loop
// reads its fields into locals once per batch (stores through the table would otherwise make
// the compiler reload them for every access).
//
// The sketch follows what the cache holds, as Caffeine's does: it starts at the least width and
// doubles with the cache's slot table (sketchFit, called when slots are reserved), keeping
// `perSlot` counters per row for each slot, up to the width numCounters asks for. A cache of
// maxCost 1e6 holding one key so takes a few hundred bytes instead of megabytes. Growing loses
// nothing: a key's counter is the top log2(width) bits of its mix, so at twice the width its
// counter is one of the two halves of the old one, and both halves start with the old count.
// Every estimate is the same just after growing, and collisions only get rarer from there.

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

// Spreads 8 counters (32 bits) over 64 bits, each counter twice: counter i becomes 2i and 2i+1.
// @ts-ignore: decorator
@inline
function doubled(x: u64): u64 {
  x = (x | (x << 16)) & 0x0000ffff0000ffff;
  x = (x | (x << 8)) & 0x00ff00ff00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0f;
  return x | (x << 4);
}

/** Doubles the width: counter i of each row becomes counters 2i and 2i+1, both with its count. */
function sketchDouble(c: Context): void {
  const old = c.table;
  const oldBytes = c.tableBytes;
  const oldWords = c.rowWords;
  const table = take(c, <usize>oldBytes * 2); // first: if memory is exhausted, nothing changed
  const words = <usize>oldWords * DEPTH;
  for (let w: usize = 0; w < words; w++) {
    const x = load<u64>(old + (w << 3));
    store<u64>(table + (w << 4), doubled(x & 0xffffffff));
    store<u64>(table + (w << 4), doubled(x >> 32), 8);
  }
  give(c, old, oldBytes);
  c.table = table;
  setWidth(c, oldWords << 5);
}

// Row indices: two independent 64-bit mixes of the key hash, each split into two 32-bit halves,
// give four independent row indices (the top log2(width) bits of each half). Two mixes instead
// of four halve the hashing work per access; the halves of a full-avalanche mix are independent.
const SEED_A: u64 = 0x243f6a8885a308d3; // digits of pi
const SEED_B: u64 = 0x13198a2e03707344;

// @ts-ignore: decorator
@inline
function counterAt(table: usize, rowWords: u32, row: u32, index: u32): usize {
  return table + (<usize>row * rowWords + <usize>(index >> 4)) * 8;
}

// @ts-ignore: decorator
@inline
function readCounter(table: usize, rowWords: u32, row: u32, index: u32): u32 {
  return <u32>(load<u64>(counterAt(table, rowWords, row, index)) >> ((<u64>index & 15) << 2)) & 15;
}

// @ts-ignore: decorator
@inline
function bump(table: usize, rowWords: u32, row: u32, index: u32): void {
  const at = counterAt(table, rowWords, row, index);
  store<u64>(at, load<u64>(at) + (<u64>1 << ((<u64>index & 15) << 2)));
}

/** The minimum of the key's four counters (no doorkeeper). */
export function sketchMin(c: Context, h: u64): u32 {
  const table = c.table;
  const rowWords = c.rowWords;
  const shift = c.widthShift; // width >= 64, so the shift is at most 26
  const a = mix64(h ^ SEED_A);
  const b = mix64(h ^ SEED_B);
  const c0 = readCounter(table, rowWords, 0, <u32>a >>> shift);
  const c1 = readCounter(table, rowWords, 1, <u32>(a >> 32) >>> shift);
  const c2 = readCounter(table, rowWords, 2, <u32>b >>> shift);
  const c3 = readCounter(table, rowWords, 3, <u32>(b >> 32) >>> shift);
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
  const rowWords = c.rowWords;
  const shift = c.widthShift;
  const bits = c.bits;
  const bitMask = c.bitMask;
  const sampleSize = c.sampleSize;
  let additions = c.additions;
  for (let i: u32 = 0; i < n; i++) {
    const h = load<u64>(from + (<usize>i << 3));
    if (bits == 0 || doorkeeperAdd(bits, bitMask, h)) {
      const a = mix64(h ^ SEED_A);
      const b = mix64(h ^ SEED_B);
      const i0 = <u32>a >>> shift, i1 = <u32>(a >> 32) >>> shift;
      const i2 = <u32>b >>> shift, i3 = <u32>(b >> 32) >>> shift;
      const c0 = readCounter(table, rowWords, 0, i0), c1 = readCounter(table, rowWords, 1, i1);
      const c2 = readCounter(table, rowWords, 2, i2), c3 = readCounter(table, rowWords, 3, i3);
      const m = min(min(c0, c1), min(c2, c3));
      if (m < 15) {
        if (c0 == m) bump(table, rowWords, 0, i0);
        if (c1 == m) bump(table, rowWords, 1, i1);
        if (c2 == m) bump(table, rowWords, 2, i2);
        if (c3 == m) bump(table, rowWords, 3, i3);
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
