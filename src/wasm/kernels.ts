// One cache's share of the WebAssembly kernels (sketch, doorkeeper, slot hashes, resident
// sampler, hash index) and the JavaScript side of its access ring. Caches share an instance and
// memory, an arena of their realm (realm.ts); this cache's state is a context in that memory,
// created here and freed by release() (Cache.close()) or, if the cache is simply dropped, by
// the arena's FinalizationRegistry (or with the whole arena, once all its caches are gone).
//
// Any cache's allocation may grow the arena's memory and detach the old buffer, so nothing keeps
// a view of its own: every access reads the arena's current `u32`, which is renewed after each
// call that may allocate. Addresses (ring, slot hashes) stay valid: memory grows in place.

import { kernelsModule } from './module.js';
import { type Arena, arenaFor, refresh } from './realm.js';

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

/**
 * The counters per row a sketch keeps per slot while it grows with the cache (assembly/sketch.ts)
 * when numCounters asks for fewer per unit of maxCost: the ratio of the default numCounters.
 */
export const COUNTERS_PER_SLOT = 10;

/**
 * What a trap in an export that allocates means: the memory of the cache's arena, shared with
 * the caches created next to it, cannot grow (WebAssembly's 32-bit memories stop at 4 GiB). The
 * allocator traps before it changes anything (assembly/memory.ts), so the cache that asked is as
 * it was.
 */
export function outOfMemory(error: unknown): unknown {
  if (!(error instanceof WebAssembly.RuntimeError)) return error;
  return new RangeError(
    'cortado: out of WebAssembly memory (4 GiB, shared with the caches created next to this one): close() unused caches or lower maxCost/numCounters',
    {
      cause: error,
    },
  );
}

export class Kernels {
  /**
   * The arena this cache lives in; undefined after release(), so any later use throws. A policy
   * whose state lives in WebAssembly (w-tinylfu) calls its exports directly.
   */
  arena: Arena;
  /** This cache's context in its arena's memory. */
  readonly ctx: number;
  private readonly ringBase: number;
  private readonly ringCapacity: number;
  private ringCount = 0;
  private hashBase = 0;
  /** Accesses drained from this ring into the sketch so far (see `recorded`). */
  private drained = 0;

