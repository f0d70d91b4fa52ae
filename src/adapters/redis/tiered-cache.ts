// TieredCache: a cortado Cache (L1, in this process) in front of Redis (L2, shared by every
// process), kept coherent by the invalidation bus (bus.ts). Its calls to Redis go through
// transport.ts (circuit breaker, time limits, EVALSHA).
//
//   get     L1; on a miss, Redis (one GET), filling L1 for no longer than the entry has left in
//           Redis: the stored value says when it expires on Redis's clock (value-format.ts), and
//           redis-clock.ts turns that into ms left on this process's clock
//   set     Redis (SET + new version + PUBLISH in one script), then L1
//   delete  L1, then Redis (UNLINK + new version + PUBLISH)
//   fetch   get; on a miss, one load per key in this process, and across processes a lock
//           (locks.ts) so that one process loads while the others wait for its value. The load
//           is stored only if no set/delete/clear of its key happened since its miss, anywhere:
//           versions checked by Redis in the store's own script (scripts.ts), and in this
//           process by its in-flight ticket (in-flight.ts)
//   clear   L1, then a new epoch, SCAN + UNLINK of `namespace:*` (never FLUSHDB), then PUBLISH
//
// Failures: Redis down or slow never reaches the caller of get() (a miss, reported through
// onError / 'error'); set, delete and clear reject, and leave the key out of L1, since a write
// whose outcome is unknown may have landed. L1 is filled from Redis only while Redis answers and
// the bus is healthy; during an outage, fetch() fills it from its loads for outageTtl, and what
// L1 held before is dropped outageTtl after the loss was noticed.

import { Cache, type CacheOptions } from '../../index.js';
import { Emitter } from '../emitter.js';
import { connectionOf, type Connection } from './client.js';
import { InvalidationBus } from './bus.js';
import { InFlight } from './in-flight.js';
import { isReply, ShortCircuit, type BreakerState, type CircuitBreaker } from './breaker.js';
import { TieredCacheError, withTimeout } from './error.js';
import { Transport } from './transport.js';
import { duration, resolveTieredOptions, type ResolvedTieredOptions, type TieredCacheOptions } from './options.js';
import { DELETE, DELETE_IF, LOAD_READ, STORE_LOADED, WRITE } from './scripts.js';
import { KeyLocks, type Held } from './locks.js';
import { RedisClock } from './redis-clock.js';
import { parseStored } from './value-format.js';
import type { Ticket } from './in-flight.js';

/** How the tier is doing: its circuit breaker and what degraded (counters since construction). */
export interface TieredStats {
  /** 'closed': Redis answers; 'open' or 'probing': Redis is considered down, calls do not try it. */
  breaker: BreakerState;
  /** Whether this process hears other processes' invalidations now (always true without invalidation). */
  subscribed: boolean;
  /** Times the breaker opened (Redis found unreachable). */
  outages: number;
  /** Redis calls refused at once by the open breaker. */
  shortCircuited: number;
  /** Redis calls that failed (timeouts, lost connections, error replies). */
  failures: number;
  /** Loads whose value went into L1 only (for outageTtl), because Redis could not be asked. */
  outageLoads: number;
  /** Loads not stored because a set, delete or clear of their key came first (or they took longer than versionTtl). */
  discardedLoads: number;
  /** Times L1 was emptied of what it held before an outage, after outageTtl of it. */
  staleDrops: number;
  /**
   * Values found in Redis that are not in cortado/redis's stored format (written by another
   * program, or by a build from before the format): each read as a miss and deleted; only the
   * first is reported.
   */
  foreignValues: number;
}

/** A fetch()'s load: the value of `key`, or undefined when there is none (then nothing is stored). */
type Load<V> = (key: string) => V | undefined | Promise<V | undefined>;

/** Per-call options of set() and fetch(). */
export interface TieredSetOptions {
  /** Time to live in ms, in Redis and (at most) in L1; 0 = no expiry (default: the `ttl` option). */
  ttl?: number;
}

