// The kernels as the tests see them: every export of index.ts plus probes into each kernel
// (single increments and estimates, doorkeeper bits, counters of resets, index probe lengths,
// memory in use). Built into build/cortado.testing.wasm with the same optimisation as the
// shipped module, so the tests exercise the same code; never shipped.

import { usedBytes } from "./memory";
import { join } from "./hash";
import { sketchIncrement, sketchEstimate, sketchMin, sketchReset, sketchResets, sketchAdditions } from "./sketch";
import { doorkeeperAdd, doorkeeperContains, doorkeeperBits } from "./doorkeeper";
import { slotsCapacity, residentCount } from "./slots";
import { indexSize, indexMaxProbe } from "./hash-index";

export * from "./index";
export { usedBytes, sketchReset, sketchResets, sketchAdditions, doorkeeperBits, slotsCapacity, residentCount, indexSize, indexMaxProbe };

export function increment(lo: u32, hi: u32): void {
  sketchIncrement(join(lo, hi));
}

export function estimate(lo: u32, hi: u32): u32 {
  return sketchEstimate(join(lo, hi));
}

export function sketchMinimum(lo: u32, hi: u32): u32 {
  return sketchMin(join(lo, hi));
}

export function doorkeeperPut(lo: u32, hi: u32): bool {
  return doorkeeperAdd(join(lo, hi));
}

export function doorkeeperHas(lo: u32, hi: u32): bool {
  return doorkeeperContains(join(lo, hi));
}
