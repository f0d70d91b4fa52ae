// cortado/lru-cache's constructor options: checked as lru-cache 11 checks them (TypeErrors for the
// same mistakes, each naming the option), and translated into the cortado Cache beneath: `max`
// and `maxSize` become maxEntries and maxCost, `ttlAutopurge` autopurge, `perf` the clock.

import type { CacheOptions, PolicySpec } from '../../index.js';
import type {
  LRUDisposer as Disposer,
  LRUFetcher as Fetcher,
  LRUInserter as Inserter,
  LRUMemoizer as Memoizer,
  LRUOptionsBase as OptionsBase,
  LRUPerf as Perf,
  LRUSizeCalculator as SizeCalculator,
} from './types.js';

/** Every option name lru-cache 11 reads, and `policy`. */
const OPTION_NAMES = [
  'max',
  'ttl',
  'ttlResolution',
  'ttlAutopurge',
  'updateAgeOnGet',
  'updateAgeOnHas',
  'allowStale',
  'dispose',
  'onInsert',
  'disposeAfter',
  'noDisposeOnSet',
  'noUpdateTTL',
  'maxSize',
  'backgroundFetchSize',
  'maxEntrySize',
  'sizeCalculation',
  'fetchMethod',
  'memoMethod',
  'noDeleteOnFetchRejection',
  'noDeleteOnStaleGet',
  'allowStaleOnFetchRejection',
  'allowStaleOnFetchAbort',
  'ignoreFetchAbort',
  'perf',
  'policy',
] as const;

/** The options after checking, with lru-cache's defaults. */
export interface LruOptions<K, V, FC> {
  max: number;
  maxSize: number;
  maxEntrySize: number;
  ttl: number;
  ttlResolution: number;
  ttlAutopurge: boolean;
  updateAgeOnGet: boolean;
  updateAgeOnHas: boolean;
  allowStale: boolean;
  dispose: Disposer<K, V> | undefined;
  onInsert: Inserter<K, V> | undefined;
  disposeAfter: Disposer<K, V> | undefined;
  noDisposeOnSet: boolean;
  noUpdateTTL: boolean;
  backgroundFetchSize: number;
  sizeCalculation: SizeCalculator<K, V> | undefined;
  fetchMethod: Fetcher<K, V, FC> | undefined;
  memoMethod: Memoizer<K, V, FC> | undefined;
  noDeleteOnFetchRejection: boolean;
  noDeleteOnStaleGet: boolean;
  allowStaleOnFetchRejection: boolean;
  allowStaleOnFetchAbort: boolean;
  ignoreFetchAbort: boolean;
  perf: Perf | undefined;
  policy: PolicySpec;
}

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

function fail(message: string): never {
  throw new TypeError(`cortado/lru-cache: ${message}`);
}

/** An optional function option. */
function fn<T>(options: Record<string, unknown>, name: string): T | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'function') fail(`${name} must be a function, got ${typeof value}`);
  return value as T;
}

/** The "did you mean" of an unknown option name: a case slip, or a letter or two off. */
function nearest(key: string): string | undefined {
  const lower = key.toLowerCase();
  return OPTION_NAMES.find((name) => {
    const other = name.toLowerCase();
    if (other === lower) return true;
    const [short, long] = other.length < lower.length ? [other, lower] : [lower, other];
    return long.startsWith(short) && long.length - short.length <= 2 && short.length >= 3;
  });
}

