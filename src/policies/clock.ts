// PLACEHOLDER: policy "clock" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const clock = definePolicy({
  name: 'clock',
  defaults: {},
  create() {
    throw new Error('cortado: policy "clock" is not implemented yet');
  },
});
