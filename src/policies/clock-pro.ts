// PLACEHOLDER: policy "clock-pro" is not implemented yet (to be replaced by its real algorithm).
import { definePolicy } from './define.js';

export const clockPro = definePolicy({
  name: 'clock-pro',
  defaults: {},
  create() {
    throw new Error('cortado: policy "clock-pro" is not implemented yet');
  },
});
