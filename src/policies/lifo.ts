// PLACEHOLDER: policy "lifo" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const lifo = definePolicy({
  name: 'lifo',
  defaults: {},
  create() {
    throw new Error('cortado: policy "lifo" is not implemented yet');
  },
});
