// Per-slot state the kernels need: each slot's 64-bit key hash (so the sketch is fed from the
// stored hash and a key is hashed once), and the dense array of resident slots that sampled-LFU
// eviction draws from. The dense array uses swap-remove, so adding, removing and drawing a
// uniform sample all cost O(1). The resident arrays exist only after residentsEnable(): only
// sampled-LFU uses them, and the other policies would pay 8 bytes per slot for nothing. All of
// it is the cache's context (context.ts).

import { Context, take, give, retake, samplePtr } from "./context";
import { randomBelow } from "./hash";
import { sketchEstimate, sketchRecord, sketchFit } from "./sketch";

// The current eviction sample (ristretto keeps the survivors of one admission's rounds).
const SAMPLE: u32 = 5;

/** Makes room for slot ids below `n` (geometric growth, contents kept). */
export function slotsReserve(c: Context, n: u32): void {
  const capacity = c.capacity;
  if (n <= capacity) return;
  // 2^28 slots of 8-byte hashes are 2 GiB; twice that would wrap a 32-bit size to nothing.
  if (n > (<u32>1 << 28)) unreachable();
  let cap: u32 = max<u32>(capacity, 16);
  while (cap < n) cap <<= 1;
  c.hashes = retake(c, c.hashes, <usize>capacity * 8, <usize>cap * 8, <usize>capacity * 8);
  if (c.dense != 0) {
    const nd = take(c, <usize>cap * 4);
    const np = take(c, <usize>cap * 4);
    memory.copy(nd, c.dense, <usize>c.residents * 4);
    memory.copy(np, c.position, <usize>capacity * 4);
    give(c, c.dense, <usize>capacity * 4);
    give(c, c.position, <usize>capacity * 4);
    c.dense = nd;
    c.position = np;
  }
  c.capacity = cap;
  sketchFit(c, cap);
}

// @ts-ignore: decorator
@inline
export function slotHash(c: Context, slot: u32): u64 {
  return load<u64>(c.hashes + (<usize>slot << 3));
}

export function slotEstimate(c: Context, slot: u32): u32 {
  return sketchEstimate(c, slotHash(c, slot));
}

/**
 * Allocates the resident set at the current capacity (it then grows with slotsReserve). May grow
 * memory, so the caller refreshes its views, as after slotsReserve.
 */
export function residentsEnable(c: Context): void {
  if (c.dense != 0) return;
  // (At capacity 0 this takes the smallest class, which is also what freeing 0 * 4 bytes gives.)
  c.dense = take(c, <usize>c.capacity * 4);
  c.position = take(c, <usize>c.capacity * 4);
}

/** Adds a slot to the resident set sampled by sampled-LFU (after residentsEnable). */
export function residentAdd(c: Context, slot: u32): void {
  const position = c.position;
  if (position == 0) return; // not enabled: never write through a null base
  const at = position + (<usize>slot << 2);
  if (load<u32>(at) != 0) return;
  const residents = c.residents;
  store<u32>(c.dense + (<usize>residents << 2), slot);
  c.residents = residents + 1;
  store<u32>(at, residents + 1);
}

/** Removes a slot from the resident set (swap-remove) and from the current sample. */
export function residentRemove(c: Context, slot: u32): void {
  const position = c.position;
  if (position == 0) return;
  const at = position + (<usize>slot << 2);
  const pos = load<u32>(at);
  if (pos == 0) return;
  const dense = c.dense;
  const residents = c.residents - 1;
  c.residents = residents;
  const last = load<u32>(dense + (<usize>residents << 2));
  store<u32>(dense + (<usize>(pos - 1) << 2), last);
  store<u32>(position + (<usize>last << 2), pos);
  store<u32>(at, 0);
  dropFromSample(c, slot);
}

/** Takes a slot out of the current sample, if it is there. */
function dropFromSample(c: Context, slot: u32): void {
  const sample = samplePtr(c);
  const sampled = c.sampled;
  for (let i: u32 = 0; i < sampled; i++) {
    if (load<u32>(sample + (<usize>i << 2)) == slot) {
      c.sampled = sampled - 1;
      store<u32>(sample + (<usize>i << 2), load<u32>(sample + (<usize>(sampled - 1) << 2)));
      break;
    }
  }
}

export function residentsClear(c: Context): void {
  const position = c.position;
  const dense = c.dense;
  for (let i: u32 = 0; i < c.residents; i++) {
    store<u32>(position + (<usize>load<u32>(dense + (<usize>i << 2)) << 2), 0);
  }
  c.residents = 0;
  c.sampled = 0;
  c.peeked = 0;
}

/** Starts a new admission: forgets the previous sample. */
export function sampleReset(c: Context): void {
  c.sampled = 0;
  c.peeked = 0;
}

