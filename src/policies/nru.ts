// PLACEHOLDER: policy "nru" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const nru = definePolicy({
  name: 'nru',
  defaults: {},
  create() {
    throw new Error('cortado: policy "nru" is not implemented yet');
  },
});
