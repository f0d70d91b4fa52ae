import { createClient } from 'redis';
import { TieredCache } from 'cortado/redis';

const redis = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' })
  .on('error', (error) => console.error('redis:', error.message))
  .connect();

// Two TieredCaches on one namespace, as two processes of an app would have: each its own L1
// (a cortado Cache), one Redis between them.
const options = { local: { maxCost: 10_000 }, redis, namespace: 'users', ttl: 60_000 };
const a = new TieredCache(options);
const b = new TieredCache(options);
await Promise.all([a.ready(), b.ready()]); // subscribed to the invalidation channel

// A miss everywhere: one load, stored in Redis and in a's L1; b finds it in Redis.
const user = await a.fetch('42', async (id) => ({ id, name: 'Ada' }));
console.log(user, await b.get('42')); // { id: '42', name: 'Ada' } { id: '42', name: 'Ada' }

// A write goes to Redis, then a's L1; b's L1 drops its copy when the message arrives (well
// under a millisecond here: until then b may still answer the old value).
const delivery = () => new Promise((resolve) => setTimeout(resolve, 50));
await a.set('42', { id: '42', name: 'Ada Lovelace' });
await delivery();
console.log(b.local.has('42'), (await b.get('42')).name); // false Ada Lovelace

console.log(await b.delete('42')); // true
await delivery();
console.log(await a.get('42')); // undefined

await Promise.all([a.close(), b.close()]); // the client stays yours: close it yourself
await redis.close();
