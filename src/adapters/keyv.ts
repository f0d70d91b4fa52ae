// Entry `cortado/keyv`: a cortado Cache as a Keyv v5 storage adapter (`CortadoStore`), and
// `createKeyv()`, a ready Keyv over one (for cache-manager 7, cacheable and the rest of the
// Keyv ecosystem). It sees only the public Cache API.
//
// Keyv is an optional peer dependency: nothing here imports it at load time (its types are
// erased). CortadoStore needs no Keyv at all; createKeyv() takes the Keyv class you give it or
// imports the installed `keyv` package on first call, so the entry loads without it.
import type { Keyv, KeyvOptions, KeyvStoreAdapter, StoredData } from 'keyv';
import { Cache, type CacheOptions } from '../index.js';
import { Emitter } from './emitter.js';

/**
 * What CortadoStore and createKeyv() accept: the options of a new Cache, or a Cache of string keys
 * to share, whatever its value type (`Cache<string, User>`: the store holds what Keyv hands it).
 */
export type CortadoStoreInput = CacheOptions<string, any> | Cache<string, any>;

/** CortadoStore's own options. */
export interface CortadoStoreOptions {
  /**
   * Whether the Keyv over this store prefixes keys with its namespace (`namespace:key`), as Keyv
   * does by default (default true). Give `false` with Keyv's `useKeyPrefix: false` (createKeyv()
   * does it for you): Keyv still names the store's namespace then, but the keys carry none, so
   * clear() empties the whole Cache and iterator() yields every entry, as Keyv's own Map store does.
   */
  useKeyPrefix?: boolean;
}

/** A Cache rather than options for one: options never carry get/set functions. */
function isCache(input: CortadoStoreInput): input is Cache<string, any> {
  return (
    typeof (input as { get?: unknown }).get === 'function' && typeof (input as { set?: unknown }).set === 'function'
  );
}

/**
 * A Keyv v5 storage adapter over a cortado Cache. Values are held as Keyv hands them over (the
 * serialized string, or with `createKeyv()` the `{ value, expires }` record itself: no
 * serialization round trip), TTLs are in milliseconds and reach the Cache, so an expired entry
 * leaves it (and frees its cost) rather than waiting for Keyv to read it.
 *
 * A failing call (for instance after `disconnect()`) emits 'error' and resolves to a miss or
 * false when anyone listens for 'error' (Keyv always does), and rejects otherwise.
 *
 * @example
 * ```ts
 * const keyv = new Keyv({ store: new CortadoStore({ maxCost: 10_000 }) });
 * await keyv.set('user:1', { name: 'Ada' }, 60_000);
 * ```
 */
export class CortadoStore extends Emitter implements KeyvStoreAdapter {
  /**
   * The adapter's options, as Keyv reads them. Keyv 5 exposes `keyv.iterator()` only for the
   * `dialect`s of its own list and reads `url` otherwise, so both are set: `createKeyv()`
   * attaches the iterator itself.
   */
  opts: { dialect: 'cortado'; url: string; [option: string]: unknown };
  /** Set by Keyv: keys are stored as `namespace:key`; clear() and iterator() keep to it. */
  namespace: string | undefined;
  /** The Cache holding the entries. */
  readonly cache: Cache<string, unknown>;
  /** Whether this store made `cache` (and so closes it on disconnect()). */
  private readonly ownsCache: boolean;
  /** Whether keys carry `namespace:` (see CortadoStoreOptions.useKeyPrefix). */
  readonly useKeyPrefix: boolean;

  /**
   * @param input the options of a new Cache (`{ maxCost, policy, ttl, … }`), or a Cache to use:
   *   several stores (one per Keyv namespace) can share one Cache.
   * @param options `useKeyPrefix: false` when the Keyv over it has `useKeyPrefix: false`.
   */
  constructor(input: CortadoStoreInput, options: CortadoStoreOptions = {}) {
    super();
    if (input === null || typeof input !== 'object') {
      throw new TypeError(
        `cortado/keyv: CortadoStore needs Cache options (e.g. { maxCost: 10_000 }) or a Cache, got ${input === null ? 'null' : typeof input}`,
      );
    }
    if (options === null || typeof options !== 'object')
      throw new TypeError(
        `cortado/keyv: CortadoStore options must be an object, got ${options === null ? 'null' : typeof options}`,
      );
    if (options.useKeyPrefix !== undefined && typeof options.useKeyPrefix !== 'boolean') {
      throw new TypeError(`cortado/keyv: useKeyPrefix must be a boolean, got ${typeof options.useKeyPrefix}`);
    }
    this.useKeyPrefix = options.useKeyPrefix ?? true;
    this.ownsCache = !isCache(input);
    this.cache = isCache(input) ? input : new Cache<string, unknown>(input);
    this.opts = { dialect: 'cortado', url: 'cortado://memory' };
  }

