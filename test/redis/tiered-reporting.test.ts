// How TieredCache tells of the failures nobody awaits (a get()'s miss, a lock, Redis's clock),
// against a real redis-server with each client it accepts: to onError and 'error' listeners, or
// printed as one line at most once a second when nobody listens; a throwing onError is printed
// and never turns a get() into a rejection. The failures are real error replies from Redis
// (WRONGTYPE, a refused SET), which leave the breaker closed, so the tier is not "down" meanwhile.
import { announceSkip } from '../helpers.js';
import { describe, expect, it, vi } from 'vitest';
import { TieredCache, type TieredCacheError } from '../../src/adapters/redis/index.js';
import { inCI } from '../runtimes/package.js';
import { CLIENT_KINDS, intercept, subscribed, type TestClient } from './clients.js';
import { missingRedis } from './server.js';
import { redisSuite } from './suite.js';
import { payload } from './stored.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let names = 0;
const namespace = () => `r${++names}`;

announceSkip('TieredCache failure reporting over redis-server', missingRedis);
describe.skipIf(missingRedis !== undefined && !inCI).each(CLIENT_KINDS)(
  `TieredCache failure reporting over redis-server, %s client${missingRedis ? ` (skipped: ${missingRedis})` : ''}`,
  (kind) => {
    const suite = redisSuite(kind);
    const { caches } = suite;
    const client = () => suite.client();

    /** A TieredCache on `c` (a new client by default), closed after the suite; not awaited ready. */
    async function tiered<V>(
      options: Partial<ConstructorParameters<typeof TieredCache<V>>[0]> & { namespace: string },
      c?: TestClient,
    ) {
      const cache = new TieredCache<V>({
        local: { maxCost: 1_000 },
        redis: (c ?? (await client())).client,
        timeout: 300,
        ...options,
      });
      caches.push(cache);
      return cache;
    }

    /** Another program's hash at `key` of `ns`: a GET of it is an error reply (WRONGTYPE). */
    const foreignHash = (ns: string, key: string) => suite.redis.command(['HSET', `${ns}:${key}`, 'field', 'not ours']);

    it('nobody listening: a failed get() is a miss, printed as one line, and at most one line a second', async () => {
      const ns = namespace();
      await foreignHash(ns, 'h');
      const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const cache = await tiered<string>({ namespace: ns });
        await subscribed(cache);
        expect(await cache.get('h')).toBeUndefined();
        expect(await cache.get('h')).toBeUndefined(); // the same second: not printed again
        expect(printed.mock.calls.map((call) => String(call[0]))).toEqual([
          expect.stringMatching(/^cortado\/redis: get of "h" failed: .*WRONGTYPE/),
        ]);
        await sleep(1_100);
        expect(await cache.get('h')).toBeUndefined();
        expect(printed).toHaveBeenCalledTimes(2);
        expect(cache.stats()).toMatchObject({ breaker: 'closed', failures: 3 });
      } finally {
        printed.mockRestore();
      }
    });

    it("an 'error' listener or onError hears each failure instead of the console; a throwing onError is printed, the get() still a miss", async () => {
      const ns = namespace();
      await foreignHash(ns, 'h');
      const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const listened = await tiered<string>({ namespace: ns });
        const heard: TieredCacheError[] = [];
        listened.on('error', (e: TieredCacheError) => heard.push(e));
        await subscribed(listened);
        expect(await listened.get('h')).toBeUndefined();
        expect(await listened.get('h')).toBeUndefined();
        expect(heard.map((e) => [e.operation, e.key])).toEqual([
          ['get', 'h'],
          ['get', 'h'],
        ]);
        expect(printed).not.toHaveBeenCalled();

        const both: string[] = [];
        const handled = await tiered<string>({ namespace: ns, onError: (e) => both.push(`onError ${e.operation}`) });
        handled.on('error', (e: TieredCacheError) => both.push(`listener ${e.operation}`));
        await subscribed(handled);
        expect(await handled.get('h')).toBeUndefined();
        expect(both).toEqual(['onError get', 'listener get']);
        expect(printed).not.toHaveBeenCalled();

        const thrown = new Error('onError failed');
        const throwing = await tiered<string>({
          namespace: ns,
          onError: () => {
            throw thrown;
          },
        });
        await subscribed(throwing);
        await expect(throwing.get('h')).resolves.toBeUndefined();
        expect(printed.mock.calls).toEqual([[thrown]]); // the throw, not the failure it was told
      } finally {
        printed.mockRestore();
      }
    });

    /** A real error reply of this client's kind (Redis refusing a SET with a zero expiry), for an interceptor to answer with. */
    const refusal = () => suite.redis.command(['SET', 'refused', 'x', 'PX', '0']);

    it('set(), delete() and clear() that Redis refuses reject, each error naming its operation and key; L1 keeps nothing of them', async () => {
      const ns = namespace();
      const own = await client();
      let refusing = false;
      intercept(own, (_args, send) => (refusing ? refusal() : send()));
      const cache = await tiered<string>({ namespace: ns, onError: () => {} }, own);
      await subscribed(cache);
      await cache.set('k', 'v');
      refusing = true;
      await expect(cache.set('k', 'w')).rejects.toMatchObject({
        operation: 'set',
        key: 'k',
        message: expect.stringMatching(/^cortado\/redis: set of "k" failed: .*invalid expire time/),
      });
      expect(cache.local.has('k')).toBe(false); // the write's outcome is unknown
      await expect(cache.delete('k')).rejects.toMatchObject({ operation: 'delete', key: 'k' });
      cache.local.set('j', 'local');
      await expect(cache.clear()).rejects.toMatchObject({
        operation: 'clear',
        key: undefined,
        message: expect.stringMatching(/^cortado\/redis: clear failed/),
      });
      expect(cache.local.size).toBe(0);
      expect(cache.stats().breaker).toBe('closed'); // error replies: Redis is up
      refusing = false;
      expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"v"'); // none of them landed
    });

    it('a value the serializer reads as undefined is a miss, reported as a failed deserialize, and deleted from Redis', async () => {
      const ns = namespace();
      const errors: TieredCacheError[] = [];
      const cache = await tiered<string>({
        namespace: ns,
        onError: (e) => errors.push(e),
        serializer: { serialize: JSON.stringify, deserialize: () => undefined as never },
      });
      await subscribed(cache);
      await cache.set('k', 'v');
      cache.local.delete('k');
      expect(await cache.get('k')).toBeUndefined();
      expect(errors.map((e) => [e.operation, e.key, (e.cause as Error).message])).toEqual([
        ['deserialize', 'k', 'serializer.deserialize returned undefined'],
      ]);
      expect(cache.local.has('k')).toBe(false);
      expect(await suite.redis.command(['EXISTS', `${ns}:k`])).toBe(0);
    });

    it("an unreadable value whose delete Redis refuses: the get() is a miss, the delete's failure is reported", async () => {
      const ns = namespace();
      const own = await client();
      intercept(own, (args, send) => (args.includes('unreadable') ? refusal() : send()));
      const errors: TieredCacheError[] = [];
      const cache = await tiered<string>({ namespace: ns, onError: (e) => errors.push(e) }, own);
      await subscribed(cache);
      await suite.redis.command(['SET', `${ns}:k`, 'unreadable']);
      expect(await cache.get('k')).toBeUndefined();
      await sleep(50); // the delete is sent in the background
      expect(errors.map((e) => [e.operation, e.key])).toEqual([
        ['deserialize', 'k'],
        ['delete', 'k'],
      ]);
      expect(await suite.redis.command(['GET', `${ns}:k`])).toBe('unreadable');
    });

    it("'down' and 'up' are printed only when nobody hears them: onError, an 'error' listener, or a listener of the event itself", async () => {
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      let failing = false;
      const cut = async () => {
        const own = await client();
        intercept(own, (_args, send) =>
          failing ? Promise.reject(new Error('connection reset (the command connection alone)')) : send(),
        );
        return own;
      };
      try {
        const withOnError = await tiered<string>({ namespace: namespace(), onError: () => {} }, await cut());
        const withErrorListener = await tiered<string>({ namespace: namespace() }, await cut());
        withErrorListener.on('error', () => {});
        const withDownListener = await tiered<string>({ namespace: namespace() }, await cut());
        const downs: unknown[] = [];
        withDownListener.on('down', (e: unknown) => downs.push(e));
        const withUpListener = await tiered<string>({ namespace: namespace() }, await cut());
        const ups: number[] = [];
        withUpListener.on('up', (ms: number) => ups.push(ms));
        const all = [withOnError, withErrorListener, withDownListener, withUpListener];
        for (const cache of all) await subscribed(cache);
        const t0 = performance.now();
        failing = true;
        for (const cache of all) expect(await cache.get('absent')).toBeUndefined();
        for (const cache of all) expect(cache.stats().breaker).not.toBe('closed');
        expect(downs.map((e) => (e as Error).message)).toEqual(['connection reset (the command connection alone)']);
        expect(warned).toHaveBeenCalledTimes(1); // withUpListener's 'down', which nobody hears
        failing = false;
        const back = async () => {
          for (;;) {
            if (all.every((cache) => cache.stats().breaker === 'closed') && ups.length === 1) return;
            await sleep(10);
          }
        };
        await back();
        const elapsed = performance.now() - t0;
        // Nobody hears withUpListener's 'down', nor withDownListener's 'up': those two are printed.
        expect(warned.mock.calls.map((call) => String(call[0]))).toEqual([
          `cortado/redis: TieredCache "${withUpListener.namespace}": Redis unreachable (connection reset (the command connection alone)); serving L1 and loading without Redis until it answers again`,
          expect.stringMatching(
            new RegExp(
              `^cortado/redis: TieredCache "${withDownListener.namespace}": Redis answers again \\(unreachable for \\d+ ms\\)$`,
            ),
          ),
        ]);
        expect(ups[0]).toBeGreaterThan(0);
        expect(ups[0]).toBeLessThanOrEqual(elapsed); // the ms since its own 'down', within this test
      } finally {
        failing = false;
        warned.mockRestore();
      }
    });

    it("Redis's clock unreadable (TIME answers nonsense): ready() rejects, the failure is reported as 'time', and values with a TTL stay out of L1", async () => {
      const ns = namespace();
      const own = await client();
      intercept(own, (args, send) => (args[0] === 'TIME' ? Promise.resolve('not a time') : send()));
      const errors: TieredCacheError[] = [];
      const cache = await tiered<string>({ namespace: ns, onError: (e) => errors.push(e), timeout: 200 }, own);
      await expect(cache.ready()).rejects.toThrow(/ready failed/);
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect([error.operation, error.key]).toEqual(['time', undefined]);
        expect(error.message).toMatch(/TIME replied "not a time"/);
      }
      await cache.set('timed', 'v', { ttl: 60_000 });
      expect(payload(await suite.redis.command(['GET', `${ns}:timed`]))).toBe('"v"');
      cache.local.delete('timed');
      expect(await cache.get('timed')).toBe('v');
      expect(cache.local.has('timed')).toBe(false); // how long Redis keeps it is unknown here
      expect(errors.every((e) => e.operation === 'time')).toBe(true); // left out of L1 without trying it
    });

    it("fetch(): a lock Redis refuses (an error reply to its SET NX) is reported as 'lock'; the load runs without it and is stored", async () => {
      const ns = namespace();
      const own = await client();
      // A real error reply, of this client's own kind: a SET with an expiry Redis refuses.
      intercept(own, (args, send) =>
        args[0] === 'SET' && args.includes('NX') ? suite.redis.command(['SET', args[1]!, 'x', 'PX', '0']) : send(),
      );
      const errors: TieredCacheError[] = [];
      const cache = await tiered<string>({ namespace: ns, onError: (e) => errors.push(e) }, own);
      await subscribed(cache);
      expect(await cache.fetch('k', () => 'loaded')).toBe('loaded');
      expect(errors.map((e) => [e.operation, e.key])).toEqual([['lock', 'k']]);
      expect(errors[0]!.message).toMatch(/^cortado\/redis: lock of "k" failed: .*invalid expire time/);
      expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"loaded"');
      expect(cache.local.peek('k')).toBe('loaded');
      expect(await suite.redis.command(['EXISTS', `${ns}+lock:k`])).toBe(0);
    });
  },
);
