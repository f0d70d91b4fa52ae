import { createCache } from 'cache-manager';
import { createKeyv } from 'cortado/keyv';

// cache-manager over a cortado Cache: values are kept as they are (no JSON round trip).
const cache = createCache({ stores: [await createKeyv({ maxCost: 10_000 })] });

let calls = 0;
const loadUser = async (id) => ({ id, name: `user ${id}`, call: ++calls });

// 100 concurrent callers of wrap(): one call of loadUser, one value for all.
const users = await Promise.all(Array.from({ length: 100 }, () => cache.wrap('user:1', () => loadUser(1), 60_000)));
console.log(users.every((user) => user === users[0]), calls); // true 1

// TTLs in milliseconds.
await cache.set('session', { token: 'abc' }, 50);
console.log(await cache.get('session')); // { token: 'abc' }
await new Promise((resolve) => setTimeout(resolve, 100));
console.log(await cache.get('session')); // undefined
