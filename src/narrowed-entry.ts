// The Cache as an entry that knows fewer policies by name (`cortado/lite`, `cortado/core`) types
// it: the same class and options, with `policy` narrowed to the specs that entry accepts. Types
// only; each entry registers its policies and exports the class under these types.
import type { Cache } from './cache.js';
import type { CacheOptions } from './options.js';

/** The Cache's options, with `policy` narrowed to `Spec`: what the entry accepts. */
export interface NarrowedCacheOptions<K, V, Spec> extends Omit<CacheOptions<K, V>, 'policy'> {
  /** The default policy (W-TinyLFU) when absent; otherwise one of the entry's `PolicySpec`s. */
  policy?: Spec;
}

/** The Cache class typed with the narrowed options: the same class (`Cache.name` is 'Cache'). */
export interface NarrowedCacheConstructor<Spec> {
  new <K = unknown, V = unknown>(options: NarrowedCacheOptions<K, V, Spec>): Cache<K, V>;
  readonly prototype: Cache<any, any>;
}