/** How often a process waiting for another's load looks in Redis, when no message woke it first. */
const POLL_MS = 50;
/** With no onError and no 'error' listener, at most one failure a second is printed. */
const PRINT_EVERY_MS = 1_000;

const now = (): number => performance.now();

/** What a load saw of its key on its miss: the version and epoch STORE_LOADED compares. */
interface Seen {
  version: string;
  epoch: string;
  /** When the read was sent (performance.now()). */
  at: number;
}

/** A read for fetch(): the value, or a miss with what it saw (undefined when Redis did not answer). */
type Lookup<V> = { hit: true; value: V } | { hit: false; seen: Seen | undefined };

function randomId(): string {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
}

/**
 * A two-tier cache: a cortado Cache in this process over a Redis shared by many. Every method is
 * async. Keys are strings; values anything the serializer handles (JSON by default).
 *
 * Consistency is eventual: another process's write or delete reaches this L1 as fast as Redis
 * pub/sub delivers it (well under a millisecond on one host); while the subscription is down,
 * L1 keeps serving what it holds, and is cleared when it comes back.
 *
 * @example
 * ```ts
 * const redis = await createClient({ url }).connect();
 * const cache = new TieredCache({ local: { maxCost: 10_000 }, redis, namespace: 'users', ttl: 60_000 });
 * const user = await cache.fetch(`user:${id}`, () => db.findUser(id));
 * ```
 */
export class TieredCache<V = unknown> extends Emitter {
  /** L1: the Cache in this process. */
  readonly local: Cache<string, V>;
  /** The namespace in Redis. */
  readonly namespace: string;
  private readonly options: ResolvedTieredOptions<V>;
  private readonly connection: Connection;
  private readonly bus: InvalidationBus | undefined;
  private readonly ownsLocal: boolean;
  private readonly inFlight = new InFlight();
  private readonly loads = new Map<string, Promise<V | undefined>>();
  private readonly sender = randomId();
  private readonly transport: Transport;
  private readonly breaker: CircuitBreaker;
  private readonly locks: KeyLocks;
  /** Keys put in L1 during the current outage (by loads, for outageTtl): kept when the older entries go. */
  private readonly outageKeys = new Set<string>();
  /** Armed when this process lost touch (see lost()); disarmed when it is back in touch. */
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private staleArmed = false;
  private readonly counts = { outageLoads: 0, discardedLoads: 0, staleDrops: 0, foreignValues: 0 };
  /** Redis's clock, to turn stored deadlines into ms left for L1. */
  private readonly clock: RedisClock;
  /** When this process announced that Redis is unreachable (performance.now()), or undefined while it is not. */
  private downSince: number | undefined;
  private lastPrinted = -Infinity;
  private closed = false;

  constructor(options: TieredCacheOptions<V>) {
    super();
    this.options = resolveTieredOptions(options);
    // L1 first: options it refuses throw before anything else (a connection's listeners) exists.
    this.ownsLocal = typeof (options.local as { get?: unknown }).get !== 'function';
    this.local = this.ownsLocal
      ? localCache<V>(options.local as CacheOptions<string, V>)
      : (options.local as Cache<string, V>);
    this.namespace = this.options.namespace;
    this.connection = connectionOf(options.redis);
    this.transport = new Transport(this.connection, this.options.timeout, {
      down: (error) => this.down(error),
      up: () => this.up(),
    });
    this.breaker = this.transport.breaker;
    this.clock = new RedisClock(
      () => this.send(['TIME']),
      (error) => this.report(error, 'time', undefined),
    );
    void this.clock.sync();
    this.locks = new KeyLocks(
      this.namespace,
      this.sender,
      this.options.lockTtl,
      (args) => this.send(args),
      (error, operation, key) => this.report(error, operation, key),
    );
    if (this.options.invalidation) {
      this.bus = new InvalidationBus(
        this.connection,
        (args) => this.send(args),
        `${this.namespace}+invalidate`,
        this.sender,
        {
          invalidate: (key) => {
            this.inFlight.invalidate(key);
            this.loads.delete(key);
            this.drop(key);
            this.locks.wake(key);
          },
          clear: () => {
            this.inFlight.invalidateAll();
            this.loads.clear();
            this.outageKeys.clear();
            this.disarmStale();
            this.dropAll();
            if (this.breaker.state === 'closed') this.announceUp();
          },
          error: (error, operation) => {
            // Announced, not tripped: the subscription reconnects on its own schedule, and its
            // late errors must not open a breaker whose probe just found Redis back.
            if (!isReply(error)) this.announceDown(error);
            this.report(error, operation, undefined);
          },
          lost: () => this.lost(),
          resubscribed: () => {
            this.breaker.probeSoon();
            void this.clock.sync(); // Redis may be another server now, with another clock
          },
        },
      );
      void this.bus.start();
    }
  }

