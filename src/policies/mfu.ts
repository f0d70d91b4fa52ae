// PLACEHOLDER: policy "mfu" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const mfu = definePolicy({
  name: 'mfu',
  defaults: {},
  create() {
    throw new Error('cortado: policy "mfu" is not implemented yet');
  },
});
