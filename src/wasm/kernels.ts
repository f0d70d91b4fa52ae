// One cache's instance of the WebAssembly kernels (sketch, doorkeeper, slot hashes, resident
// sampler, hash index) and the JavaScript side of the access ring. Each cache owns its own
// instance and linear memory, so close() frees it all by dropping the instance.
//
// Linear memory can grow inside any call that allocates (reserve, index inserts); growing
// detaches the old ArrayBuffer, so every such call refreshes `u32` before returning.

import { kernelsModule } from './module.js';

/** The raw exports of assembly/index.ts. 64-bit hashes travel as (lo, hi) 32-bit halves. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  init(numCounters: number, sample: number, doorkeeper: number, ringItems: number): void;
  seed(lo: number, hi: number): void;
  ringPtr(): number;
  drain(count: number): void;
  sketchClear(): void;
  slotsReserve(n: number): void;
  slotHashesPtr(): number;
  slotEstimate(slot: number): number;
  residentsEnable(): void;
  residentAdd(slot: number): void;
  residentRemove(slot: number): void;
  residentsClear(): void;
  sampleReset(): void;
  sampleVictim(exclude: number, incoming: number): number;
  indexLookup(lo: number, hi: number): number;
  indexInsert(lo: number, hi: number, value: number): number;
  indexRemove(lo: number, hi: number): number;
  indexClear(): void;
}

/** How the sketch is set up. */
export interface SketchConfig {
  /** Counters per row (rounded up to a power of two). */
  numCounters: number;
  /** Recorded accesses between agings (halving). */
  sampleSize: number;
  /** Put the bloom-filter doorkeeper in front of the sketch (TinyLFU); W-TinyLFU does not. */
  doorkeeper: boolean;
  /** Accesses buffered in the ring before one drain call. */
  ringItems: number;
}

export class Kernels {
  readonly exports: KernelExports;
  /** View on all of linear memory; refreshed after any call that may grow memory. */
  u32: Uint32Array;
  private readonly ringBase: number;
  private readonly ringCapacity: number;
  private ringCount = 0;
  private hashBase = 0;
  /** Accesses recorded into the sketch so far (stats: getsKept). */
  recorded = 0;

  /** Builds the instance; its sampler is seeded later with seed() (no random values here). */
  constructor(sketch: SketchConfig, module?: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module ?? kernelsModule(), {});
    this.exports = instance.exports as unknown as KernelExports;
    this.ringCapacity = sketch.ringItems;
    this.exports.init(sketch.numCounters, sketch.sampleSize, sketch.doorkeeper ? 1 : 0, sketch.ringItems);
    this.ringBase = this.exports.ringPtr() >>> 2;
    this.u32 = new Uint32Array(this.exports.memory.buffer);
  }

  private refresh(): void {
    if (this.u32.buffer !== this.exports.memory.buffer) this.u32 = new Uint32Array(this.exports.memory.buffer);
  }

  /** Makes slot ids below n addressable (hashes, resident set). */
  reserve(n: number): void {
    this.exports.slotsReserve(n);
    this.refresh();
    this.hashBase = this.exports.slotHashesPtr() >>> 2;
  }

  /** Sets up the resident set that sampled-LFU draws from (only that policy pays for it). */
  enableResidents(): void {
    this.exports.residentsEnable();
    this.refresh(); // the allocation may have grown memory
  }

  setSlotHash(slot: number, lo: number, hi: number): void {
    const at = this.hashBase + slot * 2;
    this.u32[at] = lo;
    this.u32[at + 1] = hi;
  }

  hashLo(slot: number): number {
    return this.u32[this.hashBase + slot * 2]!;
  }

  hashHi(slot: number): number {
    return this.u32[this.hashBase + slot * 2 + 1]!;
  }

  /** Buffers one access of a hash; drains the ring into the sketch when it fills. */
  record(lo: number, hi: number): void {
    const at = this.ringBase + this.ringCount * 2;
    this.u32[at] = lo;
    this.u32[at + 1] = hi;
    if (++this.ringCount === this.ringCapacity) this.flush();
  }

  /** Buffers one access of a resident slot, from its stored hash. */
  recordSlot(slot: number): void {
    const from = this.hashBase + slot * 2;
    const at = this.ringBase + this.ringCount * 2;
    const u32 = this.u32;
    u32[at] = u32[from]!;
    u32[at + 1] = u32[from + 1]!;
    if (++this.ringCount === this.ringCapacity) this.flush();
  }

  /** Drains buffered accesses into the sketch. */
  flush(): void {
    if (this.ringCount === 0) return;
    this.exports.drain(this.ringCount);
    this.recorded += this.ringCount;
    this.ringCount = 0;
  }

  /** Drops buffered accesses (clear()). */
  discard(): void {
    this.ringCount = 0;
  }

  get pending(): number {
    return this.ringCount;
  }

  indexLookup(lo: number, hi: number): number {
    return this.exports.indexLookup(lo, hi);
  }

  indexInsert(lo: number, hi: number, value: number): number {
    const previous = this.exports.indexInsert(lo, hi, value);
    this.refresh();
    return previous;
  }

  indexRemove(lo: number, hi: number): number {
    return this.exports.indexRemove(lo, hi);
  }

  /** Empties the hash index (it reallocates its shards, so memory may move). */
  indexClear(): void {
    this.exports.indexClear();
    this.refresh();
  }

  /** Seeds the sampler's random numbers (at the first hashed key). */
  seed(lo: number, hi: number): void {
    this.exports.seed(lo, hi);
  }

  /** A resident slot's frequency estimate (from its stored hash). */
  slotEstimate(slot: number): number {
    return this.exports.slotEstimate(slot);
  }

  /** Forgets every count (and the doorkeeper). */
  sketchClear(): void {
    this.exports.sketchClear();
  }

  residentAdd(slot: number): void {
    this.exports.residentAdd(slot);
  }

  residentRemove(slot: number): void {
    this.exports.residentRemove(slot);
  }

  residentsClear(): void {
    this.exports.residentsClear();
  }

  /** Starts a new sample for one eviction round. */
  sampleReset(): void {
    this.exports.sampleReset();
  }

  /** The weakest sampled resident, if weaker than `incomingEstimate`; -1 otherwise. */
  sampleVictim(exclude: number, incomingEstimate: number): number {
    return this.exports.sampleVictim(exclude, incomingEstimate);
  }

  /** Bytes of linear memory this instance holds. */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }
}
