// Three Node processes (child_process.fork), each with a TieredCache, sharing one redis-server:
// each sees the others' writes and deletes within 100 ms with its L1 hot; a 10,000-key random
// workload, during which Redis is killed and restarted, ends with every L1 value equal to Redis's
// or absent; and a fetch() stampede loads each key once across the processes.
import { announceSkip } from '../helpers.js';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCI } from '../runtimes/package.js';
import { connect, type TestClient } from './clients.js';
import { missingRedis, RedisServer } from './server.js';
import { payload } from './stored.js';
import type { Request } from './worker.js';

if (missingRedis !== undefined && !inCI) console.warn(`redis processes suite skipped: ${missingRedis}`);

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;

/** One child process and a request/response channel to it. */
class Worker {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor() {
    this.child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id)!;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
  }

  call<T = unknown>(request: Distributive<Request>): Promise<T> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...request, id });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await Promise.race([this.call({ op: 'close' }), sleep(2_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await exited;
  }
}

announceSkip('three processes sharing one Redis', missingRedis);
describe.skipIf(missingRedis !== undefined && !inCI)(
  `three processes sharing one Redis${missingRedis ? ` (skipped: ${missingRedis})` : ''}`,
  () => {
    let server: RedisServer;
    let redis: TestClient;
    const workers: Worker[] = [];

    beforeAll(async () => {
      if (missingRedis !== undefined) throw new Error(`CI=true but ${missingRedis}`);
      server = await RedisServer.start();
      redis = await connect('redis', server.url);
    });

    afterAll(async () => {
      await Promise.all(workers.map((w) => w.close()));
      await redis?.close();
      await server?.stop();
    });

    /** Three workers on `namespace`; the third uses ioredis, so both clients share a bus. */
    async function start(namespace: string): Promise<Worker[]> {
      const started = [new Worker(), new Worker(), new Worker()];
      workers.push(...started);
      await Promise.all(
        started.map((w, i) => w.call({ op: 'init', url: server.url, namespace, kind: i === 2 ? 'ioredis' : 'redis' })),
      );
      return started;
    }

    /** Milliseconds until a get(key) by `worker` leaves `expected` in its L1 (polled), or Infinity after 1 s. */
    async function hot(worker: Worker, key: string, expected: string, since: number): Promise<number> {
      while (Date.now() - since < 1_000) {
        await worker.call({ op: 'get', key });
        if ((await worker.call({ op: 'peek', key })) === expected) return Date.now() - since;
        await sleep(5);
      }
      return Infinity;
    }

    /** Milliseconds until `worker`'s get(key) returns `expected` (polled), or Infinity after 1 s. */
    async function seen(worker: Worker, key: string, expected: string | null, since: number): Promise<number> {
      while (Date.now() - since < 1_000) {
        if ((await worker.call({ op: 'get', key })) === expected) return Date.now() - since;
      }
      return Infinity;
    }

    it('each process sees the others’ writes and deletes within 100 ms, with its L1 hot', async () => {
      const trio = await start('visible');
      for (let round = 0; round < 9; round++) {
        const key = `k${round % 3}`;
        const writer = trio[round % 3]!;
        const readers = trio.filter((w) => w !== writer);
        await writer.call({ op: 'set', key, value: `old ${round}` });
        const written = Date.now();
        for (const reader of readers) {
          expect(await reader.call({ op: 'get', key })).toBe(`old ${round}`);
          // Hot in L1 soon: the write's own invalidation may reach this reader after its get and
          // drop (or skip) that fill, so a get after it is what must stay in L1.
          expect(await hot(reader, key, `old ${round}`, written)).toBeLessThan(100);
        }
        let t0 = Date.now();
        await writer.call({ op: 'set', key, value: `new ${round}` });
        for (const reader of readers) expect(await seen(reader, key, `new ${round}`, t0)).toBeLessThan(100);
        t0 = Date.now();
        await writer.call({ op: 'delete', key });
        for (const reader of readers) expect(await seen(reader, key, null, t0)).toBeLessThan(100);
      }
    });

    it('10,000 keys, random writes/reads/deletes from 3 processes, Redis killed and restarted midway: no stale L1 value survives', async () => {
      const trio = await start('workload');
      const KEYS = 10_000;
      const run = Promise.all(
        trio.map((w, worker) =>
          w.call<{ set: number; get: number; delete: number; failed: number }>({
            op: 'workload',
            worker,
            keys: KEYS,
            ms: 5_000,
            concurrency: 16,
          }),
        ),
      );
      await sleep(1_500);
      await server.kill();
      await sleep(400);
      await server.restart(); // about 3 s before the workload ends
      const counts = await run;
      const failed = counts.reduce((n, c) => n + c.failed, 0);
      expect(failed, 'some operations failed while Redis was down').toBeGreaterThan(0);
      for (const c of counts) expect(c.set + c.get + c.delete).toBeGreaterThan(5_000);
      // Every bus healthy again (each cleared its L1 when it came back), then compare.
      await Promise.all(trio.map((w) => w.call({ op: 'ready' })));
      await sleep(100);
      let compared = 0;
      for (const worker of trio) {
        const l1 = await worker.call<[string, string][]>({ op: 'dump' });
        expect(l1.length, 'L1 holds values again after the restart').toBeGreaterThan(100);
        const inRedis = (await redis.command(['MGET', ...l1.map(([key]) => `workload:${key}`)])) as (string | null)[];
        const stale = l1.filter(([, value], i) => payload(inRedis[i]) !== JSON.stringify(value));
        expect(stale, 'L1 values that differ from Redis').toEqual([]);
        compared += l1.length;
      }
      expect(compared).toBeGreaterThan(300);
    });

    it('cache-aside from 3 processes (writes, deletes and slow loads of the same 200 keys), Redis killed midway: no key ends older than its last write', async () => {
      const database = await RedisServer.start(); // the application's database: it stays up
      try {
        const db = await connect('redis', database.url);
        const trio = await start('coherence');
        const KEYS = 200;
        const run = Promise.all(
          trio.map((w, worker) =>
            w.call<Record<string, number>>({
              op: 'coherence',
              worker,
              workers: 3,
              keys: KEYS,
              ms: 4_000,
              concurrency: 16,
              db: database.url,
            }),
          ),
        );
        await sleep(1_500);
        await server.kill();
        await sleep(400);
        await server.restart();
        const counts = await run;
        for (const c of counts) expect(c.fetch).toBeGreaterThan(200);
        const stats = await Promise.all(
          trio.map((w) => w.call<{ discardedLoads: number; outages: number }>({ op: 'stats' })),
        );
        expect(
          stats.reduce((n, s) => n + s.discardedLoads, 0),
          'loads overtaken by a write (the case under test)',
        ).toBeGreaterThan(0);
        for (const s of stats) expect(s.outages).toBeGreaterThan(0);
        expect(counts.reduce((n, c) => n + c.set + c.delete, 0)).toBeGreaterThan(200);
        await Promise.all(trio.map((w) => w.call({ op: 'ready' })));
        await sleep(100);
        const keys = Array.from({ length: KEYS }, (_, i) => `k${i}`);
        const rows = (await db.command(['MGET', ...keys.map((k) => `db:${k}`)])) as (string | null)[];
        const truth = new Map(keys.map((k, i) => [k, JSON.stringify(rows[i] ?? null)]));
        const inRedis = (await redis.command(['MGET', ...keys.map((k) => `coherence:${k}`)])) as (string | null)[];
        const staleInRedis = keys.filter((k, i) => inRedis[i] !== null && payload(inRedis[i]) !== truth.get(k));
        expect(staleInRedis, 'keys whose Redis value is older than their last write').toEqual([]);
        for (const worker of trio) {
          const l1 = await worker.call<[string, string | null][]>({ op: 'dump' });
          expect(
            l1.filter(([k, v]) => JSON.stringify(v) !== truth.get(k)),
            'L1 values older than their last write',
          ).toEqual([]);
        }
        await db.close();
      } finally {
        await database.stop();
      }
    });

    it('a fetch() stampede on 100 keys from 3 processes loads each key once', async () => {
      const trio = await start('stampede');
      const keys = Array.from({ length: 100 }, (_, i) => `user:${i}`);
      const at = Date.now() + 200; // the three start together
      const loads = await Promise.all(trio.map((w) => w.call<number>({ op: 'stampede', keys, at, loadMs: 30 })));
      expect(loads.reduce((a, b) => a + b, 0)).toBe(100);
      for (const w of trio) expect(await w.call({ op: 'get', key: 'user:7' })).toBe('loaded user:7');
    });

    it('a fetch() stampede on 100 keys from 3 processes while Redis is paused: one load per key in each process', async () => {
      const trio = await start('paused-stampede');
      const keys = Array.from({ length: 100 }, (_, i) => `user:${i}`);
      const at = Date.now() + 200;
      server.pause();
      try {
        const loads = await Promise.all(trio.map((w) => w.call<number>({ op: 'stampede', keys, at, loadMs: 30 })));
        expect(loads).toEqual([100, 100, 100]);
      } finally {
        server.resume();
      }
    });
  },
);
