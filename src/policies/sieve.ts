// PLACEHOLDER: policy "sieve" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const sieve = definePolicy({
  name: 'sieve',
  defaults: {},
  create() {
    throw new Error('cortado: policy "sieve" is not implemented yet');
  },
});
