// PLACEHOLDER: policy "fifo" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const fifo = definePolicy({
  name: 'fifo',
  defaults: {},
  create() {
    throw new Error('cortado: policy "fifo" is not implemented yet');
  },
});
