// The WebAssembly module's exports. One instance (an arena, src/wasm/realm.ts) serves many
// caches: create() carves a cache's context (context.ts) out of the arena's memory, every other
// export takes that context (its address, to JavaScript) first, and destroy() frees all of its
// blocks for the next cache; liveBytes tells JavaScript when an arena is full enough to start
// the next one. JavaScript passes 64-bit hashes as two 32-bit halves (lo, hi) so the hot path
// never builds a BigInt; the access ring is written directly by JavaScript through a
// typed-array view and drained here in one call per batch. Only what the library calls is
// exported (every export costs bytes in every bundle); the tests' probes are in testing.ts,
// built into a separate module.

import { Context, take, give } from "./context";
import { alloc, blockBytes, free } from "./memory";
import { join, RANDOM_START } from "./hash";
import { sketchInit, sketchRecord } from "./sketch";
import { slotsFree, slotEstimate } from "./slots";
import { indexGet, indexSet, indexDelete, indexClear } from "./hash-index";
import { policyFree } from "./w-tinylfu";

// Export names are two letters: each export's name is bytes in every bundle (as base64, which
// gzip barely shrinks), and only src/wasm/kernels.ts (KernelExports) calls them. `drain` keeps
// its name: it is how one recognises the kernels module (test/runtimes/node.test.ts does).
//   cr create        de destroy        sd seed                              sc sketchClear
//   sz slotsReserve  es slotEstimate   re residentsEnable ra residentAdd     rr residentRemove
//   rc residentsClear se sampledEvict  il indexLookup     ii indexInsert     ir indexRemove
//   ic indexClear    ep estimates (drain, then two slot estimates)        pv sampledPeek
//   lb liveBytes
// W-TinyLFU (w-tinylfu.ts), each taking the context and the policy's state:
//   wc create     wz reserve     wl clear       wr rescale      ws setShare     wh hitNow
//   wd drain      wt takeStart   wj takeEnd     wi insert       wu update       wm remove
//   wa roundStart wn roundNext   wx insertEvict wo restore      wp restoreEnd   wv victims
//   wk residents  wg segment     wq share       wy recorded     wb sampleBelow  wf flush
//   we estimate   wS sample
// Those that need no translation take the context as their first parameter directly.
export { create as cr, destroy as de, seed as sd, drain, estimates as ep, indexLookup as il, indexInsert as ii, indexRemove as ir };
export { indexClear as ic };
export { liveBytes as lb } from "./memory";
export {
  policyCreate as wc, policyReserve as wz, policyClear as wl, policyRescale as wr, policySetShare as ws,
  policyHitNow as wh, policyDrain as wd, policyTakeStart as wt, policyTakeEnd as wj, policyInsert as wi,
  policyUpdate as wu, policyRemove as wm, policyRoundStart as wa, policyRoundNext as wn,
  policyInsertEvict as wx, policyRestore as wo, policyRestoreEnd as wp, policyVictims as wv,
  policyResidents as wk, policySegment as wg, policyShare as wq, policyRecorded as wy,
  policySampleBelow as wb, policyFlush as wf, policyEstimate as we, policySample as wS,
} from "./w-tinylfu";
export { sketchClear as sc } from "./sketch";
export {
  slotsReserve as sz, slotEstimate as es, residentsEnable as re, residentAdd as ra, residentRemove as rr,
  residentsClear as rc, sampledEvict as se, sampledPeek as pv,
} from "./slots";

/**
 * A new cache's context: its frequency sketch and access ring. `sample` is how many recorded
 * accesses pass between agings; `doorkeeper` puts the bloom filter in front of the sketch. The
 * sketch starts small and grows to numCounters with the slots, `perSlot` counters per slot.
 * Slots, the resident set and the hash index come later, as the cache asks for them.
 * JavaScript finds the ring and the slot hashes in the context's first fields.
 */
function create(numCounters: u32, sample: u32, doorkeeper: bool, ringItems: u32, perSlot: f64): Context {
  const c = changetype<Context>(alloc(offsetof<Context>()));
  c.bytes = <u32>blockBytes(offsetof<Context>());
  c.rng = RANDOM_START;
  sketchInit(c, numCounters, sample, doorkeeper, perSlot);
  c.ringCapacity = max<u32>(ringItems, 1);
  c.ring = take(c, <usize>c.ringCapacity * 8);
  return c;
}

/** Frees every block of the cache (its address may be handed to the next create()). */
function destroy(c: Context): void {
  give(c, c.table, c.tableBytes);
  give(c, c.bits, c.bitBytes);
  give(c, c.ring, <usize>c.ringCapacity * 8);
  slotsFree(c);
  indexClear(c);
  policyFree(c);
  free(changetype<usize>(c), offsetof<Context>());
}

/** Seeds the sampler's random numbers (called lazily, at the first hashed key). */
function seed(c: Context, lo: u32, hi: u32): void {
  const s = join(lo, hi);
  c.rng = s == 0 ? RANDOM_START : s;
}

/** Records the first `count` hashes of the ring in the sketch. */
function drain(c: Context, count: u32): void {
  sketchRecord(c, c.ring, min(count, c.ringCapacity));
}

/**
 * An admission's whole sketch work in one call: drains the first `pending` ring entries, then
 * returns slot `a`'s estimate, with slot `b`'s (if b >= 0) in bits 8 and up. One call instead
 * of a drain and two estimates: each JavaScript-to-WebAssembly call costs more than the work.
 */
function estimates(c: Context, pending: u32, a: u32, b: i32): u32 {
  if (pending != 0) sketchRecord(c, c.ring, min(pending, c.ringCapacity));
  const ea = slotEstimate(c, a);
  return b < 0 ? ea : ea | (slotEstimate(c, <u32>b) << 8);
}

function indexLookup(c: Context, lo: u32, hi: u32): i32 {
  return indexGet(c, join(lo, hi));
}

function indexInsert(c: Context, lo: u32, hi: u32, value: u32): i32 {
  return indexSet(c, join(lo, hi), value);
}

function indexRemove(c: Context, lo: u32, hi: u32): i32 {
  return indexDelete(c, join(lo, hi));
}
