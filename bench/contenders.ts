// The contenders: cortado under several policies, the popular LRU caches of npm, and a bare Map
// (no eviction: the speed limit). Each adapter builds the library's own object, which already
// has get/set/clear (and, except mnemonist's LRUMap, delete): workloads call those methods
// directly, so nothing sits between a workload and the library but the call itself.

import { LRUCache } from 'lru-cache';
import { createRequire } from 'node:module';
import type { LRUMap as MnemonistLRUMap } from 'mnemonist';
import { createLRU } from 'lru.min';
import QuickLRU from 'quick-lru';
import { LRU as TinyLRU } from 'tiny-lru';
import { LruMap as ToadLru } from 'toad-cache';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// The package as users install it (package.json's exports: dist/, built by rollup; `npm run
// bench` rebuilds it first if stale), not the sources: the shipped build is what users run, and
// it measured up to ~10 % faster on hits than the same sources bundled into the benchmark.
import { Cache, POLICIES, DEFAULT_POLICY, type PolicyName } from 'cortado';
import { LRUCache as CortadoLRUCache } from 'cortado/lru-cache';

// mnemonist's index loads its whole library (dozens of CommonJS files), which doubled the start-up
// of every benchmark child process; its LRUMap file alone is the same class.
const LRUMap = createRequire(import.meta.url)('mnemonist/lru-map') as typeof MnemonistLRUMap;

/** The uniform interface every contender's cache object has. */
export interface CacheLike {
  get(key: unknown): unknown;
  set(key: unknown, value: unknown, options?: object): unknown;
  delete?(key: unknown): unknown;
  clear(): void;
}

export interface Contender {
  readonly name: string;
  /**
   * True for the policy sweep (every cortado policy but the default and `lru`): timed only on
   * get-hit and set-evict at 10k entries, unless named with --contenders/--only.
   */
  readonly sweep?: boolean;
  /** False for the bare Map: it never evicts, so eviction workloads delete by hand. */
  readonly evicts: boolean;
  /**
   * True when keys become property names: every object key is then "[object Object]", one entry
   * for all (a get of any object "hits"), so the contender is left out of object-key groups.
   */
  readonly primitiveKeysOnly?: boolean;
  /**
   * The only workloads it runs unless named with --contenders/--only (at every size it runs at):
   * the drop-in's, whose speed bar is set on get hits and sets that evict.
   */
  readonly workloads?: readonly string[];
  /** A cache bounded to `capacity` entries. Throws when the contender cannot be built. */
  create(capacity: number): CacheLike;
  /** A cache bounded by summed cost, where `set(key, value, costOption(cost))` charges `cost`. */
  createCosted?(maxCost: number): CacheLike;
  /** The per-set options object that gives an entry its cost (see createCosted). */
  costOption?(cost: number): object;
  /** Releases what clear() keeps (cortado's close()); absent when the library has no such call. */
  close?(cache: CacheLike): void;
  /** Bytes of WebAssembly linear memory the cache holds (0 for pure-JS contenders). */
  wasmBytes?(cache: CacheLike): number;
  /** The module specifier whose entry is measured by size.ts (undefined: nothing to ship). */
  readonly entry?: { specifier: string; exportName: string };
}

/**
 * Before/after runs: CORTADO_BASELINE=DIR (another checkout of cortado, e.g. a `git worktree` of
 * main, built with `npm run build`) adds its policies as the contenders "baseline" (the default),
 * "baseline lru" and "baseline <policy>", so a change's before/after ratios come from one run.
 */
const BASELINE_DIR = process.env['CORTADO_BASELINE'];
const BaselineCache: typeof Cache | undefined =
  BASELINE_DIR === undefined || BASELINE_DIR === ''
    ? undefined
    : ((await import(pathToFileURL(join(resolve(BASELINE_DIR), 'dist/index.js')).href)) as { Cache: typeof Cache })
        .Cache;
/** The baseline's drop-in, where the baseline has one (a checkout from before it has none). */
const BaselineLRUCache: typeof CortadoLRUCache | undefined =
  BaselineCache === undefined
    ? undefined
    : await import(pathToFileURL(join(resolve(BASELINE_DIR!), 'dist/lru-cache.js')).href).then(
        (m: { LRUCache: typeof CortadoLRUCache }) => m.LRUCache,
        () => undefined,
      );

/** A cortado contender; `policy` undefined = the default policy; `extra`: more Cache options. */
function cortado(
  name: string,
  policy: PolicyName | undefined,
  sweep = false,
  CacheClass: typeof Cache = Cache,
  extra: object = {},
): Contender {
  const options = (maxCost: number) => ({ maxCost, seed: 1, ...(policy === undefined ? {} : { policy }), ...extra });
  return {
    name,
    ...(sweep ? { sweep } : {}),
    evicts: true,
    create: (capacity) => new CacheClass(options(capacity)) as unknown as CacheLike,
    createCosted: (maxCost) => new CacheClass(options(maxCost)) as unknown as CacheLike,
    costOption: (cost) => ({ cost }),
    close: (cache) => (cache as unknown as Cache).close(),
    wasmBytes: (cache) => (cache as unknown as { kernels?: { memoryBytes: number } }).kernels?.memoryBytes ?? 0,
    entry: { specifier: 'cortado', exportName: 'Cache' },
  };
}

