// Heap-LFU: LFU on a binary min-heap (frequency-heap.ts), O(log n) per operation. The default,
// `variant: 'cachekit'`, is cachekit's rule: ties go to the smallest key, and updates do not
// count; it measured better on the shared traces (README, "Differences from cachekit").
// `variant: 'cortado'` orders ties by recency, so it evicts the same victims as the bucket LFU
// (least frequent, then least recently used), and updates count.

import { definePolicy } from './machinery/define.js';
import { FrequencyHeapPolicy } from './frequency-heap.js';

/** LFU on a binary heap, O(log n): the least frequently used entry leaves, ties by key as cachekit's HeapLfuCache. */
export const heapLfu = /* @__PURE__ */ definePolicy({
  name: 'heap-lfu',
  defaults: {
    /**
     * 'cachekit' (default): ties go to the smallest key (numbers, bigints and strings; other keys
     * to the older entry); updates do not count. 'cortado': ties go to the least recently used
     * entry; updates count.
     */
    variant: ['cachekit', 'cortado'],
  },
  create: (context, o) =>
    new FrequencyHeapPolicy(
      context,
      'heap-lfu',
      o.variant === 'cachekit'
        ? { mostFrequent: false, updatesCount: false, ties: 'key' }
        : { mostFrequent: false, updatesCount: true, ties: 'recency' },
    ),
});
