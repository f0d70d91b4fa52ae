// The public API shared by every entry point (default, Workers, lite); each entry adds the
// POLICIES it registers.
export { Cache } from './cache.js';
export { memoize } from './memoize.js';
export type { MemoizeOptions, Memoized } from './memoize.js';
export type {
  CacheOptions,
  SetOptions,
  Clock,
  EvictionReason,
  ExitReason,
  FetchOptions,
  GetOrSetOptions,
  Loader,
  LoadContext,
} from './options.js';
export type { CacheStats } from './stats.js';
export type { LifeExpectancy } from './life-expectancy.js';
export type { EvictMessage, LoadMessage } from './diagnostics.js';
export type { EntryInfo, DumpedEntry, LoadEntry, LoadOptions } from './dump.js';
export type { PolicyHint } from './policy.js';
export { DEFAULT_POLICY } from './policies/machinery/registry.js';
export type { PolicyName, PolicySpec, PolicyOptionsMap, PolicyValue } from './policies/machinery/registry.js';