/**
 * One round of ristretto's admission loop: tops the sample up to five distinct residents
 * (never `exclude`, the incoming slot), then returns the one with the lowest estimate and drops
 * it from the sample, or returns -1 when `incoming` (the newcomer's estimate) is below that
 * lowest estimate: the newcomer is rejected. Ties admit. Pass incoming = -1 to always evict.
 */
export function sampleVictim(c: Context, exclude: i32, incoming: i32): i32 {
  const sample = samplePtr(c);
  let sampled = topUp(c, exclude);
  if (sampled == 0) return -1;
  const best = weakest(c);
  const bestEstimate = slotEstimate(c, load<u32>(sample + (<usize>best << 2)));
  if (incoming >= 0 && <u32>incoming < bestEstimate) return -1;
  const victim = load<u32>(sample + (<usize>best << 2));
  sampled--;
  c.sampled = sampled;
  store<u32>(sample + (<usize>best << 2), load<u32>(sample + (<usize>sampled << 2)));
  return <i32>victim;
}

/** Tops the sample up to five distinct residents, never `exclude`; returns how many it holds. */
function topUp(c: Context, exclude: i32): u32 {
  const position = c.position;
  const dense = c.dense;
  const residents = c.residents;
  const sample = samplePtr(c);
  let sampled = c.sampled;
  const available = residents - (exclude >= 0 && position != 0 && load<u32>(position + (<usize>exclude << 2)) != 0 ? 1 : 0);
  const want = min<u32>(SAMPLE, available);
  let attempts: u32 = 0;
  while (sampled < want && attempts < 64) {
    attempts++;
    const slot = load<u32>(dense + (<usize>randomBelow(c, residents) << 2));
    if (<i32>slot == exclude) continue;
    let dup = false;
    for (let i: u32 = 0; i < sampled; i++) {
      if (load<u32>(sample + (<usize>i << 2)) == slot) { dup = true; break; }
    }
    if (dup) continue;
    store<u32>(sample + (<usize>sampled << 2), slot);
    sampled++;
  }
  c.sampled = sampled;
  return sampled;
}

/** The index in the sample (not empty) of the entry with the lowest estimate, the first on ties. */
function weakest(c: Context): u32 {
  const sample = samplePtr(c);
  let best: u32 = 0;
  let bestEstimate = slotEstimate(c, load<u32>(sample));
  for (let i: u32 = 1; i < c.sampled; i++) {
    const e = slotEstimate(c, load<u32>(sample + (<usize>i << 2)));
    if (e < bestEstimate) { bestEstimate = e; best = i; }
  }
  return best;
}

/**
 * The resident the next eviction would take if it admits its newcomer (cache.peekVictim()),
 * changing nothing it would decide: drains the first `pending` ring entries (the eviction would
 * drain them first), draws the next sample now and keeps it for that eviction (`peeked`), which
 * then starts from it instead of a fresh one. So the random numbers are drawn once, by whichever
 * comes first. -1 when nothing is resident.
 */
export function sampledPeek(c: Context, pending: u32): i32 {
  if (pending != 0) sketchRecord(c, c.ring, min(pending, c.ringCapacity));
  if (c.peeked == 0) c.sampled = 0;
  c.peeked = 1;
  if (topUp(c, -1) == 0) return -1;
  return <i32>load<u32>(samplePtr(c) + (<usize>weakest(c) << 2));
}

/**
 * One eviction of the sampled-LFU policy (src/policies/tinylfu.ts) in one call, since each
 * JavaScript-to-WebAssembly call costs more than this work: drains the first `pending` ring
 * entries, starts a new sample when `fresh`, and returns the weakest sampled resident if the
 * incoming slot (-1: none) is not weaker (its estimate less one from `established` on, see
 * tinylfu.ts); otherwise the incoming slot itself, refused. The returned slot leaves the
 * resident set; -1 when there is nothing to evict.
 */
export function sampledEvict(c: Context, pending: u32, incoming: i32, fresh: bool, established: u32): i32 {
  if (pending != 0) sketchRecord(c, c.ring, min(pending, c.ringCapacity));
  if (c.peeked != 0) {
    // The sample sampledPeek drew is this eviction's, less the newcomer if it is in it (an
    // update that grew its cost).
    c.peeked = 0;
    if (incoming >= 0) dropFromSample(c, <u32>incoming);
  } else if (fresh) {
    c.sampled = 0;
  }
  let estimate: i32 = -1;
  if (incoming >= 0) {
    const e = slotEstimate(c, <u32>incoming);
    estimate = <i32>(e >= established ? e - 1 : e);
  }
  let victim = sampleVictim(c, incoming, estimate);
  if (victim < 0) victim = incoming;
  if (victim >= 0) residentRemove(c, <u32>victim);
  return victim;
}

/** Frees the slot arrays (destroy). */
export function slotsFree(c: Context): void {
  const capacity = <usize>c.capacity;
  give(c, c.hashes, capacity * 8);
  give(c, c.dense, capacity * 4);
  give(c, c.position, capacity * 4);
}
