// W-TinyLFU's deferred hits ("marks"), the layout both sides share: the policy (w-tinylfu.ts)
// marks a hit in the arena's memory, and WebAssembly (assembly/w-tinylfu.ts, policyDrain)
// applies the marks. A hit only updates one u32 per slot, and the policy
// applies the hits later, in a batch (a drain), before anything depends on them: at an insert,
// an eviction, an update, flush(), or when this buffer is full.
//
//   mark = stamp × 256 + pending count     stamp: when the slot was last hit (hits since drain)
//                                          count: hits since the last drain, saturating at 255
//
// A slot enters the ring of slot ids only on its first hit since the last drain (its mark was
// 0), so repeated hits on a hot entry cost one load and one store each, and the drain moves each
// slot once however often it was hit. The drain visits the ring in order of each slot's LAST
// hit (the drain sorts it by stamp), so moving each slot to the head of its segment leaves the
// segments in the same order as moving it on every hit would.
//
// Why count to 255 when the sketch's counters stop at 15: the sketch ages (halves) after a set
// number of recorded accesses, so hits left unrecorded delay the aging. Saturating at 15 did
// that on read-heavy traces and cost hit ratio; at 255 the hit ratios equal the eager policy's
// (docs/design-measurements.md, "Pending hits"). The drain's sketch work is
// still at most one record per hit, as it was when every hit recorded itself.
//
// Why a bounded ring: a drain costs about one list move per slot (plus the records), and it
// runs inside whichever call fills the ring; the bound keeps that pause short on large caches,
// while any working set of up to MAX_PENDING entries read between two writes costs no drain.
// The stamp has 23 bits; the hit that hands out the last one forces a drain too, so stamps
// never wrap within a batch and `hits` is exact.

/** Most slots buffered before a drain is forced (see the header: it bounds the drain's pause). */
export const MAX_PENDING = 1 << 14;
/** The pending count's bits in a mark. */
export const COUNT_BITS = 8;
/**
 * The largest stamp: the hit that takes it forces a drain. 23 bits, so marks stay below 2^31
 * (small integers to V8, never doubles, in the inlined hit path).
 */
export const STAMP_MAX = (1 << (31 - COUNT_BITS)) - 1;
