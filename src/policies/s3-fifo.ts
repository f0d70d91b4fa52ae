// PLACEHOLDER: policy "s3-fifo" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const s3Fifo = definePolicy({
  name: 's3-fifo',
  defaults: { smallRatio: 0.1, ghostRatio: 0.9 },
  create() {
    throw new Error('cortado: policy "s3-fifo" is not implemented yet');
  },
});
