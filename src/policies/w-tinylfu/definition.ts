// W-TinyLFU as the registry and `cortado/policies` know it: its options with their defaults and
// checks, and what it needs from the store (a sketch without a doorkeeper). The policy itself is
// w-tinylfu.ts.

import { requireBoolean, requireFraction } from '../../validate.js';
import { definePolicy } from '../machinery/define.js';
import { WTinyLfuPolicy } from './w-tinylfu.js';

/** W-TinyLFU (Caffeine): window LRU, TinyLFU admission, segmented LRU main space; the default policy. */
export const wTinyLfu = /* @__PURE__ */ definePolicy({
  name: 'w-tinylfu',
  defaults: {
    /** Initial share of the budget given to the window, 0..1 (default 0.01); fixed when `adaptive` is false. */
    windowFrac: 0.01,
    /**
     * Size the window online (default true): a hash-sampled subset of the keys is replayed through
     * small W-TinyLFU caches with window shares from 1 % to 99 %, and the window moves to the
     * share that scores clearly more hits. `windowFrac` is then only the starting share.
     */
    adaptive: true,
  },
  check(options) {
    requireFraction('policy.windowFrac', options.windowFrac);
    requireBoolean('policy.adaptive', options.adaptive);
  },
  // Caffeine's sketch has no doorkeeper and ages every 10 × maximum size accesses. On OLTP,
  // 10 × maxCost counters per row (the default numCounters) beat 1× and 4×, a doorkeeper cost hit
  // ratio, and aging every 20 × maxCost beat 10× while leaving GLI, LOOP and the LIRS traces
  // within noise (docs/design-measurements.md, "W-TinyLFU's sketch").
  requirements: (_options, sizing) => ({
    hashes: true,
    misses: false,
    sketch: { numCounters: sizing.numCounters, sampleSize: 2 * sizing.numCounters, doorkeeper: false },
  }),
  create: (context, options) => new WTinyLfuPolicy(context, options),
});
