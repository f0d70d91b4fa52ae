// The raw exports of the kernels' WebAssembly instance, as TypeScript sees them. The realm
// (realm.ts) instantiates the module and types each arena's exports with this; a cache's kernels
// (kernels.ts) call them through the arena. The type has a file of its own so that realm.ts does
// not import kernels.ts, which imports realm.ts.

/**
 * The raw exports of assembly/index.ts, under two-letter names but `drain` (bytes in every
 * bundle; the table is in assembly/index.ts). `ctx` is a cache's context address, whose first three u32
 * fields are its byte count, its ring's address and its slot hashes' address
 * (assembly/context.ts). 64-bit hashes travel as (lo, hi).
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  /** create: a new context with its access ring and a sketch that grows to numCounters, perSlot counters per slot. */
  cr(numCounters: number, sample: number, doorkeeper: number, ringItems: number, perSlot: number): number;
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
  /** liveBytes: bytes of the arena's blocks in use. */
  lb(): number;
}
