// PLACEHOLDER: policy "arc" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const arc = definePolicy({
  name: 'arc',
  defaults: {},
  create() {
    throw new Error('cortado: policy "arc" is not implemented yet');
  },
});
