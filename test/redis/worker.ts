// A child process of the multi-process Redis tests (forked with tsx): one TieredCache on its own
// client, driven by messages from the test ({ id, op, ... } → { id, result } or { id, error }).
import { TieredCache } from '../../src/adapters/redis/index.js';
import { connect, subscribed, type ClientKind, type TestClient } from './clients.js';

export type Request =
  | { op: 'init'; url: string; namespace: string; kind: ClientKind; id: number }
  | { op: 'set'; key: string; value: string; id: number }
  | { op: 'get' | 'delete' | 'peek'; key: string; id: number }
  | { op: 'dump' | 'ready' | 'close' | 'stats'; id: number }
  | { op: 'workload'; worker: number; keys: number; ms: number; concurrency: number; id: number }
  | { op: 'stampede'; keys: string[]; at: number; loadMs: number; id: number }
  | {
      op: 'coherence';
      worker: number;
      workers: number;
      keys: number;
      ms: number;
      concurrency: number;
      db: string;
      id: number;
    };

let client: TestClient | undefined;
let database: TestClient | undefined;
let cache: TieredCache<string | null> | undefined;

/** A small seeded generator, so each worker's workload is its own and reproducible. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function handle(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'init':
      client = await connect(request.kind, request.url);
      cache = new TieredCache<string | null>({
        local: { maxCost: 100_000 },
        redis: client.client,
        namespace: request.namespace,
        timeout: 250,
        onError: () => {},
      });
      await subscribed(cache);
      return process.pid;
    case 'set':
      return cache!.set(request.key, request.value);
    case 'get':
      return (await cache!.get(request.key)) ?? null;
    case 'delete':
      return cache!.delete(request.key);
    case 'peek':
      return cache!.local.peek(request.key) ?? null;
    case 'stats':
      return cache!.stats();
    case 'dump':
      return [...cache!.local.entries()];
    case 'ready':
      return subscribed(cache!);
    case 'workload': {
      // Random writes (unique values), reads and deletes over `keys` keys for `ms` milliseconds;
      // failures (Redis down) counted, not thrown.
      const next = random(request.worker + 1);
      const counts = { set: 0, get: 0, delete: 0, failed: 0 };
      const end = Date.now() + request.ms;
      let done = 0;
      const lane = async () => {
        while (Date.now() < end) {
          done++;
          const key = `k${Math.floor(next() * request.keys)}`;
          const r = next();
          try {
            if (r < 0.4) await cache!.set(key, `w${request.worker}:${done}`), counts.set++;
            else if (r < 0.9) await cache!.get(key), counts.get++;
            else await cache!.delete(key), counts.delete++;
          } catch {
            counts.failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: request.concurrency }, lane));
      return counts;
    }
    case 'coherence': {
      // Cache-aside over a "database" (a second redis-server that stays up): a write changes the
      // row, then set()s the cache (or deletes the row, then delete()s the key), retrying until
      // the cache confirms, as an application must; a fetch() loads the row, slowly, so that
      // writes land during loads. Each key is written by one worker, one write at a time (two
      // writers racing on one key is another problem); every worker fetches every key.
      database ??= await connect('redis', request.db);
      const db = database;
      const next = random(request.worker + 101);
      const counts = { set: 0, delete: 0, fetch: 0, failed: 0 };
      const end = Date.now() + request.ms;
      const writing = new Set<string>();
      let done = 0;
      const confirm = async (write: () => Promise<unknown>) => {
        for (;;) {
          try {
            return await write();
          } catch {
            counts.failed++;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      };
      const lane = async () => {
        while (Date.now() < end) {
          done++;
          const key = `k${Math.floor(next() * request.keys)}`;
          const r = next();
          if (r < 0.3 && Number(key.slice(1)) % request.workers === request.worker && !writing.has(key)) {
            writing.add(key);
            if (r < 0.2) {
              const value = `w${request.worker}:${done}`;
              await db.command(['SET', `db:${key}`, value]);
              await confirm(() => cache!.set(key, value));
              counts.set++;
            } else {
              await db.command(['DEL', `db:${key}`]);
              await confirm(() => cache!.delete(key));
              counts.delete++;
            }
            writing.delete(key);
          } else {
            await cache!.fetch(key, async () => {
              const row = (await db.command(['GET', `db:${key}`])) as string | null;
              await new Promise((resolve) => setTimeout(resolve, next() * 30));
              return row;
            });
            counts.fetch++;
          }
        }
      };
      await Promise.all(Array.from({ length: request.concurrency }, lane));
      return counts;
    }
    case 'stampede': {
      let loads = 0;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, request.at - Date.now())));
      await Promise.all(
        request.keys.map((key) =>
          cache!.fetch(key, async () => {
            loads++;
            await new Promise((resolve) => setTimeout(resolve, request.loadMs));
            return `loaded ${key}`;
          }),
        ),
      );
      return loads;
    }
    case 'close':
      await cache?.close();
      await client?.close();
      await database?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (result) => process.send!({ id: request.id, result: result ?? null }),
    (error: unknown) => process.send!({ id: request.id, error: String(error) }),
  );
});
