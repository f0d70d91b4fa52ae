// TinyLFU admission + sampled-LFU eviction: the stretto / ristretto design.
//   - Every get (hit or miss) is recorded in the count-min sketch, behind a bloom doorkeeper,
//     through the lossless access ring (one WebAssembly call per `bufferItems` accesses).
//   - Eviction samples five residents uniformly (dense array, swap-remove: O(1)) and picks the
//     one with the lowest estimate. A newcomer is refused when its estimate is below that
//     weakest sample; ties admit; a large newcomer may evict several small entries, and victims
//     of earlier rounds stay evicted when a later round refuses it (ristretto's rule).
// Unlike ristretto, the sketch's rows are hashed independently and the sample is uniform.
// Cost per operation: O(1) (a fixed sample of 5).

import type { Policy, PolicyContext } from '../policy.js';
import type { Kernels } from '../wasm/kernels.js';
import { definePolicy } from './define.js';

class TinyLfuPolicy implements Policy {
  readonly name = 'tinylfu';
  private readonly kernels: Kernels;
  /** The newcomer the current sample was drawn for (-1: evictions without a newcomer). */
  private admitting = -2;

  constructor(context: PolicyContext) {
    this.kernels = context.host.kernels!;
  }

  reserve(): void {}

  insert(slot: number): void {
    this.kernels.exports.residentAdd(slot);
  }

  hit(slot: number): void {
    this.kernels.recordSlot(slot);
  }

  miss(lo: number, hi: number): void {
    this.kernels.record(lo, hi);
  }

  update(): void {}

  remove(slot: number): void {
    this.kernels.exports.residentRemove(slot);
  }

  evict(incoming: number): number {
    const k = this.kernels;
    k.flush();
    if (incoming !== this.admitting || incoming < 0) {
      k.exports.sampleReset();
      this.admitting = incoming;
    }
    const incomingEstimate = incoming >= 0 ? k.exports.slotEstimate(incoming) : -1;
    let victim = k.exports.sampleVictim(incoming, incomingEstimate);
    if (victim < 0) victim = incoming; // refused (or nothing else resident)
    if (victim >= 0) k.exports.residentRemove(victim);
    return victim;
  }

  clear(): void {
    this.kernels.discard();
    this.kernels.exports.residentsClear();
    this.kernels.exports.sketchClear();
    this.admitting = -2;
  }

  flush(): void {
    this.kernels.flush();
  }
}

export const tinyLfu = definePolicy({
  name: 'tinylfu',
  defaults: {},
  // ristretto: the sketch ages after numCounters recorded accesses, with a doorkeeper.
  requirements: (_options, sizing) => ({
    hashes: true,
    misses: true,
    sketch: { numCounters: sizing.numCounters, sampleSize: sizing.numCounters, doorkeeper: true },
  }),
  create: (context) => new TinyLfuPolicy(context),
});
