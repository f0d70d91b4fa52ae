// The kernels as the tests see them: every export of index.ts plus probes into each kernel
// (single increments and estimates, doorkeeper bits, counters of resets, index probe lengths,
// memory in use). Per-cache probes take the context first, like the shipped exports; usedBytes
// is the realm's. Built into build/cortado.testing.wasm with the same optimisation as the
// shipped module, so the tests exercise the same code; never shipped.

import { Context } from "./context";
import { usedBytes, liveBytes } from "./memory";
import { join } from "./hash";
import { sketchRecord, sketchEstimate, sketchMin, sketchReset as resetSketch } from "./sketch";
import { doorkeeperAdd, doorkeeperContains } from "./doorkeeper";
import { indexMaxProbe as maxProbe } from "./hash-index";

export * from "./index";
export { usedBytes, liveBytes };
// The sampler's steps, which the shipped module only reaches through sampledEvict.
export { sampleReset, sampleVictim } from "./slots";

/** Records one access (through the doorkeeper, if any), as a drain of one would. */
export function increment(c: Context, lo: u32, hi: u32): void {
  const ring = c.ring;
  const saved = load<u64>(ring);
  store<u64>(ring, join(lo, hi));
  sketchRecord(c, ring, 1);
  store<u64>(ring, saved);
}

export function estimate(c: Context, lo: u32, hi: u32): u32 {
  return sketchEstimate(c, join(lo, hi));
}

export function sketchMinimum(c: Context, lo: u32, hi: u32): u32 {
  return sketchMin(c, join(lo, hi));
}

export function sketchReset(c: Context): void {
  resetSketch(c);
}

export function sketchResets(c: Context): u32 {
  return c.resets;
}

export function sketchAdditions(c: Context): u32 {
  return c.additions;
}

export function doorkeeperPut(c: Context, lo: u32, hi: u32): bool {
  return doorkeeperAdd(c.bits, c.bitMask, join(lo, hi));
}

export function doorkeeperHas(c: Context, lo: u32, hi: u32): bool {
  return doorkeeperContains(c, join(lo, hi));
}

export function doorkeeperBits(c: Context): u32 {
  return c.bits == 0 ? 0 : c.bitMask + 1;
}

export function slotsCapacity(c: Context): u32 {
  return c.capacity;
}

export function residentCount(c: Context): u32 {
  return c.residents;
}

export function indexSize(c: Context): u32 {
  return c.indexTotal;
}

export function indexMaxProbe(c: Context): u32 {
  return maxProbe(c);
}

/** Bytes of every block the cache holds (what Kernels.memoryBytes reads from offset 0). */
export function regionBytes(c: Context): u32 {
  return c.bytes;
}

/** Counters per row of the sketch (it grows with the slots). */
export function sketchWidth(c: Context): u32 {
  return c.rowWords << 4;
}

/** Doorkeeper bytes (0: none). */
export function doorkeeperBytes(c: Context): u32 {
  return c.bits == 0 ? 0 : c.bitBytes;
}

/** Address of the sketch's table (to read what close() leaves in freed memory). */
export function sketchTable(c: Context): usize {
  return c.table;
}

// W-TinyLFU's segments and admission rule, as the tests read them (test/policies/w-tinylfu.test.ts,
// test/policies/tinylfu-admission.test.ts).
export { policySegmentSlots, policySegmentCost, policyRandom, policySetRandom } from "./w-tinylfu";
export { admits as policyAdmits } from "./w-tinylfu";
import { WTinyLfu } from "./w-tinylfu";

/** Bytes of W-TinyLFU's state block (its fields; the per-slot tables are blocks of their own). */
export function policyStateBytes(): usize {
  return offsetof<WTinyLfu>();
}
