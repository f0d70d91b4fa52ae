// Sharded open-addressing hash index: 64-bit key hash -> u32 value. Linear probing with
// backward-shift deletion (no tombstones, so heavy insert/delete churn never degrades probes),
// and 16 independent shards chosen by the hash's top bits that each double on their own at 3/4
// load, so no single insert pays for rehashing the whole table. Keys are full 64-bit hashes;
// hash 0 is reserved for "empty" and callers' zero hashes are stored as 1.
//
// Only the ghost-keeping policies use it, so nothing is allocated before the first insert: the
// cache's context then gets a shard directory, and each shard its table at its own first insert.
// Clearing frees it all again.

import { Context, take, give } from "./context";

const SHARD_BITS: u32 = 4;
const SHARDS: u32 = 1 << SHARD_BITS;
const ENTRY: usize = 16; // u64 key, u32 value, u32 padding
const MIN_CAPACITY: u32 = 8;
// The shard directory: per shard, table address, capacity (0 = no table yet), count.
const SHARD: usize = 16;
const CAPACITY: usize = 4;
const COUNT: usize = 8;

// @ts-ignore: decorator
@inline
function normal(h: u64): u64 {
  return h == 0 ? 1 : h;
}

// @ts-ignore: decorator
@inline
function shardOf(c: Context, h: u64): usize {
  return c.shards + <usize>(h >> (64 - SHARD_BITS)) * SHARD;
}

/** The value stored for the hash, or -1. */
export function indexGet(c: Context, key: u64): i32 {
  if (c.shards == 0) return -1;
  const h = normal(key);
  const shard = shardOf(c, h);
  const capacity = load<u32>(shard, CAPACITY);
  if (capacity == 0) return -1;
  const table = load<usize>(shard);
  const mask = capacity - 1;
  let i = <u32>h & mask;
  while (true) {
    const at = table + <usize>i * ENTRY;
    const k = load<u64>(at);
    if (k == h) return load<i32>(at, 8);
    if (k == 0) return -1;
    i = (i + 1) & mask;
  }
  return -1;
}

/** Stores value for the hash (replacing any); returns the previous value or -1. */
export function indexSet(c: Context, key: u64, value: u32): i32 {
  if (c.shards == 0) c.shards = take(c, <usize>SHARDS * SHARD);
  const h = normal(key);
  const shard = shardOf(c, h);
  const count = load<u32>(shard, COUNT);
  if ((count + 1) * 4 > load<u32>(shard, CAPACITY) * 3) grow(c, shard);
  const table = load<usize>(shard);
  const mask = load<u32>(shard, CAPACITY) - 1;
  let i = <u32>h & mask;
  while (true) {
    const at = table + <usize>i * ENTRY;
    const k = load<u64>(at);
    if (k == h) {
      const previous = load<i32>(at, 8);
      store<u32>(at, value, 8);
      return previous;
    }
    if (k == 0) {
      store<u64>(at, h);
      store<u32>(at, value, 8);
      store<u32>(shard, count + 1, COUNT);
      c.indexTotal++;
      return -1;
    }
    i = (i + 1) & mask;
  }
  return -1;
}

/** Removes the hash; returns its value or -1. Backward-shifts the rest of the probe run. */
export function indexDelete(c: Context, key: u64): i32 {
  if (c.shards == 0) return -1;
  const h = normal(key);
  const shard = shardOf(c, h);
  const capacity = load<u32>(shard, CAPACITY);
  if (capacity == 0) return -1;
  const table = load<usize>(shard);
  const mask = capacity - 1;
  let i = <u32>h & mask;
  let at: usize;
  while (true) {
    at = table + <usize>i * ENTRY;
    const k = load<u64>(at);
    if (k == 0) return -1;
    if (k == h) break;
    i = (i + 1) & mask;
  }
  const removed = load<i32>(at, 8);
  // Backward shift: pull later entries of the run into the hole when their home allows it.
  let hole = i;
  let j = (i + 1) & mask;
  while (true) {
    const from = table + <usize>j * ENTRY;
    const k = load<u64>(from);
    if (k == 0) break;
    const home = <u32>k & mask;
    // The entry may move to `hole` if its home is not cyclically within (hole, j].
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      const to = table + <usize>hole * ENTRY;
      store<u64>(to, k);
      store<u32>(to, load<u32>(from, 8), 8);
      hole = j;
    }
    j = (j + 1) & mask;
  }
  const last = table + <usize>hole * ENTRY;
  store<u64>(last, 0);
  store<u32>(last, 0, 8);
  store<u32>(shard, load<u32>(shard, COUNT) - 1, COUNT);
  c.indexTotal--;
  return removed;
}

function grow(c: Context, shard: usize): void {
  const old = load<usize>(shard);
  const oldCapacity = load<u32>(shard, CAPACITY);
  const capacity = max<u32>(oldCapacity << 1, MIN_CAPACITY);
  const mask = capacity - 1;
  const table = take(c, <usize>capacity * ENTRY);
  for (let i: u32 = 0; i < oldCapacity; i++) {
    const from = old + <usize>i * ENTRY;
    const k = load<u64>(from);
    if (k == 0) continue;
    let j = <u32>k & mask;
    while (load<u64>(table + <usize>j * ENTRY) != 0) j = (j + 1) & mask;
    const to = table + <usize>j * ENTRY;
    store<u64>(to, k);
    store<u32>(to, load<u32>(from, 8), 8);
  }
  give(c, old, <usize>oldCapacity * ENTRY);
  store<usize>(shard, table);
  store<u32>(shard, capacity, CAPACITY);
}

/** Longest probe distance in any shard (for tests: backward shift keeps runs short). */
export function indexMaxProbe(c: Context): u32 {
  if (c.shards == 0) return 0;
  let worst: u32 = 0;
  for (let s: u32 = 0; s < SHARDS; s++) {
    const shard = c.shards + <usize>s * SHARD;
    const table = load<usize>(shard);
    const capacity = load<u32>(shard, CAPACITY);
    for (let i: u32 = 0; i < capacity; i++) {
      const k = load<u64>(table + <usize>i * ENTRY);
      if (k == 0) continue;
      const d = (i - (<u32>k & (capacity - 1))) & (capacity - 1);
      if (d > worst) worst = d;
    }
  }
  return worst;
}

/** Empties the index and frees its memory (it is allocated again at the next insert). */
export function indexClear(c: Context): void {
  const shards = c.shards;
  if (shards == 0) return;
  for (let s: u32 = 0; s < SHARDS; s++) {
    const shard = shards + <usize>s * SHARD;
    give(c, load<usize>(shard), <usize>load<u32>(shard, CAPACITY) * ENTRY);
  }
  give(c, shards, <usize>SHARDS * SHARD);
  c.shards = 0;
  c.indexTotal = 0;
}
