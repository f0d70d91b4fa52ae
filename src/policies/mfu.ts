// MFU: evict the most frequently used entry (the one that has probably had its use); among
// equals, the least recently used. Instead of cachekit's lazily rebuilt heap, the O(1) frequency
// buckets of Shah, Mitra and Matani (2010) read from the high end (FrequencyPolicy). Every
// operation is O(1).

import { definePolicy } from './define.js';
import { FrequencyPolicy } from './frequency-policy.js';

export const mfu = definePolicy({
  name: 'mfu',
  defaults: {},
  create: (context) => new FrequencyPolicy('mfu', false, context),
});
