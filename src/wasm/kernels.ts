// One cache's share of the WebAssembly kernels (sketch, doorkeeper, slot hashes, resident
// sampler, hash index) and the JavaScript side of its access ring. Every cache of a realm uses
// the same instance and memory (realm.ts); this cache's state is a context in that memory,
// created here and freed by release() (Cache.close()) or, if the cache is simply dropped, by
// the realm's FinalizationRegistry.
//
// Any cache's allocation may grow the shared memory and detach the old buffer, so nothing keeps
// a view of its own: every access reads the realm's current `u32`, which the realm renews after
// each call that may allocate. Addresses (ring, slot hashes) stay valid: memory grows in place.

import { kernelsModule } from './module.js';
import { type Realm, realmOf, refresh } from './realm.js';

/**
 * The raw exports of assembly/index.ts, under two-letter names but `drain` (bytes in every
 * bundle; the table is in assembly/index.ts). `ctx` is a cache's context address, whose first three u32
 * fields are its byte count, its ring's address and its slot hashes' address
 * (assembly/context.ts). 64-bit hashes travel as (lo, hi).
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  /** create: a new context with its sketch and access ring. */
  cr(numCounters: number, sample: number, doorkeeper: number, ringItems: number): number;
  /** destroy: frees every block of the context. */
  de(ctx: number): void;
  /** seed the sampler's random numbers. */
  sd(ctx: number, lo: number, hi: number): void;
  /** drain the first `count` ring entries into the sketch. */
  drain(ctx: number, count: number): void;
  /** estimates: drains `pending` ring entries, returns a's estimate | b's << 8 (b < 0: none). */
  ep(ctx: number, pending: number, a: number, b: number): number;
  /** sketchClear */
  sc(ctx: number): void;
  /** slotsReserve: slot ids below n addressable (may grow memory). */
  sz(ctx: number, n: number): void;
  /** slotEstimate */
  es(ctx: number, slot: number): number;
  /** residentsEnable (may grow memory) */
  re(ctx: number): void;
  /** residentAdd */
  ra(ctx: number, slot: number): void;
  /** residentRemove */
  rr(ctx: number, slot: number): void;
  /** residentsClear */
  rc(ctx: number): void;
  /** sampledEvict: drains `pending`, evicts the weakest sampled resident or refuses `incoming`. */
  se(ctx: number, pending: number, incoming: number, fresh: number, established: number): number;
  /** sampledPeek: drains `pending`, draws the next eviction's sample now, returns its weakest resident. */
  pv(ctx: number, pending: number): number;
  /** indexLookup */
  il(ctx: number, lo: number, hi: number): number;
  /** indexInsert (may grow memory) */
  ii(ctx: number, lo: number, hi: number, value: number): number;
  /** indexRemove */
  ir(ctx: number, lo: number, hi: number): number;
  /** indexClear */
  ic(ctx: number): void;
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

/**
 * What a trap in an export that allocates means: the realm's memory, shared by all its caches,
 * cannot grow (WebAssembly's 32-bit memories stop at 4 GiB). The allocator traps before it
 * changes anything (assembly/memory.ts), so the cache that asked is as it was.
 */
function outOfMemory(error: unknown): unknown {
  if (!(error instanceof WebAssembly.RuntimeError)) return error;
  return new RangeError('cortado: out of WebAssembly memory (4 GiB, shared by all caches): close() unused caches or lower maxCost/numCounters', {
    cause: error,
  });
}

export class Kernels {
  /** The shared instance; undefined after release(), so any later use throws. */
  private realm: Realm;
  /** This cache's context in the realm's memory. */
  private readonly ctx: number;
  private readonly ringBase: number;
  private readonly ringCapacity: number;
  private ringCount = 0;
  private hashBase = 0;
  /** Accesses drained into the sketch so far (stats: getsKept; buffered ones not yet). */
  recorded = 0;