  /**
   * Resolves once the invalidation bus is subscribed and known to deliver (without invalidation,
   * at once) and Redis's clock was read (redis-clock.ts). Until then L1 is not filled from Redis
   * (values without a TTL excepted, once the bus is ready). Rejects (TieredCacheError) when that
   * takes longer than `timeout` ms, e.g. Redis is down at start-up: the tier works meanwhile (L1
   * and loads, see outageTtl) and connects when Redis appears, so `ready().catch(…)` lets an app
   * start without Redis.
   */
  ready(): Promise<void> {
    this.check('ready');
    const waits: Promise<void>[] = [];
    if (this.bus !== undefined && !this.bus.healthy) waits.push(this.bus.ready());
    if (!this.clock.known) waits.push(this.clock.ready());
    if (waits.length === 0) return Promise.resolve();
    return withTimeout(Promise.all(waits), this.options.timeout).then(
      () => undefined,
      (error: unknown) => {
        throw new TieredCacheError('ready', undefined, error);
      },
    );
  }

  /** How the tier is doing: the breaker's state and the counters of its degradation. */
  stats(): TieredStats {
    return {
      breaker: this.breaker.state,
      subscribed: this.bus === undefined || this.bus.healthy,
      outages: this.breaker.outages,
      shortCircuited: this.breaker.shortCircuited,
      failures: this.transport.failures,
      ...this.counts,
    };
  }

  /** The value of `key`: from L1, else from Redis (then kept in L1). A Redis failure is a miss, reported to onError. */
  get(key: string): Promise<V | undefined> {
    // Not an async function: an L2 hit then resolves through read()'s promise alone (an async
    // get() returning it would add a promise and two turns of the microtask queue per call).
    let hit: V | undefined;
    try {
      this.checkKey('get', key);
      hit = this.local.get(key);
    } catch (error) {
      return Promise.reject(error);
    }
    return hit !== undefined ? Promise.resolve(hit) : this.read(key, 'get');
  }

  /** Stores `value` in Redis, then in L1. Rejects (TieredCacheError) when Redis did not confirm it. */
  async set(key: string, value: V, options?: TieredSetOptions): Promise<void> {
    this.checkKey('set', key);
    const ttl = duration('ttl', options?.ttl, this.options.ttl);
    if (value === undefined)
      throw new TypeError('cortado/redis: value must not be undefined (use delete() to remove a key)');
    const text = this.options.serializer.serialize(value);
    if (typeof text !== 'string')
      throw new TypeError(`cortado/redis: serializer.serialize returned ${typeof text}, not a string`);
    const px = ttl === 0 || ttl === Infinity ? '0' : String(Math.ceil(ttl));
    const ticket = this.inFlight.begin(key);
    this.inFlight.invalidate(key, ticket); // older replies (and loads) for this key must not write L1 after this one
    this.loads.delete(key); // later fetches must not join a load this write overtook
    const started = now();
    try {
      await this.send([
        'EVAL',
        WRITE,
        '3',
        this.redisKey(key),
        this.versionKey(key),
        this.counterKey(),
        text,
        px,
        this.channel(),
        this.bus?.keyMessage(key) ?? '',
        this.seed(),
        this.versionPx(),
      ]);
    } catch (error) {
      this.inFlight.end(ticket);
      this.drop(key);
      throw new TieredCacheError('set', key, error);
    }
    if (this.inFlight.end(ticket) && this.mayFill())
      this.fill(key, value, px === '0' ? Infinity : ttl - (now() - started));
    else this.drop(key);
  }

