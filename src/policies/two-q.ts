// PLACEHOLDER: policy "2q" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const twoQ = definePolicy({
  name: '2q',
  defaults: { probationFrac: 0.25 },
  create() {
    throw new Error('cortado: policy "2q" is not implemented yet');
  },
});
