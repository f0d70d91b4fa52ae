// PLACEHOLDER: policy "slru" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const slru = definePolicy({
  name: 'slru',
  defaults: { probationaryFrac: 0.25 },
  create() {
    throw new Error('cortado: policy "slru" is not implemented yet');
  },
});
