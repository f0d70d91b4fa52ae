// PLACEHOLDER: policy "heap-lfu" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const heapLfu = definePolicy({
  name: 'heap-lfu',
  defaults: {},
  create() {
    throw new Error('cortado: policy "heap-lfu" is not implemented yet');
  },
});
