// The WebAssembly module's exports. JavaScript passes 64-bit hashes as two 32-bit halves
// (lo, hi) so the hot path never builds a BigInt; the access ring is written directly by
// JavaScript through a typed-array view and drained here in one call per batch. Only what the
// library calls is exported (every export costs bytes in every bundle); the tests' probes are in
// testing.ts, built into a separate module.

import { alloc } from "./memory";
import { join, seedRandom } from "./hash";
import { sketchInit, sketchIncrement, sketchClear } from "./sketch";
import {
  slotsReserve, slotHashesPtr, slotEstimate, residentsEnable, residentAdd, residentRemove,
  residentsClear, sampleReset, sampleVictim,
} from "./slots";
import { indexGet, indexSet, indexDelete, indexClear } from "./hash-index";

export { slotsReserve, slotHashesPtr, slotEstimate, residentsEnable, residentAdd, residentRemove, residentsClear, sampleReset, sampleVictim };
export { sketchClear, indexClear };

let ring: usize = 0;
let ringCapacity: u32 = 0;

/**
 * Sets up the frequency sketch and the access ring. `sample` is how many recorded accesses
 * pass between agings; `doorkeeper` puts the bloom filter in front of the sketch.
 */
export function init(numCounters: u32, sample: u32, doorkeeper: bool, ringItems: u32): void {
  sketchInit(numCounters, sample, doorkeeper);
  ringCapacity = max<u32>(ringItems, 1);
  ring = alloc(<usize>ringCapacity * 8);
}

/** Seeds the sampler's random numbers (called lazily, at the first hashed key). */
export function seed(lo: u32, hi: u32): void {
  seedRandom(join(lo, hi));
}

/** Address of the ring of u64 hashes that JavaScript fills. */
export function ringPtr(): usize {
  return ring;
}

/** Records the first `count` hashes of the ring in the sketch. */
export function drain(count: u32): void {
  const n = min(count, ringCapacity);
  for (let i: u32 = 0; i < n; i++) sketchIncrement(load<u64>(ring + (<usize>i << 3)));
}

export function indexLookup(lo: u32, hi: u32): i32 {
  return indexGet(join(lo, hi));
}

export function indexInsert(lo: u32, hi: u32, value: u32): i32 {
  return indexSet(join(lo, hi), value);
}

export function indexRemove(lo: u32, hi: u32): i32 {
  return indexDelete(join(lo, hi));
}
