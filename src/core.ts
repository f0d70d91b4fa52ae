// `cortado/core`: the Cache with the default policy (W-TinyLFU) and no other policy registered by
// name; every other policy is passed as a value from `cortado/policies`, so a bundle carries only
// the policies it imports: `new Cache({ maxCost, policy: lirs })`. The kernels' bytes are inlined
// as in the default entry. A policy name other than the default's is a TypeError in its types and
// a RangeError at run time that points to `cortado/policies`.
import { registerWasmSource, decodeBase64 } from './wasm/module.js';
import { WASM_BASE64 } from './wasm/bytes.generated.js';
import { registerPolicies, type PolicyOptionsMap, type PolicyValue } from './policies/machinery/registry.js';
import { wTinyLfu } from './policies/w-tinylfu/definition.js';
import { Cache as FullCache } from './cache.js';
import type { NarrowedCacheConstructor, NarrowedCacheOptions } from './narrowed-entry.js';

registerWasmSource(() => new WebAssembly.Module(decodeBase64(WASM_BASE64)));

// Everything the default entry exports; the names declared below take precedence over it.
export * from './exports.js';

/** The one policy `cortado/core` knows by name: the default (pass any other as a value). */
export type PolicyName = 'w-tinylfu';

/**
 * The default policy by name, or by name with its options (`{ name: 'w-tinylfu', windowFrac: 0.02 }`),
 * or any policy as a value from `cortado/policies` (`lirs`, `{ name: lruK, k: 3 }`).
 */
export type PolicySpec = PolicyName | ({ name: PolicyName } & PolicyOptionsMap[PolicyName]) | PolicyValue;

/** The Cache's options, with `policy` as `cortado/core` takes it: the default by name, any other as a value from `cortado/policies`. */
export type CacheOptions<K, V> = NarrowedCacheOptions<K, V, PolicySpec>;

/** The Cache class as this entry types it: the same class, with the narrowed options. */
export type CacheConstructor = NarrowedCacheConstructor<PolicySpec>;

/** The same class as the default entry's (`Cache.name` is 'Cache'), typed with the narrowed options. */
export const Cache: CacheConstructor = FullCache;
/** A cache (the same class as the default entry's). */
export type Cache<K = unknown, V = unknown> = FullCache<K, V>;

/** The policy names this entry accepts: the default's alone. */
export const POLICIES = registerPolicies(
  [wTinyLfu],
  ` (cortado/core knows only the default by name: import the policy from "cortado/policies" and pass it as a value)`,
) as readonly PolicyName[];
