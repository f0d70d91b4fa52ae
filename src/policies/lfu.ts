// PLACEHOLDER: policy "lfu" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const lfu = definePolicy({
  name: 'lfu',
  defaults: {},
  create() {
    throw new Error('cortado: policy "lfu" is not implemented yet');
  },
});
