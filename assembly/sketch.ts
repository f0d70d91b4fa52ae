// Count-min sketch of 4-bit saturating counters, depth 4, for TinyLFU frequency estimates.
// Each row is indexed by its own avalanche-mixed hash (independent rows), updates are
// conservative (only the rows at the current minimum grow, which never under-counts and
// over-counts less), and after `sampleSize` recorded accesses every counter is halved and the
// doorkeeper cleared, so old popularity fades.

import { alloc, free } from "./memory";
import { mix64 } from "./hash";
import { doorkeeperInit, doorkeeperAdd, doorkeeperContains, doorkeeperClear } from "./doorkeeper";

const DEPTH: u32 = 4;
const RESET_MASK: u64 = 0x7777777777777777;

let table: usize = 0; // DEPTH rows of `width` 4-bit counters, 16 per u64 word
let tableBytes: usize = 0;
let widthShift: u32 = 0; // 32 - log2(width)
let rowWords: usize = 0;
let useDoorkeeper: bool = true;
let sampleSize: u32 = 0;
let additions: u32 = 0;
let resets: u32 = 0;

/**
 * width = next power of two >= numCounters (at least 64); resets after `sample` increments.
 * With `doorkeeper`, a key's first sighting only enters the bloom filter.
 */
export function sketchInit(numCounters: u32, sample: u32, doorkeeper: bool): void {
  if (table != 0) free(table, tableBytes);
  let width: u32 = 64;
  while (width < numCounters && width < 0x40000000) width <<= 1;
  widthShift = 32 - (31 - <u32>clz(width));
  rowWords = <usize>(width >> 4);
  tableBytes = rowWords * 8 * DEPTH;
  table = alloc(tableBytes);
  useDoorkeeper = doorkeeper;
  if (doorkeeper) doorkeeperInit(numCounters);
  sampleSize = max<u32>(sample, 1);
  additions = 0;
  resets = 0;
}

// Row indices: two independent 64-bit mixes of the key hash, each split into two 32-bit halves,
// give four independent row indices (the top log2(width) bits of each half). Two mixes instead
// of four halve the hashing work per access; the halves of a full-avalanche mix are independent.
const SEED_A: u64 = 0x243f6a8885a308d3; // digits of pi
const SEED_B: u64 = 0x13198a2e03707344;

// @ts-ignore: decorator
@inline
function indexFromHalf(half: u32): u32 {
  return half >>> widthShift; // width >= 64, so the shift is at most 26
}

// @ts-ignore: decorator
@inline
function readCounter(row: u32, index: u32): u32 {
  const word = load<u64>(table + (<usize>row * rowWords + <usize>(index >> 4)) * 8);
  return <u32>(word >> ((<u64>index & 15) << 2)) & 15;
}

/** The minimum of the key's four counters (no doorkeeper). */
export function sketchMin(h: u64): u32 {
  const a = mix64(h ^ SEED_A);
  const b = mix64(h ^ SEED_B);
  const c0 = readCounter(0, indexFromHalf(<u32>a)), c1 = readCounter(1, indexFromHalf(<u32>(a >> 32)));
  const c2 = readCounter(2, indexFromHalf(<u32>b)), c3 = readCounter(3, indexFromHalf(<u32>(b >> 32)));
  return min(min(c0, c1), min(c2, c3));
}

/** TinyLFU's frequency estimate: sketch minimum, plus one if the doorkeeper has seen the key. */
export function sketchEstimate(h: u64): u32 {
  const m = sketchMin(h);
  return useDoorkeeper && doorkeeperContains(h) ? m + 1 : m;
}

/** Records one access of the key. */
export function sketchIncrement(h: u64): void {
  if (!useDoorkeeper || doorkeeperAdd(h)) {
    const a = mix64(h ^ SEED_A);
    const b = mix64(h ^ SEED_B);
    const i0 = indexFromHalf(<u32>a), i1 = indexFromHalf(<u32>(a >> 32));
    const i2 = indexFromHalf(<u32>b), i3 = indexFromHalf(<u32>(b >> 32));
    const c0 = readCounter(0, i0), c1 = readCounter(1, i1), c2 = readCounter(2, i2), c3 = readCounter(3, i3);
    const m = min(min(c0, c1), min(c2, c3));
    if (m < 15) {
      if (c0 == m) bump(0, i0);
      if (c1 == m) bump(1, i1);
      if (c2 == m) bump(2, i2);
      if (c3 == m) bump(3, i3);
    }
  }
  if (++additions >= sampleSize) sketchReset();
}

// @ts-ignore: decorator
@inline
function bump(row: u32, index: u32): void {
  const at = table + (<usize>row * rowWords + <usize>(index >> 4)) * 8;
  store<u64>(at, load<u64>(at) + (<u64>1 << ((<u64>index & 15) << 2)));
}

/** Ages the sketch: halves every counter and clears the doorkeeper. */
export function sketchReset(): void {
  const end = table + tableBytes;
  for (let p = table; p < end; p += 8) {
    store<u64>(p, (load<u64>(p) >> 1) & RESET_MASK);
  }
  if (useDoorkeeper) doorkeeperClear();
  additions = 0;
  resets++;
}

/** Forgets everything (cache.clear()). */
export function sketchClear(): void {
  memory.fill(table, 0, tableBytes);
  if (useDoorkeeper) doorkeeperClear();
  additions = 0;
}

export function sketchResets(): u32 {
  return resets;
}

export function sketchAdditions(): u32 {
  return additions;
}