/** Checks the options as lru-cache does, and rejects names it does not read (typos). */
export function checkOptions<K, V, FC>(input: OptionsBase<K, V, FC>): LruOptions<K, V, FC> {
  if (typeof input !== 'object' || input === null) fail('options must be an object');
  const o = input as Record<string, unknown>;
  for (const key in o) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      const near = nearest(key);
      fail(`unknown option "${key}";${near === undefined ? '' : ` did you mean "${near}"?`}`);
    }
  }
  const max = o.max ?? 0;
  if (max !== 0 && !isPositiveInteger(max)) fail('max option must be a nonnegative integer');
  const maxSize = o.maxSize ?? 0;
  const maxEntrySize = (o.maxEntrySize || maxSize) as number;
  const sizeCalculation = o.sizeCalculation as SizeCalculator<K, V> | undefined;
  if (sizeCalculation !== undefined) {
    if (!maxSize && !maxEntrySize) fail('cannot set sizeCalculation without setting maxSize or maxEntrySize');
    if (typeof sizeCalculation !== 'function') fail('sizeCalculation set to non-function');
  }
  if (maxEntrySize !== 0) {
    if (maxSize !== 0 && !isPositiveInteger(maxSize)) fail('maxSize must be a positive integer if specified');
    if (!isPositiveInteger(maxEntrySize)) fail('maxEntrySize must be a positive integer if specified');
  }
  const ttl = (o.ttl || 0) as number;
  if (ttl !== 0 && !isPositiveInteger(ttl)) fail('ttl must be a positive integer if specified');
  if (max === 0 && ttl === 0 && maxSize === 0) fail('At least one of max, maxSize, or ttl is required');
  const perf = o.perf as Perf | undefined;
  if (perf !== undefined && typeof perf?.now !== 'function') fail('perf option must have a now() method if specified');
  const ttlResolution = o.ttlResolution ?? 1;
  return {
    max: max as number,
    maxSize: maxSize as number,
    maxEntrySize,
    ttl,
    ttlResolution: isPositiveInteger(ttlResolution) || ttlResolution === 0 ? ttlResolution : 1,
    ttlAutopurge: !!o.ttlAutopurge,
    updateAgeOnGet: !!o.updateAgeOnGet,
    updateAgeOnHas: !!o.updateAgeOnHas,
    allowStale: !!o.allowStale,
    dispose: fn(o, 'dispose'),
    onInsert: fn(o, 'onInsert'),
    disposeAfter: fn(o, 'disposeAfter'),
    noDisposeOnSet: !!o.noDisposeOnSet,
    noUpdateTTL: !!o.noUpdateTTL,
    backgroundFetchSize: (o.backgroundFetchSize ?? 1) as number,
    sizeCalculation,
    fetchMethod: fn(o, 'fetchMethod'),
    memoMethod: fn(o, 'memoMethod'),
    noDeleteOnFetchRejection: !!o.noDeleteOnFetchRejection,
    noDeleteOnStaleGet: !!o.noDeleteOnStaleGet,
    allowStaleOnFetchRejection: !!o.allowStaleOnFetchRejection,
    allowStaleOnFetchAbort: !!o.allowStaleOnFetchAbort,
    ignoreFetchAbort: !!o.ignoreFetchAbort,
    perf,
    policy: (o.policy ?? 'lru') as PolicySpec,
  };
}

/**
 * The cortado Cache beneath: sizes are costs (maxSize the cost budget, max a second budget in
 * entries), or, without sizes, every entry costs 1 against max. Expired entries stay until read
 * or evicted, as in lru-cache (keepExpired), and metrics are off (lru-cache keeps none).
 */
export function storeOptions<K, V>(
  o: LruOptions<K, V, unknown>,
  onExit: CacheOptions<K, V>['onExit'],
): CacheOptions<K, V> {
  const sized = o.maxEntrySize !== 0;
  const options: CacheOptions<K, V> = {
    maxCost: sized ? o.maxSize || Infinity : o.max || Infinity,
    policy: o.policy,
    metrics: false,
    keepExpired: true,
  };
  if (sized && o.max !== 0) options.maxEntries = o.max;
  if (o.ttl !== 0) options.ttl = o.ttl;
  if (o.ttlAutopurge) options.autopurge = true;
  if (o.perf !== undefined) options.clock = o.perf;
  if (onExit !== undefined) options.onExit = onExit;
  return options;
}
