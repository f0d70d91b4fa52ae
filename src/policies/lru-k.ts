// PLACEHOLDER: policy "lru-k" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const lruK = definePolicy({
  name: 'lru-k',
  defaults: { k: 2 },
  create() {
    throw new Error('cortado: policy "lru-k" is not implemented yet');
  },
});
