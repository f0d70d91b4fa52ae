// `cortado/lru-cache`: lru-cache 11's LRUCache on a cortado Cache. Change the import line, and
// the rest of an lru-cache program runs as it did (README, "Coming from lru-cache"); one option,
// `policy`, selects any of cortado's policies. Imports only cortado's public API (the build keeps
// `cortado` external, so this entry shares the user's Cache class and its wasm instance).
export { LRUCache } from './lru-cache.js';
export type { LRUStatusCache } from './types.js';
