// Node entry (export condition `node`): the default entry plus Node's diagnostics_channel. It
// creates cortado's channels (src/diagnostics.ts) and re-exports the default entry, which the
// build keeps external (dist/index.node.js imports ./index.js), so Node gets the same Cache class
// as everyone else and browser or Workers bundles, which resolve other conditions, never see
// `node:diagnostics_channel`.
import { channel } from 'node:diagnostics_channel';
import { CHANNEL_NAMES, CHANNELS_KEY, type Channels } from './diagnostics.js';

const global = globalThis as { [CHANNELS_KEY]?: Channels };
global[CHANNELS_KEY] ??= {
  evict: channel(CHANNEL_NAMES.evict),
  loadStart: channel(CHANNEL_NAMES.loadStart),
  loadEnd: channel(CHANNEL_NAMES.loadEnd),
  loadError: channel(CHANNEL_NAMES.loadError),
};

export * from './index.js';