  /** The stored value of `key`, or undefined. */
  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.attempt(() => this.cache.get(key) as StoredData<Value> | undefined, undefined);
  }

  /** The stored values of `keys`, in order (undefined where absent). */
  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return this.attempt(
      () => keys.map((key) => this.cache.get(key) as StoredData<Value>),
      keys.map(() => undefined),
    );
  }

  /**
   * Stores `value` for `ttl` ms (absent or 0: the Cache's default TTL). Resolves to false when
   * the Cache refused the value (admission, cost over maxCost).
   */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    return this.attempt(() => this.cache.set(key, value, ttl === undefined || ttl === 0 ? undefined : { ttl }), false);
  }

  /** Stores each entry as set() does. */
  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    for (const { key, value, ttl } of entries) await this.set(key, value, ttl);
  }

  /** Removes `key`; resolves to whether a value was there. */
  async delete(key: string): Promise<boolean> {
    return this.attempt(() => this.cache.delete(key), false);
  }

  /** Removes every key in `keys`; resolves to whether each of them was there (as Keyv does for stores without deleteMany). */
  async deleteMany(keys: string[]): Promise<boolean> {
    return this.attempt(() => keys.map((key) => this.cache.delete(key)).every(Boolean), false);
  }

  /** Whether `key` has a live value. */
  async has(key: string): Promise<boolean> {
    return this.attempt(() => this.cache.has(key), false);
  }

  /** Whether each of `keys` has a live value. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    return this.attempt(
      () => keys.map((key) => this.cache.has(key)),
      keys.map(() => false),
    );
  }

  /** Removes the keys of this store's namespace, or every key when it has none (or keys carry no prefix). */
  async clear(): Promise<void> {
    this.attempt(() => {
      if (this.namespace === undefined || !this.useKeyPrefix) return this.cache.clear();
      const prefix = `${this.namespace}:`;
      // Collected first: the Cache is not changed while its keys are being walked.
      const keys = [...this.cache.keys()].filter((key) => key.startsWith(prefix));
      for (const key of keys) this.cache.delete(key);
    }, undefined);
  }

  /** Every live `[key, value]` of `namespace` (all of them without one, or when keys carry no prefix), as stored. */
  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const prefix = namespace === undefined || !this.useKeyPrefix ? '' : `${namespace}:`;
    // A snapshot: Keyv deletes expired entries while it iterates.
    const entries = this.attempt(() => [...this.cache.entries()], []);
    for (const [key, value] of entries) {
      if (key.startsWith(prefix)) yield [key, value as Awaited<Value>];
    }
  }

  /** Closes the Cache if this store made it (a Cache passed in stays open: it is yours). */
  async disconnect(): Promise<void> {
    if (this.ownsCache) this.cache.close();
  }

  /** Runs `operation`; on failure, emits 'error' and returns `fallback`, or throws when nobody listens. */
  private attempt<T>(operation: () => T, fallback: T): T {
    try {
      return operation();
    } catch (error) {
      if (this.listenerCount('error') === 0) throw error;
      this.emit('error', error);
      return fallback;
    }
  }
}

/** Keyv's options for createKeyv(), and the Keyv class to build (default: the installed `keyv`). */
export interface CreateKeyvOptions extends Omit<KeyvOptions, 'store' | 'serialize' | 'deserialize'> {
  /** The Keyv class to construct, e.g. the one your cache-manager uses (default: `import('keyv')`). */
  Keyv?: typeof Keyv;
}

/**
 * A Keyv over a new CortadoStore, holding values as they are (Keyv's serialization is off, so
 * get() returns the object set() was given, not a copy), with `keyv.iterator()` attached.
 *
 * @typeParam Value what the Keyv's get() resolves to (`createKeyv<User>(…)`; default unknown).
 * @param input Cache options (`{ maxCost, … }`) or a Cache to use.
 * @param options Keyv's options (`namespace`, `ttl`, …) and, optionally, the Keyv class.
 * @example
 * ```ts
 * const cache = createCache({ stores: [await createKeyv({ maxCost: 10_000 })] });
 * ```
 */
export async function createKeyv<Value = unknown>(
  input: CortadoStoreInput,
  options: CreateKeyvOptions = {},
): Promise<Keyv<Value>> {
  const { Keyv: KeyvClass = (await import('keyv')).Keyv, ...keyvOptions } = options;
  const store = new CortadoStore(input, { useKeyPrefix: keyvOptions.useKeyPrefix !== false });
  const keyv = new KeyvClass<Value>({ ...keyvOptions, store, serialize: undefined, deserialize: undefined });
  // Keyv 5 attaches a store's iterator only for the dialects on its own list.
  keyv.iterator ??= keyv.generateIterator(store.iterator.bind(store));
  return keyv;
}
