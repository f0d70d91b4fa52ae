// MFU: evict the most frequently used entry (the one that has probably had its use); among
// equals, the least recently used. Instead of cachekit's lazily rebuilt heap, the O(1) frequency
// buckets of Shah, Mitra and Matani (2010) read from the high end (FrequencyPolicy). Every
// operation is O(1). That is `variant: 'cortado'`. The default, `variant: 'cachekit'`, is
// cachekit's MfuCore (frequency-heap.ts): ties go to the largest key; it measured better on
// the shared traces (README, "Differences from cachekit").

import { definePolicy } from './machinery/define.js';
import { FrequencyPolicy } from './frequency-policy.js';
import { FrequencyHeapPolicy } from './frequency-heap.js';

/** MFU: the most frequently used entry leaves. */
export const mfu = /* @__PURE__ */ definePolicy({
  name: 'mfu',
  defaults: {
    /** 'cachekit' (default): ties go to the largest key (as heap-lfu's order). 'cortado': to the least recently used entry. */
    variant: ['cachekit', 'cortado'],
  },
  create: (context, o) =>
    o.variant === 'cachekit'
      ? new FrequencyHeapPolicy(context, 'mfu', { mostFrequent: true, updatesCount: true, ties: 'key' })
      : new FrequencyPolicy('mfu', false, context),
});
