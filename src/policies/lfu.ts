// LFU: evict the least frequently used entry; among equals, the least recently used. The O(1)
// frequency buckets of Shah, Mitra and Matani, "An O(1) algorithm for implementing the LFU cache
// eviction scheme" (2010), in typed arrays (FrequencyBuckets, driven by FrequencyPolicy). Inserts
// count 1, hits and updates count one access each; counts are never aged (cachekit's LFU ages
// only on request). Every operation is O(1).

import { definePolicy } from './define.js';
import { FrequencyPolicy } from './frequency-policy.js';

export const lfu = definePolicy({
  name: 'lfu',
  defaults: {},
  create: (context) => new FrequencyPolicy('lfu', true, context),
});