  /** Removes `key` from L1 and Redis; resolves to whether Redis had it. Rejects when Redis did not confirm. */
  async delete(key: string): Promise<boolean> {
    this.checkKey('delete', key);
    const ticket = this.inFlight.begin(key);
    this.inFlight.invalidate(key, ticket);
    this.loads.delete(key);
    this.drop(key);
    try {
      const args = [
        this.redisKey(key),
        this.versionKey(key),
        this.counterKey(),
        this.channel(),
        this.bus?.keyMessage(key) ?? '',
        this.seed(),
        this.versionPx(),
      ];
      return (await this.send(['EVAL', DELETE, '3', ...args])) !== 0;
    } catch (error) {
      throw new TieredCacheError('delete', key, error);
    } finally {
      this.inFlight.end(ticket);
    }
  }

  /**
   * The value of `key`, loaded with `load` on a miss and stored. One load per key at a time in
   * this process; across processes, the first to take the key's lock loads, the others wait for
   * its value up to `lockWait` ms, then load themselves. A failing `load` rejects; Redis failures
   * do not (the loaded value is returned, the failure reported).
   *
   * A write wins over a load in flight: when a set(), delete() or clear() of the key, in any
   * process, happened after the load's miss, the loaded value is returned to the callers but
   * stored neither in Redis nor in L1. So is a load that took longer than `versionTtl`.
   *
   * A load may return undefined (nothing found: return null to cache the absence): then nothing
   * is stored and fetch() resolves undefined, which its type says when the load's does
   * (`Promise<User | undefined>` in, `Promise<User | undefined>` out).
   */
  fetch(key: string, load: (key: string) => V | Promise<V>, options?: TieredSetOptions): Promise<V>;
  fetch(
    key: string,
    load: (key: string) => V | undefined | Promise<V | undefined>,
    options?: TieredSetOptions,
  ): Promise<V | undefined>;
  fetch(key: string, load: Load<V>, options?: TieredSetOptions): Promise<V | undefined> {
    return this.fetchAny(key, load, options);
  }

  private async fetchAny(key: string, load: Load<V>, options?: TieredSetOptions): Promise<V | undefined> {
    this.checkKey('fetch', key);
    if (typeof load !== 'function')
      throw new TypeError(`cortado/redis: fetch() needs a load function, got ${typeof load}`);
    if (options?.ttl !== undefined) duration('ttl', options.ttl, 0);
    const hit = this.local.get(key);
    if (hit !== undefined) return hit;
    let pending = this.loads.get(key);
    if (pending === undefined) {
      const started = this.fetchOnce(key, load, options);
      pending = started.finally(() => {
        if (this.loads.get(key) === pending) this.loads.delete(key);
      });
      this.loads.set(key, pending);
    }
    return pending;
  }

  /** Removes this namespace's keys from Redis (SCAN + UNLINK, never FLUSHDB) and empties every L1 of the namespace. */
  async clear(): Promise<void> {
    this.check('clear');
    this.inFlight.invalidateAll();
    this.loads.clear();
    this.dropAll();
    try {
      await this.send(['INCR', this.epochKey()]); // loads in flight anywhere must not store what they read before
      let cursor = '0';
      do {
        const [next, keys] = (await this.send(['SCAN', cursor, 'MATCH', `${this.namespace}:*`, 'COUNT', '1000'])) as [
          string,
          string[],
        ];
        if (keys.length > 0) await this.send(['UNLINK', ...keys]);
        cursor = String(next);
      } while (cursor !== '0');
      if (this.bus !== undefined) await this.send(['PUBLISH', this.channel(), this.bus.clearMessage()]);
    } catch (error) {
      throw new TieredCacheError('clear', undefined, error);
    } finally {
      // Reads that overlapped the scan may have filled L1 with keys since unlinked.
      this.inFlight.invalidateAll();
      this.dropAll();
    }
  }

