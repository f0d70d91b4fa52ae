// LFU: evict the least frequently used entry; among equals, the least recently used. The O(1)
// frequency buckets of Shah, Mitra and Matani, "An O(1) algorithm for implementing the LFU cache
// eviction scheme" (2010), in typed arrays (FrequencyBuckets, driven by FrequencyPolicy). Inserts
// count 1, hits count one access each; counts are never aged (cachekit's LFU ages only on
// request). Among equals the least recently used is the one that entered its frequency first,
// cachekit's tie rule. `variant: 'cortado'` also counts updates (cachekit's LFU does not).
// Every operation is O(1).

import { definePolicy } from './machinery/define.js';
import { FrequencyPolicy } from './frequency-policy.js';

export const lfu = definePolicy({
  name: 'lfu',
  defaults: { variant: 'cachekit' as 'cachekit' | 'cortado' },
  variants: ['cachekit', 'cortado'],
  create: (context, o) => new FrequencyPolicy('lfu', true, context, o.variant === 'cortado'),
});
