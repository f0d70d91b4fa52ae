// PLACEHOLDER: policy "car" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const car = definePolicy({
  name: 'car',
  defaults: {},
  create() {
    throw new Error('cortado: policy "car" is not implemented yet');
  },
});