  /**
   * Stops listening to the bus (closing the duplicate connection) and closes L1 if this
   * TieredCache made it. The Redis client you passed stays open. Later calls throw.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.bus?.close();
    this.transport.close();
    clearTimeout(this.staleTimer);
    // A load still running must not keep other processes waiting on its lock for lockTtl.
    await this.locks.close();
    if (this.ownsLocal) this.local.close();
  }

  // ─── Redis ────────────────────────────────────────────────────────────────────────────

  private send(args: string[]): Promise<unknown> {
    return this.transport.send(args);
  }

  /** Whether Redis answers and this process hears every invalidation: L1 may be filled from Redis. */
  private connected(): boolean {
    return this.breaker.state === 'closed' && (this.bus === undefined || this.bus.healthy);
  }

  /** The breaker opened: announce it, and bound what L1 serves from before. */
  private down(error: unknown): void {
    this.announceDown(error);
    this.lost();
  }

  /** The breaker closed: what loads put in L1 during the outage was never checked against Redis, so it goes. */
  private up(): void {
    this.endOutage();
    void this.clock.sync(); // Redis may be another server now, with another clock
    if (this.bus === undefined || this.bus.healthy) this.announceUp();
  }

  /** Says once per outage that Redis is unreachable: 'down' event, or one printed line when nobody listens. */
  private announceDown(error: unknown): void {
    if (this.downSince !== undefined || this.closed) return;
    this.downSince = now();
    this.emit('down', error);
    if (!this.heard('down')) {
      console.warn(
        `cortado/redis: TieredCache "${this.namespace}": Redis unreachable (${error instanceof Error ? error.message : String(error)}); serving L1 and loading without Redis until it answers again`,
      );
    }
  }

  /** Says once that Redis answers again (and the subscription is back): 'up' event with the ms down, or one printed line. */
  private announceUp(): void {
    if (this.downSince === undefined || this.closed) return;
    const ms = now() - this.downSince;
    this.downSince = undefined;
    this.emit('up', ms);
    if (!this.heard('up'))
      console.warn(
        `cortado/redis: TieredCache "${this.namespace}": Redis answers again (unreachable for ${Math.round(ms)} ms)`,
      );
  }

  /** Whether anyone hears `event` or the failures (onError, 'error'): then nothing is printed. */
  private heard(event: string): boolean {
    return this.options.onError !== undefined || this.listenerCount('error') > 0 || this.listenerCount(event) > 0;
  }

  /**
   * This process may miss invalidations from now on (Redis unreachable, or the subscription
   * lost): L1 keeps serving what it holds for outageTtl ms more, then drops it (but not what loads
   * put in it meanwhile, which lives outageTtl from its own load).
   */
  private lost(): void {
    if (this.staleArmed || this.closed) return;
    this.staleArmed = true;
    this.staleTimer = setTimeout(() => {
      if (this.connected() || this.closed) return;
      this.counts.staleDrops++;
      const stale = [...this.local.keys()].filter((key) => !this.outageKeys.has(key));
      for (const key of stale) this.drop(key);
    }, this.options.outageTtl);
    (this.staleTimer as { unref?: () => void }).unref?.();
  }

  /** Back in touch: the next loss starts a new outageTtl. */
  private disarmStale(): void {
    clearTimeout(this.staleTimer);
    this.staleArmed = false;
  }

  /** Redis answers again: the values loads put in L1 during the outage go (the bus clears the rest when it resubscribes). */
  private endOutage(): void {
    if (this.bus !== undefined && !this.bus.healthy) return; // the bus's probe will clear L1 when it comes back
    this.disarmStale();
    for (const key of this.outageKeys) this.drop(key);
    this.outageKeys.clear();
  }

  private redisKey(key: string): string {
    return `${this.namespace}:${key}`;
  }

  /** The key of `key`'s version (scripts.ts). */
  private versionKey(key: string): string {
    return `${this.namespace}+ver:${key}`;
  }

  /** The namespace's version counter. */
  private counterKey(): string {
    return `${this.namespace}+seq`;
  }