  /**
   * Creates this cache's context; its sampler is seeded later with seed() (no random values
   * here). The sketch grows with the slots reserved, `countersPerSlot` counters per row each
   * (at least COUNTERS_PER_SLOT), up to `sketch.numCounters`.
   */
  constructor(sketch: SketchConfig, module?: WebAssembly.Module, countersPerSlot = COUNTERS_PER_SLOT) {
    const arena = (this.arena = arenaFor(module ?? kernelsModule()));
    this.ringCapacity = sketch.ringItems;
    const perSlot = Math.max(COUNTERS_PER_SLOT, countersPerSlot);
    try {
      this.ctx = arena.exports.cr(
        sketch.numCounters,
        sketch.sampleSize,
        sketch.doorkeeper ? 1 : 0,
        sketch.ringItems,
        perSlot,
      );
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(arena);
    this.ringBase = arena.u32[(this.ctx >>> 2) + 1]! >>> 2;
    arena.registry?.register(this, this.ctx, this);
  }

  /**
   * Frees this cache's region of memory (Cache.close()), without zeroing it. Idempotent; after
   * it, clearing (sketchClear, residentsClear, indexClear, discard: what the policy's clear()
   * calls) does nothing, so close() can release first and not zero what it frees; any other
   * later call throws.
   */
  release(): void {
    const arena = this.arena;
    if (arena === undefined) return;
    arena.registry?.unregister(this);
    this.drained += arena.exports.wy(this.ctx); // stats stay readable after close()
    arena.exports.de(this.ctx);
    this.arena = undefined as never;
  }

  /** Makes slot ids below n addressable (hashes, resident set). */
  reserve(n: number): void {
    const arena = this.arena;
    try {
      arena.exports.sz(this.ctx, n);
    } catch (error) {
      throw outOfMemory(error);
    } finally {
      // Even after a trap: the slot hashes may have moved before the sketch failed to grow.
      refresh(arena);
      this.hashBase = arena.u32[(this.ctx >>> 2) + 2]! >>> 2;
    }
  }

  /** Sets up the resident set that sampled-LFU draws from (only that policy pays for it). */
  enableResidents(): void {
    try {
      this.arena.exports.re(this.ctx);
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(this.arena); // the allocation may have grown memory
  }

  setSlotHash(slot: number, lo: number, hi: number): void {
    const at = this.hashBase + slot * 2;
    const u32 = this.arena.u32;
    u32[at] = lo;
    u32[at + 1] = hi;
  }

  hashLo(slot: number): number {
    return this.arena.u32[this.hashBase + slot * 2]!;
  }

  hashHi(slot: number): number {
    return this.arena.u32[this.hashBase + slot * 2 + 1]!;
  }

  /**
   * Buffers one access of a hash; drains the ring into the sketch when it fills. (W-TinyLFU never
   * calls this or recordSlot: it buffers its accesses in the same ring from WebAssembly, with a
   * count of its own, assembly/w-tinylfu.ts.)
   */
  record(lo: number, hi: number): void {
    const at = this.ringBase + this.ringCount * 2;
    const u32 = this.arena.u32;
    u32[at] = lo;
    u32[at + 1] = hi;
    if (++this.ringCount === this.ringCapacity) this.flush();
  }

  /** Buffers one access of a resident slot, from its stored hash (every cache hit). */
  recordSlot(slot: number): void {
    const from = this.hashBase + slot * 2;
    const at = this.ringBase + this.ringCount * 2;
    const u32 = this.arena.u32;
    u32[at] = u32[from]!;
    u32[at + 1] = u32[from + 1]!;
    if (++this.ringCount === this.ringCapacity) this.flush();
  }

  /** Drains buffered accesses into the sketch. */
  flush(): void {
    if (this.ringCount === 0) return;
    this.arena.exports.drain(this.ctx, this.takePending());
  }

  /** Hands the buffered accesses to the call about to drain them: how many, counted as recorded. */
  private takePending(): number {
    const pending = this.ringCount;
    this.drained += pending;
    this.ringCount = 0;
    return pending;
  }

  /** Drops buffered accesses (clear()). */
  discard(): void {
    this.ringCount = 0;
  }

  get pending(): number {
    return this.ringCount;
  }

  /**
   * Accesses recorded in the sketch so far (stats: getsKept; buffered ones not yet): this ring's
   * and those W-TinyLFU's WebAssembly recorded itself.
   */
  get recorded(): number {
    return this.arena === undefined ? this.drained : this.drained + this.arena.exports.wy(this.ctx);
  }

  indexLookup(lo: number, hi: number): number {
    return this.arena.exports.il(this.ctx, lo, hi);
  }

  indexInsert(lo: number, hi: number, value: number): number {
    let previous: number;
    try {
      previous = this.arena.exports.ii(this.ctx, lo, hi, value);
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(this.arena);
    return previous;
  }

  indexRemove(lo: number, hi: number): number {
    return this.arena.exports.ir(this.ctx, lo, hi);
  }

  /** Empties the hash index and frees its memory. */
  indexClear(): void {
    if (this.arena === undefined) return;
    this.arena.exports.ic(this.ctx);
  }

  /** Seeds the sampler's random numbers (at the first hashed key). */
  seed(lo: number, hi: number): void {
    this.arena.exports.sd(this.ctx, lo, hi);
  }

  /** A resident slot's frequency estimate (from its stored hash). */
  slotEstimate(slot: number): number {
    return this.arena.exports.es(this.ctx, slot);
  }

  /**
   * Drains the buffered accesses, then estimates slots `a` and `b` (-1: none) in one call:
   * a's estimate in the low 8 bits, b's above (estimates are at most 16).
   */
  estimates(a: number, b: number): number {
    return this.arena.exports.ep(this.ctx, this.takePending(), a, b);
  }

  /** Forgets every count (and the doorkeeper). */
  sketchClear(): void {
    if (this.arena === undefined) return;
    this.arena.exports.sc(this.ctx);
  }

  residentAdd(slot: number): void {
    this.arena.exports.ra(this.ctx, slot);
  }

  residentRemove(slot: number): void {
    this.arena.exports.rr(this.ctx, slot);
  }

  residentsClear(): void {
    if (this.arena === undefined) return;
    this.arena.exports.rc(this.ctx);
  }

  /**
   * One sampled-LFU eviction (tinylfu.ts): drains the buffered accesses, starts a new sample if
   * `fresh`, and returns the weakest sampled resident, or `incoming` itself when it is weaker
   * (its estimate less one from `established` on): refused. The slot returned leaves the
   * resident set; -1 when nothing is left to evict.
   */
  sampledEvict(incoming: number, fresh: boolean, established: number): number {
    return this.arena.exports.se(this.ctx, this.takePending(), incoming, fresh ? 1 : 0, established);
  }

  /**
   * The resident the next sampled-LFU eviction takes if it admits its newcomer: its sample is
   * drawn now and kept for it (assembly/slots.ts), so the two agree. -1 when none is resident.
   */
  sampledPeek(): number {
    return this.arena.exports.pv(this.ctx, this.takePending());
  }

  /** Bytes of linear memory this cache holds (its context's first field, kept by the kernels). */
  get memoryBytes(): number {
    return this.arena.u32[this.ctx >>> 2]!;
  }
}
