// TinyLFU admission + sampled-LFU eviction: the stretto / ristretto design.
//   - Every get (hit or miss) is recorded in the count-min sketch, behind a bloom doorkeeper,
//     through the lossless access ring (one WebAssembly call per `bufferItems` accesses).
//   - Eviction samples five residents uniformly (dense array, swap-remove: O(1)) and picks the
//     one with the lowest estimate. A newcomer is refused when its estimate is below that
//     weakest sample; ties admit; a large newcomer may evict several small entries, and victims
//     of earlier rounds stay evicted when a later round refuses it (ristretto's rule).
//   - `variant: 'discount'`: an established newcomer (estimate >= ESTABLISHED) has the access
//     that brought it in discounted, so it no longer wins ties against residents exactly as
//     frequent (ristretto does this by accident: its gets are buffered and usually reach the
//     sketch after set()'s admission test). It holds part of a loop or scan larger than the
//     cache, but a stream of new keys read a few times each is then never admitted, so the
//     default ('ristretto') admits ties as ristretto and stretto document.
// Unlike ristretto, the sketch's rows are hashed independently and the sample is uniform.
// Cost per operation: O(1) (a fixed sample of 5).

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { hintInteger } from './machinery/hints.js';
import type { Kernels } from '../wasm/kernels.js';
import { definePolicy } from './machinery/define.js';

/**
 * With `variant: 'discount'`, from this estimate on a newcomer's admitting access is discounted:
 * loops and scans then stop pushing out established entries, for a small loss on OLTP-like
 * traces; thresholds of 1 and 2 lost more. Figures: docs/design-measurements.md, "`tinylfu`'s
 * discounted newcomers".
 */
const ESTABLISHED = 3;
/** An `established` threshold no estimate reaches (counters saturate at 15): ties always admit. */
const NEVER = 16;

class TinyLfuPolicy implements Policy {
  readonly name = 'tinylfu';
  private readonly kernels: Kernels;
  /** The newcomer the current sample was drawn for (-1: evictions without a newcomer). */
  private admitting = -2;

  constructor(
    context: PolicyContext,
    private readonly established: number,
  ) {
    this.kernels = context.host.kernels!;
    this.kernels.enableResidents();
  }

  reserve(): void {}

  insert(slot: number): void {
    this.kernels.residentAdd(slot);
  }

  hit(slot: number): void {
    this.kernels.recordSlot(slot);
  }

  miss(lo: number, hi: number): void {
    this.kernels.record(lo, hi);
  }

  update(): void {}

  remove(slot: number): void {
    this.kernels.residentRemove(slot);
  }

  // The newcomer joins the resident set first: the sampler draws positions in that set, so the
  // draws (and the victims) depend on it being there, and it may be refused by handing it back.
  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    if (incoming >= 0) this.kernels.residentAdd(incoming);
    let written = incoming >= 0 ? incoming : keep;
    for (;;) {
      // Evictions for one newcomer share a sample (ristretto's loop); a new newcomer starts a new one.
      const fresh = written !== this.admitting || written < 0;
      this.admitting = written;
      const victim = this.kernels.sampledEvict(written, fresh, this.established);
      if (victim < 0) return;
      if (victim === written) written = -1; // refused (or the updated slot evicted)
      if (!onVictim(victim)) return;
    }
  }

  clear(): void {
    this.kernels.discard();
    this.kernels.residentsClear();
    this.kernels.sketchClear();
    this.admitting = -2;
  }

  flush(): void {
    this.kernels.flush();
  }

  /**
   * dump()'s note: `freq`, the key's frequency estimate (0 to 16: the sketch's 0 to 15, plus one
   * for the doorkeeper's bit), which load() records back as that many accesses.
   */
  hint(slot: number): PolicyHint {
    this.kernels.flush(); // buffered accesses count (no-op once drained)
    return { name: 'tinylfu', freq: this.kernels.slotEstimate(slot) };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintInteger(hint, where, 'freq', 0, 16);
  }

  /** load(): residents, each key's accesses recorded `freq` times so the sketch knows it (warm). */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    for (let i = 0; i < slots.length; i++) {
      this.insert(slots[i]!);
      for (let t = 0; t < ((hints[i]?.freq as number | undefined) ?? 0); t++) this.kernels.recordSlot(slots[i]!);
    }
  }

  /**
   * The next victim first: the weakest of the next eviction's sample, which is drawn now and kept
   * for that eviction (Kernels.sampledPeek), so peekVictim() and evictOne() agree. The order
   * after it cannot be known (each eviction samples anew): the other residents follow by
   * frequency estimate, lowest first, the order a sample tends to take them in.
   */
  victims(resident: readonly number[]): number[] {
    const first = this.kernels.sampledPeek();
    if (first < 0) return [];
    const k = this.kernels;
    const rest = resident.filter((slot) => slot !== first).map((slot) => [k.slotEstimate(slot), slot] as const);
    rest.sort((a, b) => a[0] - b[0]);
    return [first, ...rest.map((r) => r[1])];
  }
}

/** TinyLFU admission + sampled-LFU eviction (ristretto / stretto). */
export const tinyLfu = /* @__PURE__ */ definePolicy({
  name: 'tinylfu',
  defaults: {
    /**
     * 'ristretto' (default): a newcomer is refused only when its estimate is below the weakest
     * sampled victim's (ties admit). 'discount': a newcomer with an estimate >= 3 does not count
     * the access that brought it in, so it loses ties (holds loops larger than the cache).
     */
    variant: ['ristretto', 'discount'],
  },
  // ristretto: the sketch ages after numCounters recorded accesses, with a doorkeeper.
  requirements: (_options, sizing) => ({
    hashes: true,
    misses: true,
    sketch: { numCounters: sizing.numCounters, sampleSize: sizing.numCounters, doorkeeper: true },
  }),
  create: (context, o) => new TinyLfuPolicy(context, o.variant === 'discount' ? ESTABLISHED : NEVER),
});
