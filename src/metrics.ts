// Entry `cortado/metrics`: a cache's stats() as Prometheus' text exposition format 0.0.4, for an
// HTTP handler to serve at /metrics. It reads only the public surface (stats(), size, cost,
// maxCost), so it imports nothing from the core at run time and carries no copy of the Cache.
//
// Units follow Prometheus' conventions: times in seconds (stats() has milliseconds), counters
// end in `_total`, and each family's HELP and TYPE come once, before the samples of every cache.

import type { Cache } from './index.js';
import type { CacheStats } from './stats.js';
import type { LifeExpectancy } from './life-expectancy.js';
import { describe } from './validate.js';

export { percentile } from './life-expectancy.js';
export type { LifeExpectancy } from './life-expectancy.js';

/** Label names to values; values are strings (numbers and booleans are written as text). */
export type Labels = Readonly<Record<string, string | number | boolean>>;

/** One cache with the labels that tell its series apart from the other caches'. */
export interface LabeledCache {
  cache: Cache<any, any>;
  labels?: Labels;
}

export interface PrometheusOptions {
  /** The metric names' prefix (default 'cortado'): `cortado_hits_total`, … */
  name?: string;
  /** Labels on every series (e.g. `{ service: 'api' }`), before each cache's own. */
  labels?: Labels;
  /** Write the `# HELP` lines (default true); the `# TYPE` lines are always written. */
  help?: boolean;
}

/** The figures one cache reports. */
interface Reading {
  labels: string;
  stats: CacheStats;
  size: number;
  cost: number;
  maxCost: number;
}

interface Family {
  suffix: string;
  type: 'counter' | 'gauge';
  help: string;
  value(r: Reading): number;
}

const FAMILIES: readonly Family[] = [
  { suffix: 'hits_total', type: 'counter', help: 'get() calls that found a live value.', value: (r) => r.stats.hits },
  { suffix: 'misses_total', type: 'counter', help: 'get() calls that found no live value.', value: (r) => r.stats.misses },
  { suffix: 'keys_added_total', type: 'counter', help: 'New keys stored.', value: (r) => r.stats.keysAdded },
  { suffix: 'keys_updated_total', type: 'counter', help: 'Values replaced by set().', value: (r) => r.stats.keysUpdated },
  { suffix: 'keys_evicted_total', type: 'counter', help: 'Entries evicted to make room.', value: (r) => r.stats.keysEvicted },
  { suffix: 'keys_expired_total', type: 'counter', help: 'Entries removed because their TTL ran out.', value: (r) => r.stats.keysExpired },
  { suffix: 'cost_added_total', type: 'counter', help: 'Cost of the new keys stored.', value: (r) => r.stats.costAdded },
  { suffix: 'cost_evicted_total', type: 'counter', help: 'Cost of the entries evicted to make room.', value: (r) => r.stats.costEvicted },
  { suffix: 'sets_rejected_total', type: 'counter', help: 'set() calls refused by admission or because cost > maxCost.', value: (r) => r.stats.setsRejected },
  { suffix: 'gets_kept_total', type: 'counter', help: 'Accesses recorded in the frequency sketch.', value: (r) => r.stats.getsKept },
  { suffix: 'load_successes_total', type: 'counter', help: 'Loads (fetch, getOrSet, refreshes) that returned a value.', value: (r) => r.stats.loadSuccesses },
  { suffix: 'load_failures_total', type: 'counter', help: 'Loads that threw or rejected.', value: (r) => r.stats.loadFailures },
  { suffix: 'load_duration_seconds_total', type: 'counter', help: 'Time spent in loads, successful or not, in seconds.', value: (r) => r.stats.totalLoadTime / 1000 },
  { suffix: 'refreshes_total', type: 'counter', help: 'Background refreshes started (refreshAfter).', value: (r) => r.stats.refreshes },
  { suffix: 'size', type: 'gauge', help: 'Entries held (expired ones not yet removed included).', value: (r) => r.size },
  { suffix: 'cost', type: 'gauge', help: 'The summed cost of the entries held.', value: (r) => r.cost },
  { suffix: 'max_cost', type: 'gauge', help: 'The budget (maxCost).', value: (r) => r.maxCost },
  { suffix: 'hit_ratio', type: 'gauge', help: 'hits / (hits + misses) since the counters started; 0 before any get().', value: (r) => r.stats.hitRatio },
];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The caches' counters, gauges and life-expectancy histograms in Prometheus' text exposition
 * format (version 0.0.4: serve it with `Content-Type: text/plain; version=0.0.4`).
 *
 * `source` is one cache, or several: an array of caches and `{ cache, labels }`. A bare cache in
 * an array is labelled `cache="<its index>"`; every cache's label set must differ from the
 * others', or the output would repeat series (an Error says which). The histogram
 * (`<name>_life_expectancy_seconds`) is written for the caches built with `lifeExpectancy: true`.
 * Bad names, labels and caches without metrics are errors naming the option or the cache.
 */
