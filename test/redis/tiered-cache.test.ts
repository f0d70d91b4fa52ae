// TieredCache in one process against a real redis-server, with each client it accepts: L1 then
// Redis, L1's TTL from PTTL, invalidation between two instances, clear() of one namespace,
// values that fail to deserialize, fetch() with its per-process and Redis locks, and faults
// (Redis killed, then restarted; Redis frozen) in which get() keeps answering.
import { announceSkip, ManualClock } from '../helpers.js';
import { describe, expect, it, vi } from 'vitest';
import { Cache } from '../../src/index.js';
import { TieredCache, TieredCacheError } from '../../src/adapters/redis/index.js';
import { inCI } from '../runtimes/package.js';
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import { CLIENT_KINDS, intercept, subscribed } from './clients.js';
import { missingRedis } from './server.js';
import { redisSuite } from './suite.js';
import { parseStoredText, payload, putStored, redisNow } from './stored.js';

if (missingRedis !== undefined && !inCI) console.warn(`redis suite skipped: ${missingRedis}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
}

let names = 0;
const namespace = () => `t${++names}`;

announceSkip('TieredCache over redis-server', missingRedis);
describe.skipIf(missingRedis !== undefined && !inCI).each(CLIENT_KINDS)(
  `TieredCache over redis-server, %s client${missingRedis ? ` (skipped: ${missingRedis})` : ''}`,
  (kind) => {
    const suite = redisSuite(kind);
    const { caches } = suite;
    const client = () => suite.client();

    /** A TieredCache on its own client, ready (bus subscribed), errors collected. */
    async function tiered<V>(
      options: Partial<ConstructorParameters<typeof TieredCache<V>>[0]> & { namespace: string },
    ) {
      const errors: TieredCacheError[] = [];
      const cache = new TieredCache<V>({
        local: { maxCost: 1_000 },
        redis: (await client()).client,
        timeout: 300,
        onError: (e) => errors.push(e),
        ...options,
      });
      caches.push(cache);
      await subscribed(cache);
      return { cache, errors };
    }

    it('set writes Redis then L1; get reads L1, else Redis, then keeps it in L1; delete removes both', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<{ n: number }>({ namespace: ns });
      const { cache: b } = await tiered<{ n: number }>({ namespace: ns });
      await a.set('k', { n: 1 });
      expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('{"n":1}');
      expect(a.local.peek('k')).toEqual({ n: 1 });
      expect(b.local.has('k')).toBe(false);
      expect(await b.get('k')).toEqual({ n: 1 });
      expect(b.local.peek('k')).toEqual({ n: 1 }); // filled
      expect(await b.get('absent')).toBeUndefined();
      expect(b.stats().foreignValues).toBe(0); // an absent key is a plain miss, not a value of another program
      expect(await a.delete('k')).toBe(true);
      expect(await a.delete('k')).toBe(false);
      expect(await suite.redis.command(['EXISTS', `${ns}:k`])).toBe(0);
      expect(a.local.has('k')).toBe(false);
      expect(await within(100, () => !b.local.has('k'))).toBe(true);
    });

    it('an L1 entry never outlives its Redis TTL (the stored deadline sets L1’s TTL)', async () => {
      const ns = namespace();
      const { cache } = await tiered<string>({ namespace: ns, localTtl: 60_000 });
      await putStored(suite.redis.command, `${ns}:short`, '"v"', 300);
      expect(await cache.get('short')).toBe('v');
      const left = cache.local.getTTL('short')!;
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(300);
      await cache.set('own', 'w', { ttl: 200 });
      expect(cache.local.getTTL('own')).toBeLessThanOrEqual(200);
      expect(Number(await suite.redis.command(['PTTL', `${ns}:own`]))).toBeGreaterThan(100);
      await sleep(320);
      expect(cache.local.has('short')).toBe(false);
      expect(cache.local.has('own')).toBe(false);
      expect(await cache.get('short')).toBeUndefined();
    });

    it('stores values in the one-GET format: the header holds Redis’s own expiry, and an L2 hit is one GET', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<{ n: number }>({ namespace: ns });
      const { cache: b, errors } = await tiered<{ n: number }>({ namespace: ns });
      const before = await redisNow(suite.redis.command);
      await a.set('timed', { n: 1 }, { ttl: 5_000 });
      const after = await redisNow(suite.redis.command);
      const timed = parseStoredText(await suite.redis.command(['GET', `${ns}:timed`]))!;
      expect(timed.payload).toBe('{"n":1}');
      expect(timed.deadline).toBeGreaterThanOrEqual(before + 5_000);
      expect(timed.deadline).toBeLessThanOrEqual(after + 5_000);
      expect(Number(await suite.redis.command(['PEXPIRETIME', `${ns}:timed`]))).toBe(timed.deadline);
      await a.set('forever', { n: 2 }, { ttl: 0 });
      expect(await suite.redis.command(['GET', `${ns}:forever`])).toBe('\x01:{"n":2}');
      expect(await suite.redis.command(['PTTL', `${ns}:forever`])).toBe(-1);
      await a.set('endless', { n: 4 }, { ttl: Infinity }); // Infinity: no expiry either
      expect(await suite.redis.command(['GET', `${ns}:endless`])).toBe('\x01:{"n":4}');
      expect(await suite.redis.command(['PTTL', `${ns}:endless`])).toBe(-1);
      expect(a.local.getTTL('endless')).toBe(Infinity);
      await a.fetch('loaded', () => ({ n: 3 }), { ttl: 5_000 });
      const loaded = parseStoredText(await suite.redis.command(['GET', `${ns}:loaded`]))!;
      expect(loaded.payload).toBe('{"n":3}');
      expect(Number(await suite.redis.command(['PEXPIRETIME', `${ns}:loaded`]))).toBe(loaded.deadline);
      const calls = async () => {
        const info = String(await suite.redis.command(['INFO', 'commandstats']));
        const count = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
        return { get: count('get'), pttl: count('pttl'), scripts: count('evalsha') + count('eval') };
      };
      const was = await calls();
      expect(await b.get('timed')).toEqual({ n: 1 }); // L2 hit
      const now = await calls();
      expect(now).toEqual({ get: was.get + 1, pttl: was.pttl, scripts: was.scripts });
      expect(b.local.getTTL('timed')).toBeLessThanOrEqual(5_000);
      expect(b.local.peek('forever')).toBeUndefined();
      expect(await b.get('forever')).toEqual({ n: 2 });
      expect(b.local.getTTL('forever')).toBe(Infinity);
      expect(errors).toEqual([]);
    });

    for (const skew of [-30_000, 30_000])
      it(`a process whose clock is ${skew / 1_000} s off keeps an L2 hit in L1 no longer than Redis keeps it`, async () => {
        const ns = namespace();
        const { cache: writer } = await tiered<string>({ namespace: ns });
        const realNow = Date.now.bind(Date);
        const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
        try {
          const { cache: reader } = await tiered<string>({ namespace: ns, localTtl: 60_000 });
          await writer.set('k', 'v', { ttl: 2_000 });
          expect(await reader.get('k')).toBe('v');
          // The write's own invalidation may reach the reader after its GET went out, and keep
          // that reply out of L1: a later get fills it.
          expect(await within(500, async () => (await reader.get('k')) === 'v' && reader.local.has('k'))).toBe(true);
          // L1's TTL read after Redis's PTTL (Redis evaluated it earlier, so it had at least that
          // much left): never more than Redis keeps it, plus a ms for PTTL's whole ms; shorter by
          // at most the round trip of the reader's last TIME sample and the drift
          // margin (generous here, for a loaded machine).
          const inRedis = Number(await suite.redis.command(['PTTL', `${ns}:k`]));
          const inL1 = reader.local.getTTL('k');
          expect(inL1).toBeDefined();
          expect(inL1!).toBeLessThanOrEqual(inRedis + 1);
          expect(inL1!).toBeGreaterThan(inRedis - 500);
          await sleep(inRedis + 5);
          expect(reader.local.has('k')).toBe(false);
          expect(await reader.get('k')).toBeUndefined();
        } finally {
          spy.mockRestore();
        }
      });

    it('a value not in the stored format (another program’s, or an older cortado’s) is a miss, deleted, reported once', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<unknown>({ namespace: ns });
      await suite.redis.command(['SET', `${ns}:old`, '{"n":1}']); // JSON as stored before the format
      await suite.redis.command(['SET', `${ns}:cut`, '\x01123']);
      await suite.redis.command(['SET', `${ns}:other`, 'hello']);
      expect(await cache.get('old')).toBeUndefined();
      expect(await cache.get('cut')).toBeUndefined();
      expect(await cache.fetch('other', () => 'loaded')).toBe('loaded');
      expect(errors.map((e) => [e.operation, e.key])).toEqual([['deserialize', 'old']]);
      expect(errors[0]!.message).toMatch(/not in cortado\/redis's stored format/);
      expect(cache.stats().foreignValues).toBe(3);
      expect(
        await within(200, async () => (await suite.redis.command(['EXISTS', `${ns}:old`, `${ns}:cut`])) === 0),
      ).toBe(true);
      expect(payload(await suite.redis.command(['GET', `${ns}:other`]))).toBe('"loaded"'); // the load replaced it
      expect(cache.local.has('old')).toBe(false);
    });

    it('a get() overtaken by a delete() or set() of its key does not put the old value in L1', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<string>({ namespace: ns });
      await a.set('k', 'old');
      a.local.delete('k');
      const read = a.get('k'); // its GET is out…
      const deleted = a.delete('k'); // …when the delete comes, and its reply (the old value) comes first
      expect(await read).toBe('old');
      expect(a.local.has('k')).toBe(false);
      expect(await deleted).toBe(true);
      expect(a.local.has('k')).toBe(false);
      await a.set('k', 'old');
      a.local.delete('k');
      const again = a.get('k');
      const written = a.set('k', 'new');
      expect(await again).toBe('old');
      expect(a.local.has('k')).toBe(false);
      await written;
      expect(a.local.peek('k')).toBe('new');
    });

    it('caps L1 at localTtl (default: local.ttl) while Redis keeps the entry longer', async () => {
      const ns = namespace();
      const { cache } = await tiered<string>({ namespace: ns, local: { maxCost: 100, ttl: 100 }, ttl: 60_000 });
      await cache.set('k', 'v');
      expect(cache.local.getTTL('k')).toBeLessThanOrEqual(100);
      expect(Number(await suite.redis.command(['PTTL', `${ns}:k`]))).toBeGreaterThan(59_000);
    });

    it('drops another instance’s L1 entry on write and delete, never the writer’s own', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<number>({ namespace: ns });
      const { cache: b } = await tiered<number>({ namespace: ns });
      await a.set('k', 1);
      expect(await b.get('k')).toBe(1);
      await a.set('k', 2);
      expect(await within(100, () => !b.local.has('k'))).toBe(true);
      expect(await b.get('k')).toBe(2);
      await sleep(30); // a's own message has come back by now
      expect(a.local.peek('k')).toBe(2);
      await b.delete('k');
      expect(await within(100, () => !a.local.has('k'))).toBe(true);
    });

    it('invalidation: false — no channel: another instance’s L1 keeps the old value until its localTtl', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<number>({ namespace: ns, invalidation: false, localTtl: 150 });
      const { cache: b } = await tiered<number>({ namespace: ns, invalidation: false, localTtl: 150 });
      expect(await suite.redis.command(['PUBSUB', 'NUMSUB', `${ns}+invalidate`])).toEqual([`${ns}+invalidate`, 0]);
      const publishes = async () =>
        Number(
          /cmdstat_publish:calls=(\d+)/.exec(String(await suite.redis.command(['INFO', 'commandstats'])))?.[1] ?? 0,
        );
      const before = await publishes();
      await a.set('k', 0);
      expect(await a.delete('k')).toBe(true);
      expect(await publishes(), 'no message on any channel').toBe(before);
      await a.set('k', 1);
      expect(await b.get('k')).toBe(1);
      await a.set('k', 2);
      await sleep(50);
      expect(await b.get('k')).toBe(1); // stale, as documented
      await sleep(150);
      expect(await b.get('k')).toBe(2);
    });

    it('clear() removes this namespace only, in Redis and in every L1 of it', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<number>({ namespace: ns });
      const { cache: b } = await tiered<number>({ namespace: ns });
      const { cache: other } = await tiered<number>({ namespace: `${ns}-other` });
      for (let i = 0; i < 2_500; i++) await a.set(`k${i}`, i); // more than one SCAN batch
      await other.set('k1', 1);
      await suite.redis.command(['SET', `${ns}x:k1`, '1']);
      expect(await b.get('k1')).toBe(1);
      await a.clear();
      expect(await suite.redis.command(['EXISTS', `${ns}:k1`, `${ns}:k2000`])).toBe(0);
      expect(await suite.redis.command(['EXISTS', `${ns}-other:k1`, `${ns}x:k1`])).toBe(2);
      expect(a.local.size).toBe(0);
      expect(await within(100, () => b.local.size === 0)).toBe(true);
      expect(await other.get('k1')).toBe(1);
    });

    it('a value that does not deserialize is a miss, is deleted, and is reported', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<unknown>({ namespace: ns });
      await suite.redis.command(['SET', `${ns}:bad`, '\x01:{not json']);
      expect(await cache.get('bad')).toBeUndefined();
      expect(errors.map((e) => e.operation)).toEqual(['deserialize']);
      expect(errors[0]!.key).toBe('bad');
      expect(await within(200, async () => (await suite.redis.command(['EXISTS', `${ns}:bad`])) === 0)).toBe(true);
    });

    it('fetch(): one load per key in a process, one across instances (the Redis lock), others wait for its value', async () => {
      const ns = namespace();
      const { cache: a } = await tiered<string>({ namespace: ns });
      const { cache: b } = await tiered<string>({ namespace: ns });
      let loads = 0;
      const load = async (key: string) => {
        loads++;
        await sleep(50);
        return `loaded ${key}`;
      };
      const results = await Promise.all([
        ...Array.from({ length: 50 }, () => a.fetch('k', load)),
        ...Array.from({ length: 50 }, () => b.fetch('k', load)),
      ]);
      expect(loads).toBe(1);
      expect(new Set(results)).toEqual(new Set(['loaded k']));
      expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"loaded k"');
      expect(await suite.redis.command(['EXISTS', `${ns}+lock:k`])).toBe(0); // released
      expect(await a.fetch('k', load)).toBe('loaded k');
      expect(loads).toBe(1);
    });

    it('fetch(): a lock whose holder is gone expires; a waiter past lockWait loads itself', async () => {
      const ns = namespace();
      const { cache } = await tiered<string>({ namespace: ns, lockWait: 2_000 });
      await suite.redis.command(['SET', `${ns}+lock:k`, 'crashed', 'PX', '150']);
      let t0 = Date.now();
      expect(await cache.fetch('k', () => 'mine')).toBe('mine');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      const { cache: impatient } = await tiered<string>({ namespace: ns, lockWait: 100 });
      await suite.redis.command(['SET', `${ns}+lock:j`, 'slow', 'PX', '10000']);
      t0 = Date.now();
      expect(await impatient.fetch('j', () => 'anyway')).toBe('anyway');
      expect(Date.now() - t0).toBeLessThan(1_000);
    });

    it('fetch(): a load that finds nothing (undefined) resolves undefined to every caller and stores nothing', async () => {
      const ns = namespace();
      const { cache } = await tiered<string>({ namespace: ns });
      let loads = 0;
      const none = async (): Promise<string | undefined> => {
        loads++;
        await sleep(20);
        return undefined;
      };
      expect(await Promise.all([cache.fetch('k', none), cache.fetch('k', none)])).toEqual([undefined, undefined]);
      expect(loads).toBe(1);
      expect(cache.local.has('k')).toBe(false);
      expect(await suite.redis.command(['EXISTS', `${ns}:k`, `${ns}+lock:k`])).toBe(0);
      expect(await cache.fetch('k', () => 'found')).toBe('found');
    });

    it('fetch(): a failing load rejects every caller waiting on it, and the next fetch loads again', async () => {
      const ns = namespace();
      const { cache } = await tiered<string>({ namespace: ns });
      const failing = Promise.all([
        cache.fetch('k', async () => Promise.reject(new Error('source down'))),
        cache.fetch('k', () => 'unused'),
      ]);
      await expect(failing).rejects.toThrow('source down');
      expect(await cache.fetch('k', () => 'ok')).toBe('ok');
    });

    it('fetch(): stores with its ttl (L1 no longer than Redis), Infinity as no expiry, and gives back every ticket', async () => {
      const ns = namespace();
      // L1 on a clock that stands still: its TTL is exactly what the fill gave it.
      const { cache, errors } = await tiered<string>({
        namespace: ns,
        local: { maxCost: 1_000, clock: new ManualClock() },
      });
      expect(await cache.fetch('short', () => 'v', { ttl: 5_000 })).toBe('v');
      expect(cache.local.getTTL('short')).toBeLessThan(5_000); // less the time the store took
      expect(Number(await suite.redis.command(['PTTL', `${ns}:short`]))).toBeGreaterThan(4_000);
      expect(await cache.fetch('forever', () => 'v', { ttl: Infinity })).toBe('v');
      expect(payload(await suite.redis.command(['GET', `${ns}:forever`]))).toBe('"v"');
      expect(Number(await suite.redis.command(['PTTL', `${ns}:forever`]))).toBe(-1);
      expect(cache.local.getTTL('forever')).toBe(Infinity);
      const inFlight = Reflect.get(cache, 'inFlight') as object;
      expect((Reflect.get(inFlight, 'byKey') as Map<string, unknown>).size).toBe(0);
      expect(errors).toEqual([]);
    });

    it('fetch(): a serializer that returns no string: the callers get the value, nothing is stored, the error names fetch', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<string>({
        namespace: ns,
        serializer: { serialize: () => 5 as never, deserialize: (text: string) => text },
      });
      expect(await cache.fetch('k', () => 'v')).toBe('v');
      expect(await suite.redis.command(['EXISTS', `${ns}:k`])).toBe(0);
      expect(errors.map((e) => [e.operation, e.key, String(e.cause)])).toEqual([
        ['fetch', 'k', 'TypeError: cortado/redis: serializer.serialize returned number, not a string'],
      ]);
    });

    it('fetch(): a read Redis refuses (another program’s hash at the key) is reported as the fetch’s; the callers get the load', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<string>({ namespace: ns });
      await suite.redis.command(['HSET', `${ns}:k`, 'field', 'not ours']);
      expect(await cache.fetch('k', () => 'loaded')).toBe('loaded');
      // The miss's read, and the read again under the lock: both refused by Redis.
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect([error.operation, error.key]).toEqual(['fetch', 'k']);
        expect(error.message).toMatch(/^cortado\/redis: fetch of "k" failed: .*WRONGTYPE/);
      }
      expect(cache.stats().breaker).toBe('closed'); // an error reply: Redis is up
      expect(cache.local.has('k')).toBe(false);
    });

    it('fetch(): a waiter looks in Redis every 50 ms, so a value stored without a message is found well before lockWait', async () => {
      const ns = namespace();
      const { cache } = await tiered<string>({ namespace: ns, lockWait: 3_000 });
      await suite.redis.command(['SET', `${ns}+lock:k`, 'another process', 'PX', '10000']);
      let loads = 0;
      const t0 = Date.now();
      const waiting = cache.fetch('k', () => (loads++, 'mine'));
      await sleep(100);
      await putStored(suite.redis.command, `${ns}:k`, JSON.stringify('theirs'), 0);
      expect(await waiting).toBe('theirs');
      expect(Date.now() - t0).toBeLessThan(1_500);
      expect(loads).toBe(0);
    });

    describe('a write wins over a load in flight', () => {
      /** A fetch whose load reads "the database" at once, and answers after `ms`. */
      function slowFetch(cache: TieredCache<string>, key: string, ms = 100) {
        return cache.fetch(key, async () => {
          const read = 'v1 (read before the update)';
          await sleep(ms);
          return read;
        });
      }

      it('set() in the same process during the load: Redis and L1 keep the write', async () => {
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns, ttl: 60_000 });
        const loading = slowFetch(cache, 'user');
        await sleep(20);
        await cache.set('user', 'v2 (the update)');
        expect(await loading).toBe('v1 (read before the update)'); // its callers get what it loaded
        expect(cache.stats().discardedLoads).toBe(1);
        expect(cache.local.peek('user')).toBe('v2 (the update)');
        expect(payload(await suite.redis.command(['GET', `${ns}:user`]))).toBe('"v2 (the update)"');
        expect(await cache.fetch('user', () => 'unused')).toBe('v2 (the update)');
      });

      it('delete() in the same process during the load: the old value does not come back', async () => {
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns, ttl: 60_000 });
        const loading = slowFetch(cache, 'user');
        await sleep(20);
        await cache.delete('user');
        expect(await loading).toBe('v1 (read before the update)');
        expect(cache.local.has('user')).toBe(false);
        expect(await suite.redis.command(['EXISTS', `${ns}:user`])).toBe(0);
        // the version stays behind, with a TTL (versionTtl)
        const pttl = Number(await suite.redis.command(['PTTL', `${ns}+ver:user`]));
        expect(pttl).toBeGreaterThan(0);
        expect(pttl).toBeLessThanOrEqual(60_000);
      });

      it('set() and delete() from another instance (its own client) during the load win', async () => {
        const ns = namespace();
        const { cache: a } = await tiered<string>({ namespace: ns, ttl: 60_000 });
        const { cache: b } = await tiered<string>({ namespace: ns, ttl: 60_000 });
        let loading = slowFetch(a, 'user');
        await sleep(20);
        await b.set('user', 'v2 (the update)');
        await loading;
        expect(payload(await suite.redis.command(['GET', `${ns}:user`]))).toBe('"v2 (the update)"');
        expect(a.local.has('user')).toBe(false);
        expect(await a.get('user')).toBe('v2 (the update)');
        await b.delete('user');
        expect(await within(100, () => !a.local.has('user'))).toBe(true);
        loading = slowFetch(a, 'user');
        await sleep(20);
        await b.delete('user');
        await loading;
        expect(await suite.redis.command(['EXISTS', `${ns}:user`])).toBe(0);
        expect(a.local.has('user')).toBe(false);
      });

      it('a delete from another instance that lands after the load’s store, before its reply: the load stays out of L1', async () => {
        const ns = namespace();
        const { cache: b } = await tiered<string>({ namespace: ns, ttl: 60_000 });
        const own = await client();
        const { cache: a } = await tiered<string>({ namespace: ns, ttl: 60_000, redis: own.client });
        let held = 0;
        // a's reply to the store (the script that carries the loaded value) is held back until b's
        // delete of the key has run and its message has reached a. A stand-in entry in a's L1
        // shows the message's arrival: the bus drops the key.
        intercept(own, async (args, send) => {
          const reply = await send();
          if (args[0]!.startsWith('EVAL') && args.includes('"loaded"')) {
            held++;
            a.local.set('user', 'stand-in');
            await b.delete('user');
            expect(await within(2_000, () => !a.local.has('user'))).toBe(true);
          }
          return reply;
        });
        expect(await a.fetch('user', () => 'loaded')).toBe('loaded');
        expect(held).toBe(1);
        expect(await suite.redis.command(['EXISTS', `${ns}:user`])).toBe(0); // the delete came last
        expect(a.local.has('user'), 'L1 would serve a value Redis no longer holds').toBe(false);
        expect(await a.fetch('user', () => 'loaded again')).toBe('loaded again');
        expect(a.local.peek('user')).toBe('loaded again'); // a load with no news meanwhile fills L1
      });

      it('clear() during the load wins too; a load with no write meanwhile is stored', async () => {
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns, ttl: 60_000 });
        const loading = slowFetch(cache, 'user');
        await sleep(20);
        await cache.clear();
        await loading;
        expect(await suite.redis.command(['EXISTS', `${ns}:user`])).toBe(0);
        expect(cache.local.has('user')).toBe(false);
        expect(await slowFetch(cache, 'user', 10)).toBe('v1 (read before the update)');
        expect(payload(await suite.redis.command(['GET', `${ns}:user`]))).toBe('"v1 (read before the update)"');
        expect(cache.local.peek('user')).toBe('v1 (read before the update)');
      });

      it('a clear() of another namespace during the load does not discard it', async () => {
        const { cache: other } = await tiered<string>({ namespace: namespace() });
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns });
        const value = await cache.fetch('k', async () => {
          await other.clear();
          return 'loaded';
        });
        expect(value).toBe('loaded');
        expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"loaded"');
        expect(cache.local.peek('k')).toBe('loaded');
        expect(cache.stats().discardedLoads).toBe(0);
      });

      it('a write after Redis restarted (its version counter lost) still wins over a load whose miss came before the restart', async () => {
        const ns = namespace();
        const { cache: writer } = await tiered<string>({ namespace: ns });
        const { cache: loader } = await tiered<string>({ namespace: ns });
        await writer.delete('k'); // the key's first version, from a counter started at a random seed
        /** Retries `call` until Redis, restarted, answers it. */
        const once = async (call: () => Promise<unknown>) => {
          for (let tries = 0; ; tries++) {
            try {
              return await call();
            } catch (error) {
              if (tries > 100) throw error;
              await sleep(50);
            }
          }
        };
        const loaded = await loader.fetch('k', async () => {
          await suite.server.kill();
          await suite.server.restart(); // empty: the counter starts again from a new random seed
          await once(() => writer.set('k', 'written after the restart'));
          return 'read before the restart';
        });
        expect(loaded).toBe('read before the restart');
        expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"written after the restart"');
        await subscribed(loader);
        await subscribed(writer);
      });

      it('a load that took longer than versionTtl is returned, not stored', async () => {
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns, versionTtl: 50 });
        expect(await slowFetch(cache, 'user', 80)).toBe('v1 (read before the update)');
        expect(cache.stats().discardedLoads).toBe(1);
        expect(await suite.redis.command(['EXISTS', `${ns}:user`])).toBe(0);
        expect(cache.local.has('user')).toBe(false);
        expect(
          () => new TieredCache({ local: { maxCost: 10 }, redis: suite.redis.client, namespace: 'a', versionTtl: 0 }),
        ).toThrow(/versionTtl must be > 0/);
      });
    });

    describe('an outage', () => {
      /** A load that counts its calls, answering after `ms`. */
      function counted(ms = 20) {
        const load = Object.assign(
          async (key: string) => {
            load.calls++;
            await sleep(ms);
            return `loaded ${key}`;
          },
          { calls: 0 },
        );
        return load;
      }

      it('Redis killed: after the first failure calls stop waiting, one load per key per outageTtl, "down" and "back" said once each', async () => {
        const ns = namespace();
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
        const error = vi.spyOn(console, 'error').mockImplementation(() => {});
        try {
          const cache = new TieredCache<string>({
            local: { maxCost: 1_000 },
            redis: (await client()).client,
            namespace: ns,
            timeout: 1_000,
            outageTtl: 5_000,
          });
          caches.push(cache);
          await subscribed(cache);
          await cache.set('hot', 'h');
          await suite.server.kill();
          const load = counted();
          expect(await cache.fetch('a', load)).toBe('loaded a'); // the first failure: at most one timeout
          expect(cache.stats().breaker).not.toBe('closed');
          const t0 = performance.now();
          const many = await Promise.all(Array.from({ length: 20 }, () => cache.fetch('b', load)));
          expect(many).toEqual(Array(20).fill('loaded b'));
          for (let i = 0; i < 20; i++) expect(await cache.fetch(i % 2 ? 'a' : 'b', load)).toMatch(/^loaded/); // from L1
          expect(await cache.get('cold')).toBeUndefined();
          await expect(cache.set('x', 'y')).rejects.toThrow(TieredCacheError);
          expect(performance.now() - t0, 'no call waited for the timeout').toBeLessThan(1_000);
          expect(load.calls).toBe(2); // a once, b once
          expect(await cache.get('hot')).toBe('h'); // within outageTtl, L1 still answers
          const stats = cache.stats();
          expect(stats).toMatchObject({ outages: 1, outageLoads: 2 });
          expect(stats.shortCircuited).toBeGreaterThan(3);
          await suite.server.restart();
          expect(await within(5_000, () => cache.stats().breaker === 'closed' && cache.stats().subscribed)).toBe(true);
          expect(cache.local.has('a'), 'outage values leave L1 once Redis is back').toBe(false);
          expect(await cache.fetch('a', load)).toBe('loaded a');
          expect(payload(await suite.redis.command(['GET', `${ns}:a`]))).toBe('"loaded a"');
          const lines = warn.mock.calls.map((c) => String(c[0]));
          expect(lines.filter((l) => /Redis unreachable/.test(l))).toHaveLength(1);
          expect(lines.filter((l) => /Redis answers again/.test(l))).toHaveLength(1);
          expect(lines).toHaveLength(2);
          expect(error).not.toHaveBeenCalled();
          await cache.close();
        } finally {
          warn.mockRestore();
          error.mockRestore();
        }
      });

      it('Redis paused (SIGSTOP): 20 concurrent fetch() of one key make exactly one load in the process', async () => {
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns, timeout: 200 });
        const load = counted();
        suite.server.pause();
        try {
          // Nothing in Redis can coordinate them now (no lock, no value): only this process's de-duplication can.
          const results = await Promise.all(Array.from({ length: 20 }, () => cache.fetch('k', load)));
          expect(results).toEqual(Array(20).fill('loaded k'));
          expect(load.calls).toBe(1);
          expect(cache.stats().outageLoads).toBe(1);
        } finally {
          suite.server.resume();
        }
        expect(await within(5_000, () => cache.stats().breaker === 'closed')).toBe(true);
      });

      it('Redis paused: a load goes into L1 for the least of outageTtl, localTtl and its ttl; not a load a write overtook', async () => {
        const ns = namespace();
        const { cache } = await tiered<string>({ namespace: ns, timeout: 200, outageTtl: 3_000 });
        suite.server.pause();
        try {
          expect(await cache.get('warm')).toBeUndefined(); // the first failure opens the breaker
          expect(cache.stats().breaker).not.toBe('closed');
          expect(await cache.fetch('plain', () => 'v')).toBe('v'); // no ttl: outageTtl
          const plain = cache.local.getTTL('plain')!;
          expect(plain).toBeGreaterThan(2_000);
          expect(plain).toBeLessThanOrEqual(3_000);
          expect(await cache.fetch('short', () => 'v', { ttl: 1_000 })).toBe('v');
          expect(cache.local.getTTL('short')).toBeLessThanOrEqual(1_000);
          expect(cache.stats().outageLoads).toBe(2);
          // A set() during the load (refused: Redis is down) still wins over it: L1 does not take it.
          const loading = cache.fetch('k', async () => (await sleep(50), 'loaded'));
          await expect(cache.set('k', 'written')).rejects.toThrow(TieredCacheError);
          expect(await loading).toBe('loaded');
          expect(cache.local.has('k')).toBe(false);
        } finally {
          suite.server.resume();
        }
        expect(await within(5_000, () => cache.stats().breaker === 'closed')).toBe(true);
      });

      it('Redis paused: a fetch after a write joins the load that write started, not the one it overtook', async () => {
        const ns = namespace();
        const { cache, errors } = await tiered<string>({ namespace: ns, timeout: 200 });
        suite.server.pause();
        try {
          expect(await cache.get('warm')).toBeUndefined(); // the first failure opens the breaker
          const calls: string[] = [];
          const load = (name: string, ms: number) => async () => (calls.push(name), await sleep(ms), name);
          const first = cache.fetch('k', load('first', 30));
          await expect(cache.set('k', 'written')).rejects.toThrow(TieredCacheError);
          const second = cache.fetch('k', load('second', 200)); // the write overtook the first load
          expect(await first).toBe('first');
          const third = cache.fetch('k', load('third', 10)); // the first is done, the second still runs
          expect(await Promise.all([second, third])).toEqual(['second', 'second']);
          expect(calls).toEqual(['first', 'second']);
          expect(errors.map((e) => e.operation)).toEqual(['get']);
        } finally {
          suite.server.resume();
        }
        expect(await within(5_000, () => cache.stats().breaker === 'closed')).toBe(true);
      });

      it('Redis paused during a load: the callers get the value, the failure is reported as the fetch’s, L1 keeps it for outageTtl', async () => {
        const ns = namespace();
        const { cache, errors } = await tiered<string>({ namespace: ns, timeout: 200, outageTtl: 3_000 });
        const value = cache.fetch('k', async () => {
          suite.server.pause(); // after the miss was read: the store is what fails
          return 'loaded';
        });
        try {
          expect(await value).toBe('loaded');
          expect(errors.map((e) => [e.operation, e.key])).toEqual([['fetch', 'k']]);
          expect(cache.local.peek('k')).toBe('loaded');
          expect(cache.local.getTTL('k')).toBeLessThanOrEqual(3_000);
        } finally {
          suite.server.resume();
        }
        expect(await within(5_000, () => cache.stats().breaker === 'closed')).toBe(true);
      });

      it('a process that lost its subscription serves what L1 held for outageTtl at most', async () => {
        const ns = namespace();
        const { cache: a } = await tiered<number>({ namespace: ns, outageTtl: 300 });
        const { cache: b } = await tiered<number>({ namespace: ns, outageTtl: 300 });
        await a.set('k', 1);
        await sleep(50); // a's message has reached b
        expect(await b.get('k')).toBe(1);
        await suite.server.kill();
        const t0 = Date.now();
        try {
          expect(await b.get('k')).toBe(1); // L1 still answers at first
          expect(await within(2_000, () => !b.local.has('k'))).toBe(true);
          const served = Date.now() - t0;
          expect(served).toBeGreaterThan(200);
          expect(served).toBeLessThan(300 + 250);
          expect(await b.get('k')).toBeUndefined(); // Redis is down: a miss, not the old value
          expect(b.stats().staleDrops).toBe(1);
        } finally {
          await suite.server.restart();
        }
        expect(await within(5_000, () => a.stats().subscribed && b.stats().subscribed)).toBe(true);
      });

      it('each outage drops what L1 held before it after outageTtl, but not what loads put in it meanwhile; the next outage starts its own', async () => {
        const ns = namespace();
        const own = await client();
        let failing = false;
        intercept(own, (_args, send) =>
          failing ? Promise.reject(new Error('connection reset (the command connection alone)')) : send(),
        );
        const { cache } = await tiered<string>({ namespace: ns, redis: own.client, outageTtl: 600 });
        for (const round of [1, 2]) {
          await cache.set('old', 'from before');
          failing = true;
          expect(await cache.get('absent')).toBeUndefined(); // fails: the breaker opens, outageTtl starts
          expect(cache.stats().breaker).not.toBe('closed');
          await sleep(300);
          expect(await cache.fetch('new', () => 'loaded')).toBe('loaded'); // in L1 for outageTtl from now
          expect(await within(2_000, () => cache.stats().staleDrops === round)).toBe(true);
          expect(cache.local.has('old')).toBe(false);
          expect(cache.local.peek('new')).toBe('loaded');
          failing = false;
          expect(await within(5_000, () => cache.stats().breaker === 'closed')).toBe(true);
          expect(cache.local.has('new'), 'an outage value leaves L1 once Redis is back').toBe(false);
        }
        expect(cache.stats()).toMatchObject({ outages: 2, outageLoads: 2, staleDrops: 2 });
      });

      it('without invalidation too, an outage drops what L1 held before it after outageTtl', async () => {
        const ns = namespace();
        const own = await client();
        let failing = false;
        intercept(own, (_args, send) =>
          failing ? Promise.reject(new Error('connection reset (the command connection alone)')) : send(),
        );
        const { cache } = await tiered<string>({
          namespace: ns,
          redis: own.client,
          outageTtl: 300,
          invalidation: false,
        });
        await cache.set('old', 'from before');
        failing = true;
        try {
          expect(await cache.get('absent')).toBeUndefined(); // the breaker opens: the first outage of this tier
          expect(await within(2_000, () => cache.stats().staleDrops === 1)).toBe(true);
          expect(cache.local.has('old')).toBe(false);
        } finally {
          failing = false;
        }
        expect(await within(5_000, () => cache.stats().breaker === 'closed')).toBe(true);
      });

      it('subscription lost, commands answering: L1 takes nothing from Redis, and drops what it held after outageTtl even once the breaker closes again', async () => {
        const ns = namespace();
        const own = await client();
        let failing = false;
        let refusingPublish = false;
        intercept(own, (args, send) => {
          if (failing) return Promise.reject(new Error('connection reset (the command connection alone)'));
          // The bus's probe (a PUBLISH) refused: the subscription cannot come back healthy.
          if (refusingPublish && args[0] === 'PUBLISH') return suite.redis.command(['SET', 'refused', 'x', 'PX', '0']);
          return send();
        });
        const { cache } = await tiered<string>({ namespace: ns, redis: own.client, outageTtl: 1_500 });
        await cache.set('old', 'from before');
        refusingPublish = true;
        await suite.redis.command(['CLIENT', 'KILL', 'TYPE', 'pubsub']); // outageTtl starts
        expect(await within(2_000, () => !cache.stats().subscribed)).toBe(true);
        await cache.set('written', 'w');
        expect(cache.local.has('written')).toBe(false); // this process may miss its invalidation
        expect(await cache.get('written')).toBe('w');
        expect(cache.local.has('written')).toBe(false);
        // The breaker opens and closes meanwhile; the subscription is still not back.
        failing = true;
        expect(await cache.get('absent')).toBeUndefined();
        expect(cache.stats().breaker).not.toBe('closed');
        failing = false;
        expect(await within(2_000, () => cache.stats().breaker === 'closed')).toBe(true);
        expect(cache.stats().subscribed).toBe(false);
        expect(await within(3_000, () => cache.stats().staleDrops === 1)).toBe(true);
        expect(cache.local.has('old')).toBe(false);
        refusingPublish = false;
        await subscribed(cache);
        expect(await cache.get('written')).toBe('w');
        expect(cache.local.peek('written')).toBe('w'); // healthy again: L1 is filled
      });

      it('an error reply to the bus’s probe is reported as the probe’s, not announced as an outage', async () => {
        const ns = namespace();
        const own = await client();
        let refusingPublish = true;
        intercept(own, (args, send) =>
          refusingPublish && args[0] === 'PUBLISH' ? suite.redis.command(['SET', 'refused', 'x', 'PX', '0']) : send(),
        );
        const errors: TieredCacheError[] = [];
        const cache = new TieredCache<string>({
          local: { maxCost: 100 },
          redis: own.client,
          namespace: ns,
          onError: (e) => errors.push(e),
        });
        caches.push(cache);
        const downs: unknown[] = [];
        cache.on('down', (e: unknown) => downs.push(e));
        expect(await within(2_000, () => errors.length > 0)).toBe(true);
        expect(errors.map((e) => [e.operation, e.key])).toContainEqual(['probe', undefined]);
        expect(cache.stats().subscribed).toBe(false);
        refusingPublish = false;
        await subscribed(cache);
        expect(downs).toEqual([]); // Redis answered all along
        expect(cache.stats()).toMatchObject({ breaker: 'closed', outages: 0 });
      });

      it('a clear() from another instance while the breaker is open (commands failing, subscription up): "up" waits for the breaker', async () => {
        const ns = namespace();
        const own = await client();
        let failing = false;
        intercept(own, (_args, send) =>
          failing ? Promise.reject(new Error('connection reset (the command connection alone)')) : send(),
        );
        const { cache: a } = await tiered<string>({ namespace: ns, redis: own.client, outageTtl: 60_000 });
        const { cache: b } = await tiered<string>({ namespace: ns });
        const events: string[] = [];
        a.on('down', () => events.push('down'));
        a.on('up', () => events.push(`up, breaker ${a.stats().breaker}`));
        await a.set('k', 'v');
        failing = true;
        expect(await a.get('absent')).toBeUndefined(); // fails: the breaker opens
        expect(a.stats().breaker).not.toBe('closed');
        await b.clear();
        // The clear reached a through its subscription: L1 emptied (outageTtl would take a minute).
        expect(await within(2_000, () => !a.local.has('k'))).toBe(true);
        expect(a.stats().breaker).not.toBe('closed');
        expect(events).toEqual(['down']);
        failing = false;
        expect(await within(5_000, () => events.length > 1)).toBe(true);
        expect(events).toEqual(['down', 'up, breaker closed']);
      });
    });

    describe('start-up and shutdown', () => {
      it('Redis down at start-up: ready() rejects within the timeout, the tier works on L1 alone, then connects', async () => {
        const ns = namespace();
        const c = await client();
        await suite.server.kill();
        let restarted = false;
        try {
          const cache = new TieredCache<string>({
            local: { maxCost: 100 },
            redis: c.client,
            namespace: ns,
            timeout: 200,
            onError: () => {},
          });
          caches.push(cache);
          const t0 = Date.now();
          await expect(cache.ready()).rejects.toThrow(/ready failed/);
          expect(Date.now() - t0).toBeLessThan(1_000);
          let loads = 0;
          const load = async () => `v${++loads}`;
          expect(await cache.fetch('k', load)).toBe('v1');
          expect(await cache.fetch('k', load)).toBe('v1'); // from L1
          expect(loads).toBe(1);
          await suite.server.restart();
          restarted = true;
          expect(await within(5_000, async () => cache.stats().subscribed)).toBe(true);
          await cache.ready();
          expect(await cache.fetch('j', load)).toBe('v2');
          expect(payload(await suite.redis.command(['GET', `${ns}:j`]))).toBe('"v2"');
        } finally {
          if (!restarted) await suite.server.restart();
        }
      });

      it('refuses a client that is not connected, naming it', () => {
        const unconnected =
          kind === 'redis'
            ? createClient({ url: suite.server.url })
            : new Redis(suite.server.url, { lazyConnect: true });
        expect(() => new TieredCache({ local: { maxCost: 10 }, redis: unconnected as never, namespace: 'n' })).toThrow(
          /redis is an? .*not connected/,
        );
      });

      it('close(): later calls throw naming the method, a second close() is a no-op, its own L1 is closed; replies that arrive after it change nothing', async () => {
        const ns = namespace();
        const own = await client();
        let release: () => void = () => {};
        let gate: Promise<void> | undefined;
        intercept(own, (_args, send) => (gate === undefined ? send() : gate.then(send)));
        const { cache, errors } = await tiered<string>({ namespace: ns, redis: own.client });
        await cache.set('k', 'v');
        cache.local.delete('k');
        gate = new Promise((resolve) => (release = resolve));
        // In flight at close(): a read that would fill L1, a write, and a clear.
        const reading = cache.get('k');
        const writing = cache.set('w', 'x');
        const clearing = cache.clear();
        await cache.close();
        release();
        expect(await reading).toBeUndefined(); // a reply after close() is not served
        await writing; // Redis confirmed it
        await clearing;
        expect(errors).toEqual([]); // L1, closed, is left alone: nothing to report
        expect(() => cache.local.get('k')).toThrow(/the cache is closed/);
        await expect(cache.close()).resolves.toBeUndefined();
        expect(() => cache.ready()).toThrow(/^cortado\/redis: TieredCache\.ready\(\) called after close\(\)$/);
        await expect(cache.get('k')).rejects.toThrow(/TieredCache\.get\(\) called after close/);
        await expect(cache.set('k', 'v')).rejects.toThrow(/TieredCache\.set\(\) called after close/);
        await expect(cache.delete('k')).rejects.toThrow(/TieredCache\.delete\(\) called after close/);
      });

      it('close() during a fetch() that waits for another instance’s lock: it loads at once instead of waiting on', async () => {
        const ns = namespace();
        const { cache: holder } = await tiered<string>({ namespace: ns, lockTtl: 60_000 });
        const { cache: waiter } = await tiered<string>({ namespace: ns, lockWait: 60_000, lockTtl: 60_000 });
        let finish: (value: string) => void = () => {};
        const holding = holder.fetch('k', () => new Promise<string>((resolve) => (finish = resolve)));
        expect(await within(500, async () => (await suite.redis.command(['EXISTS', `${ns}+lock:k`])) === 1)).toBe(true);
        let loads = 0;
        const waiting = waiter.fetch('k', () => `from the waiter (${++loads})`);
        await sleep(100); // it waits: the lock is held for the next minute
        expect(loads).toBe(0);
        await waiter.close();
        // Resolves while the holder still loads: were it still waiting, this would hang for a minute.
        expect(await waiting).toBe('from the waiter (1)');
        finish('from the holder');
        expect(await holding).toBe('from the holder');
        expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"from the holder"'); // the closed one stored nothing
      });

      it('close() during a fetch() that holds the lock releases the lock at once', async () => {
        const ns = namespace();
        const { cache: a } = await tiered<string>({ namespace: ns });
        const { cache: b } = await tiered<string>({ namespace: ns });
        const holding = a.fetch('k', async () => {
          await sleep(1_000);
          return 'from a';
        });
        expect(await within(500, async () => (await suite.redis.command(['EXISTS', `${ns}+lock:k`])) === 1)).toBe(true);
        await a.close();
        expect(await suite.redis.command(['EXISTS', `${ns}+lock:k`])).toBe(0);
        const t0 = Date.now();
        expect(await b.fetch('k', () => 'from b')).toBe('from b');
        expect(Date.now() - t0).toBeLessThan(1_500); // not lockTtl (5,000)
        expect(await holding).toBe('from a');
        expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('"from b"');
      });
    });

    it('an L1 callback (onExit) that throws while a value is stored: every caller gets the value, the throw is reported', async () => {
      const ns = namespace();
      const local = new Cache<string, string>({
        maxCost: 1,
        policy: 'lru',
        onExit: () => {
          throw new Error('listener failed');
        },
      });
      const { cache, errors } = await tiered<string>({ namespace: ns, local });
      await cache.set('a', 'A'); // fills L1, nothing leaves
      const results = await Promise.all([cache.fetch('b', async () => 'B'), cache.fetch('b', () => 'unused')]); // b evicts a: onExit throws
      expect(results).toEqual(['B', 'B']);
      expect(payload(await suite.redis.command(['GET', `${ns}:b`]))).toBe('"B"');
      expect(local.peek('b')).toBe('B'); // L1 holds the value stored: it stays (a key holding another would leave)
      expect(errors.map((e) => [e.operation, e.key, (e.cause as Error).message])).toEqual([
        ['local', 'b', 'listener failed'],
      ]);
      await expect(cache.set('b', 'B2')).resolves.toBeUndefined(); // replacing b: onExit throws again
      expect(local.peek('b') ?? 'B2').toBe('B2'); // L1 never keeps the old value
      expect(await cache.get('b')).toBe('B2');
      // Taking a key out of L1 (delete) or emptying it (clear) with onExit throwing: the call
      // still does its work in Redis and resolves; the throw is reported.
      errors.length = 0;
      local.set('b', 'B2');
      expect(await cache.delete('b')).toBe(true);
      expect(await suite.redis.command(['EXISTS', `${ns}:b`])).toBe(0);
      local.set('c', 'C');
      await expect(cache.clear()).resolves.toBeUndefined();
      expect(errors.map((e) => [e.operation, (e.cause as Error).message])).toEqual([
        ['local', 'listener failed'],
        ['local', 'listener failed'],
      ]);
    });

    it('scripts run as EVALSHA once loaded, and as EVAL again when Redis forgot them (SCRIPT FLUSH, a restart)', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<number>({ namespace: ns });
      const evalsha = async () =>
        Number(
          /cmdstat_evalsha:calls=(\d+)/.exec(String(await suite.redis.command(['INFO', 'commandstats'])))?.[1] ?? 0,
        );
      await cache.set('k', 1); // EVAL, and SCRIPT LOAD in the background
      await sleep(20);
      const before = await evalsha();
      await cache.set('k', 2); // EVALSHA
      expect(await evalsha()).toBe(before + 1);
      await suite.redis.command(['SCRIPT', 'FLUSH']);
      await cache.set('k', 3); // NOSCRIPT: EVAL again
      expect(payload(await suite.redis.command(['GET', `${ns}:k`]))).toBe('3');
      expect(await cache.delete('k')).toBe(true);
      expect(errors).toEqual([]);
    });

    it('names the bad option or argument', async () => {
      const { client: c } = suite.redis;
      expect(() => new TieredCache({ local: { maxCost: 10 }, redis: c, namespace: 'a:b' })).toThrow(
        /namespace must be/,
      );
      expect(() => new TieredCache({ local: { maxCost: 10 }, redis: {} as never, namespace: 'a' })).toThrow(
        /redis must be a connected client/,
      );
      expect(() => new TieredCache({ local: { maxCost: 10 }, redis: c, namespace: 'a', timeout: 0 })).toThrow(
        /timeout must be > 0/,
      );
      expect(() => new TieredCache({ local: { maxCost: 10 }, redis: c, namespace: 'a', ttl: -1 })).toThrow(RangeError);
      expect(() => new TieredCache({ local: { maxCost: 10 }, redis: c, namespace: 'a', ttls: 1 } as never)).toThrow(
        /unknown option "ttls"/,
      );
      // L1's own options: the error names `local` (lru-cache's `max` gets cortado's hint too).
      expect(() => new TieredCache({ local: { max: 10 } as never, redis: c, namespace: 'a' })).toThrow(
        /^cortado\/redis: local: unknown option "max"; did you mean "maxCost"\?/,
      );
      const thrown = (() => {
        try {
          new TieredCache({ local: { max: 10 } as never, redis: c, namespace: 'a' });
        } catch (error) {
          return error as Error;
        }
      })();
      expect((thrown!.cause as Error).message).toMatch(/^cortado: unknown option "max"/); // the Cache's own error
      expect(() => new TieredCache({ local: { maxCost: -1 }, redis: c, namespace: 'a' })).toThrow(RangeError);
      const { cache } = await tiered<number>({ namespace: namespace() });
      await expect(cache.get(1 as never)).rejects.toThrow(/key must be a string/);
      await expect(cache.set('k', undefined as never)).rejects.toThrow(
        /^cortado\/redis: value must not be undefined \(use delete\(\) to remove a key\)$/,
      );
      await expect(cache.set('k', 1, { ttl: -1 })).rejects.toThrow(/^cortado\/redis: ttl must be >= 0/);
      const { cache: numbers } = await tiered<number>({
        namespace: namespace(),
        serializer: { serialize: (n: number) => n as never, deserialize: Number },
      });
      await expect(numbers.set('k', 1)).rejects.toThrow(
        /^cortado\/redis: serializer\.serialize returned number, not a string$/,
      );
      expect(numbers.local.has('k')).toBe(false);
      await expect(cache.fetch('k', 5 as never)).rejects.toThrow(
        /^cortado\/redis: fetch\(\) needs a load function, got number$/,
      );
      await expect(cache.fetch('k', () => 1, { ttl: -1 })).rejects.toThrow(/^cortado\/redis: ttl must be/);
      await cache.close();
      await expect(cache.get('k')).rejects.toThrow(/after close/);
      await expect(cache.fetch('k', () => 1)).rejects.toThrow(/TieredCache\.fetch\(\) called after close/);
      await expect(cache.clear()).rejects.toThrow(/TieredCache\.clear\(\) called after close/);
    });

    it('uses a Cache it is given, and leaves it open on close()', async () => {
      const local = new Cache<string, number>({ maxCost: 10 });
      const cache = new TieredCache({ local, redis: suite.redis.client, namespace: namespace() });
      await subscribed(cache);
      await cache.set('k', 1);
      expect(local.get('k')).toBe(1);
      await cache.close();
      expect(local.get('k')).toBe(1);
    });

    it('Redis frozen: L1 hits still answer, misses time out as misses (reported), writes reject', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<number>({ namespace: ns, timeout: 150 });
      await cache.set('hot', 1);
      suite.server.pause();
      try {
        expect(await cache.get('hot')).toBe(1);
        const t0 = Date.now();
        expect(await cache.get('cold')).toBeUndefined();
        expect(Date.now() - t0).toBeLessThan(1_000);
        expect(errors.some((e) => e.operation === 'get' && /timeout/.test(e.message))).toBe(true);
        await expect(cache.set('hot', 2)).rejects.toThrow(TieredCacheError);
        expect(cache.local.has('hot')).toBe(false); // the write may land later: its key leaves L1
      } finally {
        suite.server.resume();
      }
    });

    it('Redis killed: get keeps answering (L1 or a miss); after the restart L1 is cleared and filled again', async () => {
      const ns = namespace();
      const { cache, errors } = await tiered<number>({ namespace: ns, timeout: 200 });
      await cache.set('hot', 1);
      await suite.server.kill();
      expect(await cache.get('hot')).toBe(1);
      expect(await cache.get('cold')).toBeUndefined();
      expect(errors.length).toBeGreaterThan(0);
      await suite.server.restart(); // empty: nothing persisted
      expect(await within(5_000, () => !cache.local.has('hot'))).toBe(true); // the bus came back and cleared L1
      await subscribed(cache);
      expect(await cache.get('hot')).toBeUndefined();
      await cache.set('hot', 2);
      expect(await cache.get('hot')).toBe(2);
    });
  },
);
