// One cache's state in its arena's linear memory: every kernel (sketch, doorkeeper, access ring,
// slot hashes, resident sampler, hash index, random numbers) keeps its fields here instead of in
// module globals, so one instance serves many caches (an arena, src/wasm/realm.ts) and each
// cache is a region of its memory. Exports take the context's address first. Every block a
// cache allocates goes through take()/give(), which keep `bytes`, so destroy() can free it all
// and JavaScript can report a cache's footprint. A policy whose whole state moves into
// WebAssembly adds its fields here and its tables through take()/retake(), sized like the slot
// table: they follow what the cache holds and are freed with it.

import { alloc, free, blockBytes, resize } from "./memory";

@unmanaged
export class Context {
  // JavaScript reads the first three fields at fixed offsets (src/wasm/kernels.ts): keep them first.
  /** Bytes of every block this cache holds, the context included. */
  bytes: u32;
  /** The access ring JavaScript fills with u64 hashes (`ringCapacity` of them). */
  ring: usize;
  /** Slot hashes (slots.ts), u64 per slot, `capacity` of them. */
  hashes: usize;

  // Count-min sketch (sketch.ts): DEPTH rows of `rowWords` u64 words of 4-bit counters. It starts
  // small and doubles with the slot table (sketchFit), up to the width `counters` asks for.
  table: usize;
  counters: u32; // numCounters: the most counters per row (and keys for the doorkeeper) wanted
  perSlot: f64; // counters per row wanted per slot of the slot table
  keeper: u32; // 1: a doorkeeper in front of the sketch
  tableBytes: u32;
  widthShift: u32; // 32 - log2(width)
  rowWords: u32;
  sampleSize: u32; // recorded accesses between agings
  additions: u32;
  resets: u32;

  // Doorkeeper (doorkeeper.ts); bits == 0: no doorkeeper.
  bits: usize;
  bitMask: u32;
  bitBytes: u32;

  ringCapacity: u32;

  // Slots (slots.ts): hashes per slot; the resident set only after residentsEnable().
  capacity: u32;
  dense: usize; // u32 per resident: slot id
  position: usize; // u32 per slot: index in dense + 1, 0 = not resident
  residents: u32;
  sampled: u32; // slots held in s0..s4, the current eviction sample
  peeked: u32; // 1: the sample was drawn by sampledPeek and the next eviction starts from it
  s0: u32;
  s1: u32;
  s2: u32;
  s3: u32;
  s4: u32;

  // Hash index (hash-index.ts): 0 until the first insert.
  shards: usize;
  indexTotal: u32;

  rng: u64; // xorshift64* state (hash.ts)

  // W-TinyLFU's state (w-tinylfu.ts), for a cache of that policy; 0 otherwise.
  policy: usize;
}

/** Allocates `bytes` (zero-filled) on behalf of the cache. */
export function take(c: Context, bytes: usize): usize {
  const ptr = alloc(bytes); // first: if memory is exhausted it traps, and the count stays right
  c.bytes += <u32>blockBytes(bytes);
  return ptr;
}

/** Resizes a block of the cache's, keeping its first `keep` bytes (memory.ts's resize). */
export function retake(c: Context, ptr: usize, bytes: usize, newBytes: usize, keep: usize): usize {
  const moved = resize(ptr, bytes, newBytes, keep);
  c.bytes += <u32>(blockBytes(newBytes) - (ptr == 0 ? 0 : blockBytes(bytes)));
  return moved;
}

/** Frees a block of the cache's (0 is ignored). */
export function give(c: Context, ptr: usize, bytes: usize): void {
  if (ptr == 0) return;
  c.bytes -= <u32>blockBytes(bytes);
  free(ptr, bytes);
}

/** Address of the cache's eviction sample (the five u32 fields s0..s4). */
// @ts-ignore: decorator
@inline
export function samplePtr(c: Context): usize {
  return changetype<usize>(c) + offsetof<Context>("s0");
}