  /** Creates this cache's context; its sampler is seeded later with seed() (no random values here). */
  constructor(sketch: SketchConfig, module?: WebAssembly.Module) {
    const realm = (this.realm = realmOf(module ?? kernelsModule()));
    this.ringCapacity = sketch.ringItems;
    try {
      this.ctx = realm.exports.cr(sketch.numCounters, sketch.sampleSize, sketch.doorkeeper ? 1 : 0, sketch.ringItems);
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(realm);
    this.ringBase = realm.u32[(this.ctx >>> 2) + 1]! >>> 2;
    realm.registry?.register(this, this.ctx, this);
  }

  /** Frees this cache's region of memory (Cache.close()). Idempotent; any other later call throws. */
  release(): void {
    const realm = this.realm;
    if (realm === undefined) return;
    realm.registry?.unregister(this);
    realm.exports.de(this.ctx);
    this.realm = undefined as never;
  }

  /** Makes slot ids below n addressable (hashes, resident set). */
  reserve(n: number): void {
    const realm = this.realm;
    try {
      realm.exports.sz(this.ctx, n);
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(realm);
    this.hashBase = realm.u32[(this.ctx >>> 2) + 2]! >>> 2;
  }

  /** Sets up the resident set that sampled-LFU draws from (only that policy pays for it). */
  enableResidents(): void {
    try {
      this.realm.exports.re(this.ctx);
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(this.realm); // the allocation may have grown memory
  }

  setSlotHash(slot: number, lo: number, hi: number): void {
    const at = this.hashBase + slot * 2;
    const u32 = this.realm.u32;
    u32[at] = lo;
    u32[at + 1] = hi;
  }

  hashLo(slot: number): number {
    return this.realm.u32[this.hashBase + slot * 2]!;
  }

  hashHi(slot: number): number {
    return this.realm.u32[this.hashBase + slot * 2 + 1]!;
  }

  /** Buffers one access of a hash; drains the ring into the sketch when it fills. */
  record(lo: number, hi: number): void {
    const at = this.ringBase + this.ringCount * 2;
    const u32 = this.realm.u32;
    u32[at] = lo;
    u32[at + 1] = hi;
    if (++this.ringCount === this.ringCapacity) this.flush();
  }

  /** Buffers one access of a resident slot, from its stored hash (every cache hit). */
  recordSlot(slot: number): void {
    const from = this.hashBase + slot * 2;
    const at = this.ringBase + this.ringCount * 2;
    const u32 = this.realm.u32;
    u32[at] = u32[from]!;
    u32[at + 1] = u32[from + 1]!;
    if (++this.ringCount === this.ringCapacity) this.flush();
  }

  /** Drains buffered accesses into the sketch. */
  flush(): void {
    if (this.ringCount === 0) return;
    this.realm.exports.drain(this.ctx, this.takePending());
  }

  /** Hands the buffered accesses to the call about to drain them: how many, counted as recorded. */
  private takePending(): number {
    const pending = this.ringCount;
    this.recorded += pending;
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

  indexLookup(lo: number, hi: number): number {
    return this.realm.exports.il(this.ctx, lo, hi);
  }

  indexInsert(lo: number, hi: number, value: number): number {
    let previous: number;
    try {
      previous = this.realm.exports.ii(this.ctx, lo, hi, value);
    } catch (error) {
      throw outOfMemory(error);
    }
    refresh(this.realm);
    return previous;
  }

  indexRemove(lo: number, hi: number): number {
    return this.realm.exports.ir(this.ctx, lo, hi);
  }

  /** Empties the hash index and frees its memory. */
  indexClear(): void {
    this.realm.exports.ic(this.ctx);
  }

  /** Seeds the sampler's random numbers (at the first hashed key). */
  seed(lo: number, hi: number): void {
    this.realm.exports.sd(this.ctx, lo, hi);
  }

  /** A resident slot's frequency estimate (from its stored hash). */
  slotEstimate(slot: number): number {
    return this.realm.exports.es(this.ctx, slot);
  }

  /**
   * Drains the buffered accesses, then estimates slots `a` and `b` (-1: none) in one call:
   * a's estimate in the low 8 bits, b's above (estimates are at most 16).
   */
  estimates(a: number, b: number): number {
    return this.realm.exports.ep(this.ctx, this.takePending(), a, b);
  }

  /** Forgets every count (and the doorkeeper). */
  sketchClear(): void {
    this.realm.exports.sc(this.ctx);
  }

  residentAdd(slot: number): void {
    this.realm.exports.ra(this.ctx, slot);
  }

  residentRemove(slot: number): void {
    this.realm.exports.rr(this.ctx, slot);
  }

  residentsClear(): void {
    this.realm.exports.rc(this.ctx);
  }

  /**
   * One sampled-LFU eviction (tinylfu.ts): drains the buffered accesses, starts a new sample if
   * `fresh`, and returns the weakest sampled resident, or `incoming` itself when it is weaker
   * (its estimate less one from `established` on): refused. The slot returned leaves the
   * resident set; -1 when nothing is left to evict.
   */
  sampledEvict(incoming: number, fresh: boolean, established: number): number {
    return this.realm.exports.se(this.ctx, this.takePending(), incoming, fresh ? 1 : 0, established);
  }

  /**
   * The resident the next sampled-LFU eviction takes if it admits its newcomer: its sample is
   * drawn now and kept for it (assembly/slots.ts), so the two agree. -1 when none is resident.
   */
  sampledPeek(): number {
    return this.realm.exports.pv(this.ctx, this.takePending());
  }

  /** Bytes of linear memory this cache holds (its context's first field, kept by the kernels). */
  get memoryBytes(): number {
    return this.realm.u32[this.ctx >>> 2]!;
  }
}
