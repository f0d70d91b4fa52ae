// One redis-server per describe block of the TieredCache suites, and the clients and caches its
// tests open: the server starts before the block's tests; after them every cache and client is
// closed and the server stopped. Under CI=true a missing redis-server fails the block.
import { afterAll, beforeAll } from 'vitest';
import type { TieredCache } from '../../src/adapters/redis/index.js';
import { type ClientKind, connect, type TestClient } from './clients.js';
import { missingRedis, RedisServer } from './server.js';

export interface RedisSuite {
  /** The block's server (set before its first test). */
  readonly server: RedisServer;
  /** A client of the block's own, to set up and inspect Redis. */
  readonly redis: TestClient;
  /** Caches to close after the block. */
  readonly caches: TieredCache<any>[];
  /** A new client of `kind`, closed after the block. */
  client(): Promise<TestClient>;
}

/** Registers the block's beforeAll and afterAll; call it from inside the describe. */
export function redisSuite(kind: ClientKind): RedisSuite {
  let server: RedisServer | undefined;
  let redis: TestClient | undefined;
  const clients: TestClient[] = [];
  const caches: TieredCache<any>[] = [];
  const suite: RedisSuite = {
    get server() {
      return server!;
    },
    get redis() {
      return redis!;
    },
    caches,
    async client() {
      const c = await connect(kind, server!.url);
      clients.push(c);
      return c;
    },
  };
  beforeAll(async () => {
    if (missingRedis !== undefined) throw new Error(`CI=true but ${missingRedis}`);
    server = await RedisServer.start();
    redis = await suite.client();
  });
  afterAll(async () => {
    for (const cache of caches) await cache.close();
    for (const c of clients) await c.close();
    await server?.stop();
  });
  return suite;
}