  /** The namespace's epoch, bumped by clear(). */
  private epochKey(): string {
    return `${this.namespace}+epoch`;
  }

  /** A random start for the version counter when Redis has none (after a restart): versions from before stay unmatched. */
  private seed(): string {
    return String(Math.floor(Math.random() * 2 ** 40));
  }

  private versionPx(): string {
    return String(Math.ceil(this.options.versionTtl));
  }

  private channel(): string {
    return this.bus?.channel ?? '';
  }

  /** Reads `key` from Redis, filling L1 when nothing overtook the reply; a failure is a reported miss. */
  private read(key: string, operation: string): Promise<V | undefined> {
    const since = this.inFlight.since(); // no ticket: see in-flight.ts
    // One GET: the stored value carries its own expiry (value-format.ts).
    return this.send(['GET', this.redisKey(key)]).then(
      (text) =>
        text === null || text === undefined
          ? undefined
          : this.accept(key, String(text), this.inFlight.freshSince(key, since)),
      (error: unknown) => {
        this.report(error, operation, key);
        return undefined;
      },
    );
  }

  /**
   * A value read from Redis: parsed and deserialized, and put in L1 when `fresh`. A value that
   * cannot be read is a miss, deleted from Redis (only while it still holds that text), and
   * reported: every one that fails to deserialize, the first of those not in the stored format.
   */
  private accept(key: string, text: string, fresh: boolean): V | undefined {
    if (this.closed) return undefined;
    const stored = parseStored(text);
    if (stored === undefined) {
      if (this.counts.foreignValues++ === 0) {
        const why = new TypeError(
          "not in cortado/redis's stored format (another program's value, or an older cortado's): a miss, deleted; the next ones are only counted (stats().foreignValues)",
        );
        this.report(why, 'deserialize', key);
      }
      this.deleteUnreadable(key, text);
      return undefined;
    }
    let value: V;
    try {
      value = this.options.serializer.deserialize(stored.payload);
      if (value === undefined) throw new TypeError('serializer.deserialize returned undefined');
    } catch (error) {
      this.report(error, 'deserialize', key);
      this.deleteUnreadable(key, text);
      return undefined;
    }
    if (fresh && this.mayFill())
      this.fill(key, value, stored.deadline === 0 ? Infinity : this.clock.left(stored.deadline));
    return value;
  }

  /** Deletes `key` from Redis while it still holds `text`, a stored value that cannot be read. */
  private deleteUnreadable(key: string, text: string): void {
    this.send([
      'EVAL',
      DELETE_IF,
      '1',
      this.redisKey(key),
      this.channel(),
      this.bus?.keyMessage(key) ?? '',
      text,
    ]).catch((e: unknown) => this.report(e, 'delete', key));
  }

  /**
   * read() for fetch(): on a miss, also the version and epoch the load must find unchanged to
   * store its value (seen is undefined when Redis did not answer).
   */
  private async lookup(key: string): Promise<Lookup<V>> {
    const ticket = this.inFlight.begin(key);
    const started = now();
    let reply: [number, string, string];
    try {
      reply = (await this.send([
        'EVAL',
        LOAD_READ,
        '3',
        this.redisKey(key),
        this.versionKey(key),
        this.epochKey(),
      ])) as typeof reply;
    } catch (error) {
      this.inFlight.end(ticket);
      this.report(error, 'fetch', key);
      return { hit: false, seen: undefined };
    }
    const fresh = this.inFlight.end(ticket);
    if (Number(reply[0]) === 0)
      return { hit: false, seen: { version: String(reply[1]), epoch: String(reply[2]), at: started } };
    const value = this.accept(key, String(reply[1]), fresh);
    return value === undefined ? { hit: false, seen: undefined } : { hit: true, value };
  }

  /** Whether L1 may take values from Redis now: only while Redis answers and the bus (if any) is healthy. */
  private mayFill(): boolean {
    return !this.closed && this.connected();
  }

