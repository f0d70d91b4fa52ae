// Entry `cortado/redis`: TieredCache, a cortado Cache in each process over one Redis, with an
// invalidation bus on a Redis channel. The Redis client is yours (`redis` or `ioredis`, optional
// peer dependencies): pass it in; nothing here imports either.
export { TieredCache, type TieredSetOptions, type TieredStats } from './tiered-cache.js';
export type { BreakerState } from './breaker.js';
export type { TieredCacheOptions, Serializer } from './options.js';
export { TieredCacheError } from './error.js';
export type { RedisClient, NodeRedisClient, IoredisClient } from './client.js';
