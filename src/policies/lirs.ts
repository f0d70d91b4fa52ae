// PLACEHOLDER: policy "lirs" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const lirs = definePolicy({
  name: 'lirs',
  defaults: { hirFrac: 0.01 },
  create() {
    throw new Error('cortado: policy "lirs" is not implemented yet');
  },
});