/** The drop-in: lru-cache's API on a cortado Cache with the lru policy. */
function dropIn(name: string, LRU: typeof CortadoLRUCache): Contender {
  return {
    name,
    evicts: true,
    workloads: ['get-hit', 'set-evict'],
    create: (max) => new LRU<object, object>({ max }) as unknown as CacheLike,
    createCosted: (maxSize) => new LRU<object, object>({ maxSize }) as unknown as CacheLike,
    costOption: (size) => ({ size }),
    entry: { specifier: 'cortado/lru-cache', exportName: 'LRUCache' },
  };
}

/** Every cortado policy but the default (the `cortado` row) and `lru` (a full row of its own). */
export const SWEEP_POLICIES: readonly PolicyName[] = POLICIES.filter((p) => p !== DEFAULT_POLICY && p !== 'lru');

export const CONTENDERS: readonly Contender[] = [
  cortado('cortado', undefined),
  cortado('cortado lru', 'lru'),
  {
    name: 'lru-cache',
    evicts: true,
    create: (max) => new LRUCache<object, object>({ max }) as unknown as CacheLike,
    createCosted: (maxSize) => new LRUCache<object, object>({ maxSize }) as unknown as CacheLike,
    costOption: (size) => ({ size }),
    entry: { specifier: 'lru-cache', exportName: 'LRUCache' },
  },
  dropIn('cortado/lru-cache', CortadoLRUCache),
  {
    name: 'mnemonist LRUMap',
    evicts: true,
    create: (capacity) => new LRUMap<unknown, unknown>(capacity) as unknown as CacheLike,
    entry: { specifier: './node_modules/mnemonist/lru-map.js', exportName: 'default' },
  },
  {
    name: 'lru.min',
    evicts: true,
    create: (max) => createLRU<unknown, unknown>({ max }) as unknown as CacheLike,
    entry: { specifier: 'lru.min', exportName: 'createLRU' },
  },
  {
    name: 'quick-lru',
    evicts: true,
    create: (maxSize) => new QuickLRU<unknown, unknown>({ maxSize }) as unknown as CacheLike,
    entry: { specifier: 'quick-lru', exportName: 'default' },
  },
  {
    name: 'tiny-lru',
    evicts: true,
    primitiveKeysOnly: true,
    create: (max) => new TinyLRU(max) as unknown as CacheLike,
    entry: { specifier: 'tiny-lru', exportName: 'LRU' },
  },
  {
    name: 'toad-cache',
    evicts: true,
    create: (max) => new ToadLru(max) as unknown as CacheLike,
    entry: { specifier: 'toad-cache', exportName: 'LruMap' },
  },
  {
    name: 'Map',
    evicts: false,
    create: () => new Map() as unknown as CacheLike,
  },
  ...SWEEP_POLICIES.map((policy) => cortado(`cortado ${policy}`, policy, true)),
  // What the opt-in lifetimes histogram costs (a clock reading per insert, 8 B per entry); run
  // when named: --only 'cortado +lifeExpectancy,cortado lru +lifeExpectancy'.
  cortado('cortado +lifeExpectancy', undefined, true, Cache, { lifeExpectancy: true }),
  cortado('cortado lru +lifeExpectancy', 'lru', true, Cache, { lifeExpectancy: true }),
  ...(BaselineCache === undefined
    ? []
    : [
        cortado('baseline', undefined, false, BaselineCache),
        cortado('baseline lru', 'lru', false, BaselineCache),
        ...(BaselineLRUCache === undefined ? [] : [dropIn('baseline cortado/lru-cache', BaselineLRUCache)]),
        ...SWEEP_POLICIES.map((policy) => cortado(`baseline ${policy}`, policy, true, BaselineCache)),
      ]),
];

/** The contenders ratios are taken against: the most used LRU, the fastest pure-JS LRU, the bare Map. */
export const BASELINE = 'lru-cache';
export const FASTEST = 'mnemonist LRUMap';
export const LIMIT = 'Map';

/**
 * Builds a small cache of each contender to find which are usable now; a contender whose
 * construction throws (e.g. a policy not implemented yet) is left out with a one-line note.
 */
export function availableContenders(names: readonly string[] | undefined, note: (line: string) => void): Contender[] {
  const out: Contender[] = [];
  for (const contender of names === undefined ? CONTENDERS : names.map(contenderNamed)) {
    try {
      const probe = contender.create(16);
      probe.set(1, 1);
      probe.get(1);
      contender.close?.(probe);
      out.push(contender);
    } catch (error) {
      note(`skipped ${contender.name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}

/**
 * The contender of that name; "NAME #k" is a copy of NAME under another name (the calibration
 * times identical copies side by side). Named contenders run every workload, sweep or not.
 */
export function contenderNamed(name: string): Contender {
  const copy = /^(.*) #\d+$/.exec(name);
  const base = CONTENDERS.find((c) => c.name === (copy === null ? name : copy[1]));
  if (base === undefined) {
    throw new RangeError(
      `unknown contender ${JSON.stringify(name)}; known: ${CONTENDERS.map((c) => c.name).join(', ')}`,
    );
  }
  const { sweep: _sweep, ...rest } = base;
  return { ...rest, name };
}
