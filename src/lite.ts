// The small entry (`cortado/lite`) for bundle-size-sensitive pages: the same Cache with the
// default policy (W-TinyLFU) and LRU only; the kernels' bytes are inlined as in the default
// entry. Its types accept only those two names (a TypeScript error for any other), and at run
// time every other policy name is a RangeError that points to the full entry.
import { registerWasmSource, decodeBase64 } from './wasm/module.js';
import { WASM_BASE64 } from './wasm/bytes.generated.js';
import { registerPolicies, type PolicyOptionsMap } from './policies/machinery/registry.js';
import { wTinyLfu } from './policies/w-tinylfu/definition.js';
import { lru } from './policies/lru.js';
import { Cache as FullCache } from './cache.js';
import type { NarrowedCacheConstructor, NarrowedCacheOptions } from './narrowed-entry.js';

registerWasmSource(() => new WebAssembly.Module(decodeBase64(WASM_BASE64)));

// Everything the default entry exports; the names declared below take precedence over it.
export * from './exports.js';

/** The policies `cortado/lite` ships (import from "cortado" for every policy). */
export type PolicyName = 'w-tinylfu' | 'lru';

/** A policy by name, or by name with its options: `{ name: 'w-tinylfu', windowFrac: 0.02 }`. */
export type PolicySpec = PolicyName | { [N in PolicyName]: { name: N } & PolicyOptionsMap[N] }[PolicyName];

/** The Cache's options, with `policy` narrowed to what this entry ships: `'w-tinylfu'` (the default) or `'lru'`. */
export type CacheOptions<K, V> = NarrowedCacheOptions<K, V, PolicySpec>;

/** The Cache class as this entry types it: the same class, with the narrowed options. */
export type CacheConstructor = NarrowedCacheConstructor<PolicySpec>;

/** The same class as the default entry's (`Cache.name` is 'Cache'), typed with the narrowed options. */
export const Cache: CacheConstructor = FullCache;
/** A cache (the same class as the default entry's). */
export type Cache<K = unknown, V = unknown> = FullCache<K, V>;

/** The policy names this entry accepts (import from "cortado" for all of them). */
export const POLICIES = registerPolicies(
  [wTinyLfu, lru],
  ' (cortado/lite ships only these; import from "cortado" for every policy)',
) as readonly PolicyName[];