  /** Puts `value` in L1 for at most `left` ms (what Redis has left; NaN: unknown) and at most localTtl. */
  private fill(key: string, value: V, left: number): void {
    const ttl = Math.min(left, this.options.localTtl);
    if (!(ttl > 0)) {
      this.drop(key);
      return;
    }
    try {
      // inL1() written out: no closure on an L2 hit's path
      this.local.set(key, value, ttl === Infinity ? undefined : { ttl });
    } catch (error) {
      this.failedInL1(error, key, value);
    }
  }

  /** Removes `key` from L1 (unless closed: replies can arrive after close()). */
  private drop(key: string): void {
    if (!this.closed) this.inL1(key, () => this.local.delete(key), undefined);
  }

  /** Empties L1 (unless closed). */
  private dropAll(): void {
    if (!this.closed) this.inL1(undefined, () => this.local.clear(), undefined);
  }

  /**
   * Runs a change of L1. A callback of the L1 Cache that throws (onExit, onEvict, given with a
   * Cache of your own) is reported (operation 'local') and does not fail the call: the value is
   * in Redis and reaches every caller. Then `key` leaves L1 unless it holds `value` (the Cache
   * stays consistent, but which value it kept is its own business).
   */
  private inL1<T>(key: string | undefined, change: () => T, value: V | undefined): T | undefined {
    try {
      return change();
    } catch (error) {
      this.failedInL1(error, key, value);
      return undefined;
    }
  }

  /** What inL1() does when the change threw. */
  private failedInL1(error: unknown, key: string | undefined, value: V | undefined): void {
    this.report(error, 'local', key);
    try {
      if (key !== undefined && this.local.peek(key) !== value) this.local.delete(key);
    } catch {
      // the same listener again: reported once above
    }
  }

  // ─── fetch ────────────────────────────────────────────────────────────────────────────

  private async fetchOnce(key: string, load: Load<V>, options: TieredSetOptions | undefined): Promise<V | undefined> {
    // Spoiled by any news of the key in this process (a set, a delete, another process's message):
    // then the load's value must not enter L1.
    const ticket = this.inFlight.begin(key);
    try {
      let found = await this.lookup(key);
      if (found.hit) return found.value;
      const deadline = now() + this.options.lockWait;
      for (;;) {
        const held = await this.locks.take(key);
        if (held) {
          // Another process may have loaded and unlocked between our read and our lock.
          found = await this.lookup(key);
          if (!found.hit) return await this.loadAndStore(key, load, options, ticket, found.seen, held);
          this.locks.release(held, key);
          return found.value;
        }
        // Redis unreachable: waiting for another process would be waiting blind.
        if (held === undefined) return await this.loadAndStore(key, load, options, ticket, found.seen, undefined);
        const left = deadline - now();
        if (left <= 0 || this.closed) return await this.loadAndStore(key, load, options, ticket, found.seen, undefined);
        await this.locks.waitFor(key, Math.min(POLL_MS, left));
        found = await this.lookup(key);
        if (found.hit) return found.value;
      }
    } finally {
      this.inFlight.end(ticket);
    }
  }

  private async loadAndStore(
    key: string,
    load: Load<V>,
    options: TieredSetOptions | undefined,
    ticket: Ticket,
    seen: Seen | undefined,
    held: Held | undefined,
  ): Promise<V | undefined> {
    try {
      const value = await load(key);
      if (value !== undefined && !this.closed) await this.storeLoaded(key, value, options, ticket, seen);
      return value;
    } finally {
      if (held !== undefined) this.locks.release(held, key);
    }
  }

