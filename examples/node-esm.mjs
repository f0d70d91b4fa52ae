import { Cache } from 'cortado';

// Construction is synchronous: the WebAssembly core is inlined and compiled on first use.
const cache = new Cache({ maxCost: 2, policy: 'lru' });
cache.set('a', 1);
cache.set('b', 2);
cache.get('a'); // 'a' is now the most recently used
cache.set('c', 3); // over budget: evicts 'b', the least recently used
console.log(cache.has('b'), cache.get('a'), cache.get('c')); // false 1 3

// Per-entry time to live, in milliseconds.
cache.set('token', 'abc', { ttl: 50 });
console.log(cache.get('token')); // abc
await new Promise((resolve) => setTimeout(resolve, 100));
console.log(cache.get('token')); // undefined
