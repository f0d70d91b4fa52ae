// `cortado/policies`: every policy as a value, to pass as `policy` to a Cache from `cortado/core`
// (or from `cortado`): `new Cache({ maxCost, policy: lirs })`. A bundle carries only the policies
// it imports (each definition is a pure call, so bundlers drop the others). The public types of
// the policies' options (PolicyOptionsMap) are derived from this list.
export { wTinyLfu } from './policies/w-tinylfu/definition.js';
export { tinyLfu } from './policies/tinylfu.js';
export { fifo } from './policies/fifo.js';
export { lru, fastLru } from './policies/lru.js';
export { lruK } from './policies/lru-k.js';
export { lfu } from './policies/lfu.js';
export { heapLfu } from './policies/heap-lfu.js';
export { twoQ } from './policies/two-q.js';
export { s3Fifo } from './policies/s3-fifo.js';
export { arc } from './policies/arc.js';
export { car } from './policies/car.js';
export { lifo } from './policies/lifo.js';
export { mfu } from './policies/mfu.js';
export { mru } from './policies/mru.js';
export { random } from './policies/random.js';
export { slru } from './policies/slru.js';
export { clock } from './policies/clock.js';
export { clockPro } from './policies/clock-pro.js';
export { nru } from './policies/nru.js';
export { lirs } from './policies/lirs.js';
export { sieve } from './policies/sieve.js';
