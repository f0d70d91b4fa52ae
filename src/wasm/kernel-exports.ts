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

  // W-TinyLFU (assembly/w-tinylfu.ts): `w` is the policy's state, from wc.
  /** create the policy's state for `slots` slots (may grow memory). */
  wc(
    ctx: number,
    slots: number,
    windowFrac: number,
    maxCost: number,
    established: number,
    admitWarm: number,
    maxPending: number,
  ): number;
  /** reserve slot ids below n (may grow memory). */
  wz(ctx: number, w: number, n: number): void;
  /** clear, the window back at its initial share of maxCost. */
  wl(ctx: number, w: number, maxCost: number): void;
  /** rescale to a new budget, keeping the window's share. */
  wr(ctx: number, w: number, maxCost: number): void;
  /** setShare (load()). */
  ws(ctx: number, w: number, share: number): void;
  /** hitNow: one hit applied at once; returns 1 when the caller must hand it to the miniatures (wS). */
  wh(ctx: number, w: number, slot: number): number;
  /** sample: `count` accesses of a slot to the miniatures, if sampled. */
  wS(ctx: number, w: number, slot: number, count: number): void;
  /** drain `count` pending slots (`hits` hits). */
  wd(ctx: number, w: number, count: number, hits: number): void;
  /** takeStart: record the newcomer, drain the pending slots. */
  wt(ctx: number, w: number, slot: number, count: number, hits: number): void;
  /** takeEnd: the newcomer into the window; returns the candidates moved to probation. */
  wj(ctx: number, w: number, slot: number, cost: number): number;
  /** insert: takeStart and takeEnd. */
  wi(ctx: number, w: number, slot: number, cost: number, count: number, hits: number): void;
  /** update a resident slot to `cost`, after draining. */
  wu(ctx: number, w: number, slot: number, cost: number, count: number, hits: number): void;
  /** remove a slot. */
  wm(ctx: number, w: number, slot: number): void;
  /** roundStart: returns the first victim (-1: none). */
  wa(ctx: number, w: number, candidates: number, maxCost: number): number;
  /** roundNext: the next victim (-1: none). */
  wn(ctx: number, w: number): number;
  /** insertEvict: take the newcomer in and return the round's first victim. */
  wx(ctx: number, w: number, slot: number, cost: number, count: number, hits: number, maxCost: number): number;
  /** restore one slot into a segment, its access recorded `records` times. */
  wo(ctx: number, w: number, slot: number, segment: number, cost: number, records: number): void;
  /** restoreEnd */
  wp(ctx: number, w: number): void;
  /** victims: address of the resident slots in eviction order (wk of them); may grow memory. */
  wv(ctx: number, w: number, maxCost: number): number;
  /** residents */
  wk(ctx: number, w: number): number;
  /** a slot's segment (3: none). */
  wg(ctx: number, w: number, slot: number): number;
  /** the window's share. */
  wq(ctx: number, w: number): number;
  /** accesses the policy recorded in the sketch (0 without W-TinyLFU). */
  wy(ctx: number): number;
  /** the miniatures' sampling threshold (0: none). */
  wb(ctx: number, w: number, below: number): void;
  /** flush: drain the pending slots and the buffered accesses. */
  wf(ctx: number, w: number, count: number, hits: number): void;
  /** a slot's estimate, buffered accesses recorded first. */
  we(ctx: number, w: number, slot: number): number;
}
