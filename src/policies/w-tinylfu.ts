// PLACEHOLDER: policy "w-tinylfu" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const wTinyLfu = definePolicy({
  name: 'w-tinylfu',
  defaults: { windowFrac: 0.01, adaptive: true },
  create() {
    throw new Error('cortado: policy "w-tinylfu" is not implemented yet');
  },
});
