// Sharded open-addressing hash index: 64-bit key hash -> u32 value. Linear probing with
// backward-shift deletion (no tombstones, so heavy insert/delete churn never degrades probes),
// and 16 independent shards chosen by the hash's top bits that each double on their own at 3/4
// load, so no single insert pays for rehashing the whole table. Keys are full 64-bit hashes;
// hash 0 is reserved for "empty" and callers' zero hashes are stored as 1.

import { alloc, free } from "./memory";

const SHARD_BITS: u32 = 4;
const SHARDS: u32 = 1 << SHARD_BITS;
const ENTRY: usize = 16; // u64 key, u32 value, u32 padding
const MIN_CAPACITY: u32 = 8;

// Per shard: table pointer, capacity (power of two), count. Stored in three small arrays.
let tables: usize = 0;
let capacities: usize = 0;
let counts: usize = 0;
let total: u32 = 0;

function init(): void {
  tables = alloc(SHARDS * sizeof<usize>());
  capacities = alloc(SHARDS * 4);
  counts = alloc(SHARDS * 4);
  for (let s: u32 = 0; s < SHARDS; s++) {
    store<usize>(tables + (<usize>s << alignof<usize>()), alloc(<usize>MIN_CAPACITY * ENTRY));
    store<u32>(capacities + (<usize>s << 2), MIN_CAPACITY);
  }
}

// @ts-ignore: decorator
@inline
function normal(h: u64): u64 {
  return h == 0 ? 1 : h;
}

// @ts-ignore: decorator
@inline
function shardOf(h: u64): u32 {
  return <u32>(h >> (64 - SHARD_BITS));
}

/** The value stored for the hash, or -1. */
export function indexGet(key: u64): i32 {
  if (tables == 0) return -1;
  const h = normal(key);
  const s = shardOf(h);
  const table = load<usize>(tables + (<usize>s << alignof<usize>()));
  const mask = load<u32>(capacities + (<usize>s << 2)) - 1;
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
export function indexSet(key: u64, value: u32): i32 {
  if (tables == 0) init();
  const h = normal(key);
  const s = shardOf(h);
  const countAt = counts + (<usize>s << 2);
  const capacity = load<u32>(capacities + (<usize>s << 2));
  if ((load<u32>(countAt) + 1) * 4 > capacity * 3) grow(s);
  const table = load<usize>(tables + (<usize>s << alignof<usize>()));
  const mask = load<u32>(capacities + (<usize>s << 2)) - 1;
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
      store<u32>(countAt, load<u32>(countAt) + 1);
      total++;
      return -1;
    }
    i = (i + 1) & mask;
  }
  return -1;
}

/** Removes the hash; returns its value or -1. Backward-shifts the rest of the probe run. */
export function indexDelete(key: u64): i32 {
  if (tables == 0) return -1;
  const h = normal(key);
  const s = shardOf(h);
  const table = load<usize>(tables + (<usize>s << alignof<usize>()));
  const mask = load<u32>(capacities + (<usize>s << 2)) - 1;
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
  const countAt = counts + (<usize>s << 2);
  store<u32>(countAt, load<u32>(countAt) - 1);
  total--;
  return removed;
}

function grow(s: u32): void {
  const tableAt = tables + (<usize>s << alignof<usize>());
  const old = load<usize>(tableAt);
  const oldCapacity = load<u32>(capacities + (<usize>s << 2));
  const capacity = oldCapacity << 1;
  const mask = capacity - 1;
  const table = alloc(<usize>capacity * ENTRY);
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
  free(old, <usize>oldCapacity * ENTRY);
  store<usize>(tableAt, table);
  store<u32>(capacities + (<usize>s << 2), capacity);
}

export function indexSize(): u32 {
  return total;
}

/** Longest probe distance in any shard (for tests: backward shift keeps runs short). */
export function indexMaxProbe(): u32 {
  if (tables == 0) return 0;
  let worst: u32 = 0;
  for (let s: u32 = 0; s < SHARDS; s++) {
    const table = load<usize>(tables + (<usize>s << alignof<usize>()));
    const mask = load<u32>(capacities + (<usize>s << 2)) - 1;
    for (let i: u32 = 0; i <= mask; i++) {
      const k = load<u64>(table + <usize>i * ENTRY);
      if (k == 0) continue;
      const d = (i - (<u32>k & mask)) & mask;
      if (d > worst) worst = d;
    }
  }
  return worst;
}

/** Empties every shard and shrinks it back to its initial size. */
export function indexClear(): void {
  if (tables == 0) return;
  for (let s: u32 = 0; s < SHARDS; s++) {
    const tableAt = tables + (<usize>s << alignof<usize>());
    const capacityAt = capacities + (<usize>s << 2);
    free(load<usize>(tableAt), <usize>load<u32>(capacityAt) * ENTRY);
    store<usize>(tableAt, alloc(<usize>MIN_CAPACITY * ENTRY));
    store<u32>(capacityAt, MIN_CAPACITY);
    store<u32>(counts + (<usize>s << 2), 0);
  }
  total = 0;
}
