// Per-slot state the kernels need: each slot's 64-bit key hash (so the sketch is fed from the
// stored hash and a key is hashed once), and the dense array of resident slots that sampled-LFU
// eviction draws from. The dense array uses swap-remove, so adding, removing and drawing a
// uniform sample all cost O(1). The resident arrays exist only after residentsEnable(): only
// sampled-LFU uses them, and the other policies would pay 8 bytes per slot for nothing.

import { alloc, free } from "./memory";
import { randomBelow } from "./hash";
import { sketchEstimate } from "./sketch";

let capacity: u32 = 0;
let hashes: usize = 0; // u64 per slot
let dense: usize = 0; // u32 per resident: slot id; 0 until residentsEnable()
let position: usize = 0; // u32 per slot: index in dense + 1, 0 = not resident; 0 until then
let residents: u32 = 0;

// The current eviction sample (ristretto keeps the survivors of one admission's rounds).
const SAMPLE: u32 = 5;
let sample: usize = 0; // u32[SAMPLE]
let sampled: u32 = 0;

/** Makes room for slot ids below `n` (geometric growth, contents kept). */
export function slotsReserve(n: u32): void {
  if (n <= capacity) return;
  let cap: u32 = max<u32>(capacity, 16);
  while (cap < n) cap <<= 1;
  const nh = alloc(<usize>cap * 8);
  if (capacity != 0) {
    memory.copy(nh, hashes, <usize>capacity * 8);
    free(hashes, <usize>capacity * 8);
  }
  if (dense != 0) {
    const nd = alloc(<usize>cap * 4);
    const np = alloc(<usize>cap * 4);
    memory.copy(nd, dense, <usize>residents * 4);
    memory.copy(np, position, <usize>capacity * 4);
    free(dense, <usize>capacity * 4);
    free(position, <usize>capacity * 4);
    dense = nd;
    position = np;
  }
  if (sample == 0) sample = alloc(SAMPLE * 4);
  hashes = nh;
  capacity = cap;
}

export function slotsCapacity(): u32 {
  return capacity;
}

/** Address of the u64 hash array, for a typed-array view on the JS side. */
export function slotHashesPtr(): usize {
  return hashes;
}

// @ts-ignore: decorator
@inline
export function slotHash(slot: u32): u64 {
  return load<u64>(hashes + (<usize>slot << 3));
}

export function setSlotHash(slot: u32, h: u64): void {
  store<u64>(hashes + (<usize>slot << 3), h);
}

export function slotEstimate(slot: u32): u32 {
  return sketchEstimate(slotHash(slot));
}

/**
 * Allocates the resident set at the current capacity (it then grows with slotsReserve). May grow
 * memory, so the caller refreshes its views, as after slotsReserve.
 */
export function residentsEnable(): void {
  if (dense != 0) return;
  dense = alloc(<usize>max<u32>(capacity, 1) * 4);
  position = alloc(<usize>max<u32>(capacity, 1) * 4);
}

/** Adds a slot to the resident set sampled by sampled-LFU (after residentsEnable). */
export function residentAdd(slot: u32): void {
  if (position == 0) return; // not enabled: never write through a null base
  const at = position + (<usize>slot << 2);
  if (load<u32>(at) != 0) return;
  store<u32>(dense + (<usize>residents << 2), slot);
  residents++;
  store<u32>(at, residents);
}

/** Removes a slot from the resident set (swap-remove) and from the current sample. */
export function residentRemove(slot: u32): void {
  if (position == 0) return;
  const at = position + (<usize>slot << 2);
  const pos = load<u32>(at);
  if (pos == 0) return;
  residents--;
  const last = load<u32>(dense + (<usize>residents << 2));
  store<u32>(dense + (<usize>(pos - 1) << 2), last);
  store<u32>(position + (<usize>last << 2), pos);
  store<u32>(at, 0);
  for (let i: u32 = 0; i < sampled; i++) {
    if (load<u32>(sample + (<usize>i << 2)) == slot) {
      sampled--;
      store<u32>(sample + (<usize>i << 2), load<u32>(sample + (<usize>sampled << 2)));
      break;
    }
  }
}

export function residentCount(): u32 {
  return residents;
}

export function residentsClear(): void {
  for (let i: u32 = 0; i < residents; i++) {
    store<u32>(position + (<usize>load<u32>(dense + (<usize>i << 2)) << 2), 0);
  }
  residents = 0;
  sampled = 0;
}

/** Starts a new admission: forgets the previous sample. */
export function sampleReset(): void {
  sampled = 0;
}

/**
 * One round of ristretto's admission loop: tops the sample up to five distinct residents
 * (never `exclude`, the incoming slot), then returns the one with the lowest estimate and drops
 * it from the sample, or returns -1 when `incoming` (the newcomer's estimate) is below that
 * lowest estimate: the newcomer is rejected. Ties admit. Pass incoming = -1 to always evict.
 */
export function sampleVictim(exclude: i32, incoming: i32): i32 {
  const available = residents - (exclude >= 0 && position != 0 && load<u32>(position + (<usize>exclude << 2)) != 0 ? 1 : 0);
  const want = min<u32>(SAMPLE, available);
  let attempts: u32 = 0;
  while (sampled < want && attempts < 64) {
    attempts++;
    const slot = load<u32>(dense + (<usize>randomBelow(residents) << 2));
    if (<i32>slot == exclude) continue;
    let dup = false;
    for (let i: u32 = 0; i < sampled; i++) {
      if (load<u32>(sample + (<usize>i << 2)) == slot) { dup = true; break; }
    }
    if (dup) continue;
    store<u32>(sample + (<usize>sampled << 2), slot);
    sampled++;
  }
  if (sampled == 0) return -1;
  let best: u32 = 0;
  let bestEstimate = slotEstimate(load<u32>(sample));
  for (let i: u32 = 1; i < sampled; i++) {
    const e = slotEstimate(load<u32>(sample + (<usize>i << 2)));
    if (e < bestEstimate) { bestEstimate = e; best = i; }
  }
  if (incoming >= 0 && <u32>incoming < bestEstimate) return -1;
  const victim = load<u32>(sample + (<usize>best << 2));
  sampled--;
  store<u32>(sample + (<usize>best << 2), load<u32>(sample + (<usize>sampled << 2)));
  return <i32>victim;
}
