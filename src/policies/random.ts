// PLACEHOLDER: policy "random" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const random = definePolicy({
  name: 'random',
  defaults: {},
  create() {
    throw new Error('cortado: policy "random" is not implemented yet');
  },
});
