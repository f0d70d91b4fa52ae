// memoize(): a function wrapper over a Cache. Synchronous functions go through getOrSet(), async
// ones through fetch(), so concurrent calls with the same key share one call of the function,
// and what is stored is the resolved value (never a promise: a refused or rejected promise
// would otherwise make every caller call again, and a rejection would be cached).

import { Cache } from './cache.js';
import { OPTION_NAMES, type CacheOptions } from './options.js';
import { describe, rejectUnknownKeys, requireFunction, requireObject } from './validate.js';

/** memoize()'s own options, then those of a new cache. */
const MEMOIZE_OPTION_NAMES: readonly string[] = ['cache', 'key', ...OPTION_NAMES];

/** memoize()'s options: a cache to use, or the options of a new one; and how arguments make a key. */
export type MemoizeOptions<A extends unknown[], K, V> = Partial<CacheOptions<K, V>> & {
  /** The cache to store results in (default: a new one, built from the other options). */
  cache?: Cache<K, V>;
  /** The cache key of a call's arguments (default: the first argument). */
  key?: (...args: A) => K;
};

/** The memoized function, with the cache it stores results in. */
export type Memoized<A extends unknown[], R, K> = ((...args: A) => R) & { readonly cache: Cache<K, Awaited<R>> };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/**
 * Wraps `fn` so that calls whose arguments map to the same key (the first argument unless
 * `key` says otherwise) return the stored result. For a function that returns a promise, the
 * memoized one returns a promise too, one call of `fn` runs per key however many calls wait, the
 * resolved value is what is stored, and a rejection stores nothing. An `async function` is known
 * to be one from the start; another function that returns a promise is recognised by its first
 * call (which then counts as two loads in stats()). A result of undefined is never stored.
 */
export function memoize<A extends unknown[], R, K = A[0]>(
  fn: (...args: A) => R,
  options: MemoizeOptions<A, K, Awaited<R>>,
): Memoized<A, R, K> {
  requireFunction('memoize() fn', fn);
  const checked = requireObject('memoize() options', options);
  rejectUnknownKeys('memoize() option', checked, MEMOIZE_OPTION_NAMES);
  const { cache: given, key: keyOf, ...cacheOptions } = checked as MemoizeOptions<A, K, Awaited<R>>;
  if (keyOf !== undefined) requireFunction('memoize() key', keyOf);
  let cache: Cache<K, Awaited<R>>;
  if (given !== undefined) {
    if (!(given instanceof Cache))
      throw new TypeError(`cortado: memoize() cache must be a Cache, got ${describe(given)}`);
    const extra = Object.keys(cacheOptions);
    if (extra.length > 0)
      throw new TypeError(
        `cortado: memoize() got a cache and cache options (${extra.join(', ')}); give one or the other`,
      );
    cache = given;
  } else {
    if (cacheOptions.maxCost === undefined)
      throw new TypeError('cortado: memoize() needs { cache } or the options of a new cache, with maxCost');
    cache = new Cache<K, Awaited<R>>(cacheOptions as CacheOptions<K, Awaited<R>>);
  }
  let async = Object.prototype.toString.call(fn) === '[object AsyncFunction]';

  const memoized = function (this: unknown, ...args: A): R {
    const key = keyOf === undefined ? (args[0] as K) : keyOf(...args);
    if (async) return cache.fetch(key, { load: () => fn.apply(this, args) as Promise<Awaited<R>> }) as R;
    let pending: PromiseLike<unknown> | undefined;
    const value = cache.getOrSet(key, () => {
      const result = fn.apply(this, args);
      if (!isThenable(result)) return result as Awaited<R>;
      pending = result; // not stored: from now on calls go through fetch()
      return undefined as Awaited<R>;
    });
    if (pending === undefined) return value as R;
    async = true;
    const promise = pending;
    return cache.fetch(key, { load: () => promise as Promise<Awaited<R>>, forceRefresh: true }) as R;
  };
  return Object.defineProperty(memoized, 'cache', { value: cache, enumerable: true }) as unknown as Memoized<A, R, K>;
}
