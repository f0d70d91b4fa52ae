// LFU: evict the least frequently used entry; among equals, the least recently used. The O(1)
// frequency buckets of Shah, Mitra and Matani, "An O(1) algorithm for implementing the LFU cache
// eviction scheme" (2010), in typed arrays (FrequencyBuckets, driven by FrequencyPolicy). Inserts
// count 1, hits count one access each; counts are never aged (cachekit's LFU ages only on
// request). Among equals the least recently used is the one that entered its frequency first,
// cachekit's tie rule. `variant: 'cortado'` also counts updates (cachekit's LFU does not).
// Every operation is O(1).

import { definePolicy } from './machinery/define.js';
import { FrequencyPolicy } from './frequency-policy.js';

/** LFU in O(1) (frequency buckets): the least frequently used entry leaves, the least recently used among equals. */
export const lfu = /* @__PURE__ */ definePolicy({
  name: 'lfu',
  defaults: {
    /** 'cachekit' (default): updates do not count as accesses. 'cortado': they count one each. */
    variant: ['cachekit', 'cortado'],
  },
  create: (context, o) => new FrequencyPolicy('lfu', true, context, o.variant === 'cortado'),
});