export function toPrometheus(source: Cache<any, any> | ReadonlyArray<Cache<any, any> | LabeledCache>, options: PrometheusOptions = {}): string {
  if (typeof options !== 'object' || options === null) throw new TypeError(`cortado: toPrometheus options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'name' && key !== 'labels' && key !== 'help') throw new TypeError(`cortado: toPrometheus: unknown option "${key}"; allowed: name, labels, help`);
  }
  const prefix = options.name ?? 'cortado';
  if (typeof prefix !== 'string' || !METRIC_NAME.test(prefix)) {
    throw new TypeError(`cortado: toPrometheus option name must be a metric name matching ${METRIC_NAME} (e.g. "cortado" or "app_cache"), got ${describe(prefix)}`);
  }
  const help = options.help ?? true;
  if (typeof help !== 'boolean') throw new TypeError(`cortado: toPrometheus option help must be a boolean, got ${describe(help)}`);
  const common = checkLabels(options.labels, 'option labels');

  const readings = entriesOf(source).map(({ cache, labels, where }) => read(cache, { ...common, ...checkLabels(labels, `${where}.labels`, common) }, where));
  const seen = new Map<string, number>();
  readings.forEach((r, i) => {
    const first = seen.get(r.labels);
    if (first !== undefined) {
      throw new Error(`cortado: toPrometheus: caches ${first} and ${i} have the same labels {${r.labels}}; give each its own, e.g. [{ cache, labels: { cache: 'users' } }, …]`);
    }
    seen.set(r.labels, i);
  });

  const lines: string[] = [];
  const header = (name: string, type: string, text: string) => {
    if (help) lines.push(`# HELP ${name} ${text}`);
    lines.push(`# TYPE ${name} ${type}`);
  };
  for (const family of FAMILIES) {
    const name = `${prefix}_${family.suffix}`;
    header(name, family.type, family.help);
    for (const r of readings) lines.push(`${name}${braces(r.labels)} ${number(family.value(r))}`);
  }
  const timed = readings.filter((r) => r.stats.lifeExpectancy !== undefined);
  if (timed.length > 0) {
    const name = `${prefix}_life_expectancy_seconds`;
    header(name, 'histogram', 'How long the entries evicted to make room had lived, from insertion to eviction, in seconds.');
    for (const r of timed) histogram(lines, name, r.labels, r.stats.lifeExpectancy!);
  }
  return lines.join('\n') + '\n';
}

/** The caches of `source`, each with its labels and how to name it in an error. */
function entriesOf(source: unknown): { cache: Cache<any, any>; labels: Labels | undefined; where: string }[] {
  if (!Array.isArray(source)) return [{ cache: requireCache(source, 'the cache'), labels: undefined, where: 'the cache' }];
  return source.map((item: unknown, i) => {
    const where = `caches[${i}]`;
    if (isCache(item)) return { cache: item, labels: { cache: String(i) }, where };
    if (typeof item !== 'object' || item === null || !('cache' in item)) {
      throw new TypeError(`cortado: toPrometheus: ${where} must be a Cache or { cache, labels }, got ${describe(item)}`);
    }
    const entry = item as LabeledCache;
    return { cache: requireCache(entry.cache, `${where}.cache`), labels: entry.labels, where };
  });
}

/** A Cache by its shape (an instanceof check fails across the ESM and CommonJS builds). */
function isCache(value: unknown): value is Cache<any, any> {
  return typeof value === 'object' && value !== null && typeof (value as { stats?: unknown }).stats === 'function' && 'maxCost' in value;
}

function requireCache(value: unknown, where: string): Cache<any, any> {
  if (!isCache(value)) throw new TypeError(`cortado: toPrometheus: ${where} must be a cortado Cache, got ${describe(value)}`);
  return value;
}

function read(cache: Cache<any, any>, labels: Record<string, string>, where: string): Reading {
  let stats: CacheStats;
  try {
    stats = cache.stats();
  } catch (error) {
    // A closed cache or one without metrics: say which of the caches it was.
    throw new Error(`cortado: toPrometheus: ${where}: ${(error as Error).message}`, { cause: error });
  }
  const text = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
  return { labels: text, stats, size: cache.size, cost: cache.cost, maxCost: cache.maxCost };
}

/** Checked labels as strings; `outer` (the common labels) must not be given again. */
function checkLabels(labels: unknown, where: string, outer: Record<string, string> = {}): Record<string, string> {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new TypeError(`cortado: toPrometheus ${where} must be an object of label names to values, got ${describe(labels)}`);
  }
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || name === 'le') {
      throw new TypeError(
        `cortado: toPrometheus ${where}: "${name}" is not a label name (it must match ${LABEL_NAME}, not start with "__", and not be "le", which histograms use)`,
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(`cortado: toPrometheus ${where}.${name} must be a string, number or boolean, got ${describe(value)}`);
    }
    if (name in outer) throw new TypeError(`cortado: toPrometheus ${where}.${name} is also in the labels option; give it once`);
    checked[name] = String(value);
  }
  return checked;
}

/** A histogram's samples: cumulative buckets in seconds up to +Inf, then _sum and _count. */
function histogram(lines: string[], name: string, labels: string, h: LifeExpectancy): void {
  const sep = labels === '' ? '' : ',';
  let running = 0;
  h.bounds.forEach((bound, i) => {
    running += h.counts[i]!;
    lines.push(`${name}_bucket{${labels}${sep}le="${number(bound / 1000)}"} ${running}`);
  });
  lines.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${h.count}`);
  lines.push(`${name}_sum${braces(labels)} ${number(h.sum / 1000)}`);
  lines.push(`${name}_count${braces(labels)} ${h.count}`);
}

function braces(labels: string): string {
  return labels === '' ? '' : `{${labels}}`;
}

/** A sample value as the format writes it: +Inf, -Inf, NaN, or the number. */
function number(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** Label values escape backslash, double quote and line feed (the format's three escapes). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