  /**
   * Stores a loaded value in Redis only if its key's version and the epoch are still those its
   * miss saw (STORE_LOADED), and then in L1 only if no news of the key reached this process
   * meanwhile. A load whose miss saw nothing (Redis did not answer) or older than versionTtl
   * (its version may have expired) is not stored.
   */
  private async storeLoaded(
    key: string,
    value: V,
    options: TieredSetOptions | undefined,
    ticket: Ticket,
    seen: Seen | undefined,
  ): Promise<void> {
    if (seen === undefined) return this.fillDuringOutage(key, value, options, ticket);
    if (now() - seen.at >= this.options.versionTtl) {
      this.counts.discardedLoads++;
      return;
    }
    let text: string;
    try {
      text = this.options.serializer.serialize(value);
      if (typeof text !== 'string')
        throw new TypeError(`cortado/redis: serializer.serialize returned ${typeof text}, not a string`);
    } catch (error) {
      this.report(error, 'fetch', key);
      return;
    }
    const ttl = duration('ttl', options?.ttl, this.options.ttl);
    const px = ttl === 0 || ttl === Infinity ? '0' : String(Math.ceil(ttl));
    const started = now();
    let stored: unknown;
    try {
      const keys = [this.redisKey(key), this.versionKey(key), this.epochKey()];
      stored = await this.send([
        'EVAL',
        STORE_LOADED,
        '3',
        ...keys,
        text,
        px,
        this.channel(),
        this.bus?.keyMessage(key) ?? '',
        seen.version,
        seen.epoch,
      ]);
    } catch (error) {
      this.report(error, 'fetch', key);
      this.drop(key); // the store may have landed, or not
      return this.fillDuringOutage(key, value, options, ticket);
    }
    if (Number(stored) !== 1) {
      this.counts.discardedLoads++; // a write came first: it wins
      return;
    }
    if (!ticket.spoiled && this.mayFill()) this.fill(key, value, px === '0' ? Infinity : ttl - (now() - started));
    else this.drop(key);
  }

  /**
   * A load whose value Redis could not take (Redis unreachable): L1 keeps it for outageTtl (at
   * most the entry's ttl and localTtl), so that this process loads each key once per outageTtl
   * rather than on every call, unless news of the key came in meanwhile.
   */
  private fillDuringOutage(key: string, value: V, options: TieredSetOptions | undefined, ticket: Ticket): void {
    if (this.closed || ticket.spoiled || this.connected()) return;
    this.counts.outageLoads++;
    const ttl = duration('ttl', options?.ttl, this.options.ttl);
    const life = Math.min(this.options.outageTtl, this.options.localTtl, ttl === 0 ? Infinity : ttl);
    if (this.inL1(key, () => this.local.set(key, value, { ttl: life }), value)) this.outageKeys.add(key);
  }

  // ─── errors ───────────────────────────────────────────────────────────────────────────

  private check(method: string): void {
    if (this.closed) throw new Error(`cortado/redis: TieredCache.${method}() called after close()`);
  }

  private checkKey(method: string, key: unknown): void {
    this.check(method);
    if (typeof key !== 'string') throw new TypeError(`cortado/redis: key must be a string, got ${typeof key}`);
  }

  /** Sends a failure nobody awaits to onError and 'error' listeners, or prints it (rate-limited). */
  private report(error: unknown, operation: string, key: string | undefined): void {
    if (error instanceof ShortCircuit) return; // counted in stats(); the outage was reported once
    const reported = error instanceof TieredCacheError ? error : new TieredCacheError(operation, key, error);
    let handled = false;
    if (this.options.onError !== undefined) {
      handled = true;
      try {
        this.options.onError(reported);
      } catch (thrown) {
        console.error(thrown); // a throwing onError must not turn a get() miss into a rejection
      }
    }
    if (this.listenerCount('error') > 0) {
      handled = true;
      this.emit('error', reported);
    }
    // Unheard failures are printed as one line each, at most one a second, and not at all while
    // Redis is down: the outage was announced once, and its end will be.
    if (!handled && this.downSince === undefined && now() - this.lastPrinted >= PRINT_EVERY_MS) {
      this.lastPrinted = now();
      console.error(reported.message);
    }
  }
}

/** L1 from its options; an error names `local`, where the options were given. */
function localCache<V>(options: CacheOptions<string, V>): Cache<string, V> {
  try {
    return new Cache<string, V>(options);
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    const Kind = error instanceof TypeError ? TypeError : RangeError;
    throw new Kind(`cortado/redis: local: ${error.message.replace(/^cortado: /, '')}`, { cause: error });
  }
}
