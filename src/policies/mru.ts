// PLACEHOLDER: policy "mru" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const mru = definePolicy({
  name: 'mru',
  defaults: {},
  create() {
    throw new Error('cortado: policy "mru" is not implemented yet');
  },
});
