// Entry `cortado/metrics`: a cache's stats() as Prometheus' text exposition format 0.0.4, for an
// HTTP handler to serve at /metrics, and as OpenTelemetry observable instruments (observe(), on a
// Meter the user passes: no dependency). It reads only the public surface (stats(), size, cost,
// maxCost), so it imports nothing from the core at run time and carries no copy of the Cache.
//
// Units follow Prometheus' conventions: times in seconds (stats() has milliseconds), counters
// end in `_total`, and each family's HELP and TYPE come once, before the samples of every cache.

import type { Cache } from '../index.js';
import type { CacheStats } from '../stats.js';
import type { LifeExpectancy } from '../life-expectancy.js';
import { describe } from '../validate.js';

export { percentile } from '../life-expectancy.js';
export type { LifeExpectancy } from '../life-expectancy.js';

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
  stats: CacheStats;
  size: number;
  cost: number;
  maxCost: number;
}

/**
 * One metric family, named without prefix or suffix: Prometheus adds `_seconds` (unit 's') and
 * `_total` (counters), OpenTelemetry takes the unit apart and its Prometheus exporter adds the same.
 */
interface Family {
  name: string;
  type: 'counter' | 'gauge';
  unit?: 's' | '1';
  help: string;
  value(r: Reading): number;
}

const FAMILIES: readonly Family[] = [
  { name: 'hits', type: 'counter', help: 'get() calls that found a live value.', value: (r) => r.stats.hits },
  { name: 'misses', type: 'counter', help: 'get() calls that found no live value.', value: (r) => r.stats.misses },
  { name: 'keys_added', type: 'counter', help: 'New keys stored.', value: (r) => r.stats.keysAdded },
  { name: 'keys_updated', type: 'counter', help: 'Values replaced by set().', value: (r) => r.stats.keysUpdated },
  { name: 'keys_evicted', type: 'counter', help: 'Entries evicted to make room.', value: (r) => r.stats.keysEvicted },
  {
    name: 'keys_expired',
    type: 'counter',
    help: 'Entries removed because their TTL ran out.',
    value: (r) => r.stats.keysExpired,
  },
  { name: 'cost_added', type: 'counter', help: 'Cost of the new keys stored.', value: (r) => r.stats.costAdded },
  {
    name: 'cost_evicted',
    type: 'counter',
    help: 'Cost of the entries evicted to make room.',
    value: (r) => r.stats.costEvicted,
  },
  {
    name: 'sets_rejected',
    type: 'counter',
    help: 'set() calls refused by admission or because cost > maxCost.',
    value: (r) => r.stats.setsRejected,
  },
  {
    name: 'gets_kept',
    type: 'counter',
    help: 'Accesses recorded in the frequency sketch.',
    value: (r) => r.stats.getsKept,
  },
  {
    name: 'load_successes',
    type: 'counter',
    help: 'Loads (fetch, getOrSet, refreshes) that returned a value.',
    value: (r) => r.stats.loadSuccesses,
  },
  { name: 'load_failures', type: 'counter', help: 'Loads that threw or rejected.', value: (r) => r.stats.loadFailures },
  {
    name: 'load_duration',
    type: 'counter',
    unit: 's',
    help: 'Time spent in loads, successful or not, in seconds.',
    value: (r) => r.stats.totalLoadTime / 1000,
  },
  {
    name: 'refreshes',
    type: 'counter',
    help: 'Background refreshes started (refreshAfter).',
    value: (r) => r.stats.refreshes,
  },
  { name: 'size', type: 'gauge', help: 'Entries held (expired ones not yet removed included).', value: (r) => r.size },
  { name: 'cost', type: 'gauge', help: 'The summed cost of the entries held.', value: (r) => r.cost },
  { name: 'max_cost', type: 'gauge', help: 'The budget (maxCost).', value: (r) => r.maxCost },
  {
    name: 'hit_ratio',
    type: 'gauge',
    unit: '1',
    help: 'hits / (hits + misses) since the counters started; 0 before any get().',
    value: (r) => r.stats.hitRatio,
  },
];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A cache to report, with its checked labels (the common ones first) and its name for errors. */
interface Source {
  cache: Cache<any, any>;
  labels: Record<string, string>;
  where: string;
}

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
export function toPrometheus(
  source: Cache<any, any> | ReadonlyArray<Cache<any, any> | LabeledCache>,
  options: PrometheusOptions = {},
): string {
  const { prefix, labels } = checkOptions(
    'toPrometheus',
    options,
    ['name', 'labels', 'help'],
    METRIC_NAME,
    '"cortado" or "app_cache"',
  );
  const help = options.help ?? true;
  if (typeof help !== 'boolean')
    throw new TypeError(`cortado: toPrometheus option help must be a boolean, got ${describe(help)}`);
  const sources = sourcesOf('toPrometheus', source, labels);
  const readings = sources.map((s) => ({ labels: labelText(s.labels), reading: read('toPrometheus', s) }));

  const lines: string[] = [];
  const header = (name: string, type: string, text: string) => {
    if (help) lines.push(`# HELP ${name} ${text}`);
    lines.push(`# TYPE ${name} ${type}`);
  };
  for (const family of FAMILIES) {
    const name = `${prefix}_${family.name}${family.unit === 's' ? '_seconds' : ''}${family.type === 'counter' ? '_total' : ''}`;
    header(name, family.type, family.help);
    for (const r of readings) lines.push(`${name}${braces(r.labels)} ${number(family.value(r.reading))}`);
  }
  const timed = readings.filter((r) => r.reading.stats.lifeExpectancy !== undefined);
  if (timed.length > 0) {
    const name = `${prefix}_life_expectancy_seconds`;
    header(
      name,
      'histogram',
      'How long the entries evicted to make room had lived, from insertion to eviction, in seconds.',
    );
    for (const r of timed) histogram(lines, name, r.labels, r.reading.stats.lifeExpectancy!);
  }
  return `${lines.join('\n')}\n`;
}

/** The part of an OpenTelemetry `Meter` (`@opentelemetry/api`) that observe() uses. */
export interface Meter {
  createObservableCounter(name: string, options?: { description?: string; unit?: string }): object;
  createObservableGauge(name: string, options?: { description?: string; unit?: string }): object;
  addBatchObservableCallback(callback: (result: BatchObservableResult) => void, observables: object[]): void;
  removeBatchObservableCallback(callback: (result: BatchObservableResult) => void, observables: object[]): void;
}

/** What OpenTelemetry hands a batch callback. */
export interface BatchObservableResult {
  observe(observable: object, value: number, attributes?: Record<string, string>): void;
}

export interface ObserveOptions {
  /** The instruments' prefix (default 'cortado'): `cortado.hits`, `cortado.keys_added`, … */
  name?: string;
  /** Attributes on every observation, before each cache's own labels. */
  labels?: Labels;
}

const INSTRUMENT_NAME = /^[a-zA-Z][a-zA-Z0-9_./-]{0,200}$/;

/**
 * Reports the caches' counters and gauges to OpenTelemetry through `meter` (from
 * `@opentelemetry/api`'s `metrics.getMeter(…)`; cortado imports nothing from it): observable
 * counters `<name>.hits`, `<name>.keys_added`, … and gauges `<name>.size`, `.cost`, `.max_cost`,
 * `.hit_ratio`, read from stats() at each collection, one batch callback for all. `source` and
 * labels (as attributes) work as in toPrometheus(). The life-expectancy histogram is not
 * reported: OpenTelemetry has no asynchronous histogram to hand a finished histogram to. A cache
 * closed later stops reporting. Returns a function that unregisters the callback.
 */
export function observe(
  meter: Meter,
  source: Cache<any, any> | ReadonlyArray<Cache<any, any> | LabeledCache>,
  options: ObserveOptions = {},
): () => void {
  for (const method of [
    'createObservableCounter',
    'createObservableGauge',
    'addBatchObservableCallback',
    'removeBatchObservableCallback',
  ] as const) {
    if (typeof (meter as unknown as Record<string, unknown> | null)?.[method] !== 'function') {
      throw new TypeError(
        `cortado: observe: meter must be an OpenTelemetry Meter (metrics.getMeter(name)); it has no ${method}() method`,
      );
    }
  }
  const { prefix, labels } = checkOptions(
    'observe',
    options,
    ['name', 'labels'],
    INSTRUMENT_NAME,
    '"cortado" or "app.cache"',
  );
  const sources = sourcesOf('observe', source, labels);
  for (const s of sources) read('observe', s); // a cache without metrics, or closed, fails here, named
  const instruments = FAMILIES.map((f) => {
    const options = { description: f.help, ...(f.unit === undefined ? {} : { unit: f.unit }) };
    const name = `${prefix}.${f.name}`;
    return f.type === 'counter'
      ? meter.createObservableCounter(name, options)
      : meter.createObservableGauge(name, options);
  });
  const callback = (result: BatchObservableResult): void => {
    for (const s of sources) {
      let reading: Reading;
      try {
        reading = read('observe', s);
      } catch {
        continue; // closed since: nothing to report
      }
      FAMILIES.forEach((f, i) => result.observe(instruments[i]!, f.value(reading), s.labels));
    }
  };
  meter.addBatchObservableCallback(callback, instruments);
  return () => meter.removeBatchObservableCallback(callback, instruments);
}

/** The checked common options: the name prefix (default 'cortado') and the labels. */
function checkOptions(
  fn: string,
  options: unknown,
  allowed: string[],
  pattern: RegExp,
  example: string,
): { prefix: string; labels: Record<string, string> } {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`cortado: ${fn} options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key))
      throw new TypeError(`cortado: ${fn}: unknown option "${key}"; allowed: ${allowed.join(', ')}`);
  }
  const o = options as { name?: unknown; labels?: unknown };
  const prefix = o.name ?? 'cortado';
  if (typeof prefix !== 'string' || !pattern.test(prefix)) {
    throw new TypeError(
      `cortado: ${fn} option name must be a metric name matching ${pattern} (e.g. ${example}), got ${describe(prefix)}`,
    );
  }
  return { prefix, labels: checkLabels(fn, o.labels, 'option labels') };
}

/** The caches of `source`, each with its labels; identical label sets are refused. */
function sourcesOf(fn: string, source: unknown, common: Record<string, string>): Source[] {
  const sources: Source[] = !Array.isArray(source)
    ? [{ cache: requireCache(fn, source, 'the cache'), labels: common, where: 'the cache' }]
    : source.map((item: unknown, i) => {
        const where = `caches[${i}]`;
        if (isCache(item)) return { cache: item, labels: { ...common, cache: String(i) }, where };
        if (typeof item !== 'object' || item === null || !('cache' in item)) {
          throw new TypeError(`cortado: ${fn}: ${where} must be a Cache or { cache, labels }, got ${describe(item)}`);
        }
        const entry = item as LabeledCache;
        const cache = requireCache(fn, entry.cache, `${where}.cache`);
        return { cache, labels: { ...common, ...checkLabels(fn, entry.labels, `${where}.labels`, common) }, where };
      });
  const seen = new Map<string, number>();
  sources.forEach((s, i) => {
    const text = labelText(s.labels);
    const first = seen.get(text);
    if (first !== undefined) {
      throw new Error(
        `cortado: ${fn}: caches ${first} and ${i} have the same labels {${text}}; give each its own, e.g. [{ cache, labels: { cache: 'users' } }, …]`,
      );
    }
    seen.set(text, i);
  });
  return sources;
}

/** A Cache by its shape (an instanceof check fails across the ESM and CommonJS builds). */
function isCache(value: unknown): value is Cache<any, any> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { stats?: unknown }).stats === 'function' &&
    'maxCost' in value
  );
}

function requireCache(fn: string, value: unknown, where: string): Cache<any, any> {
  if (!isCache(value)) throw new TypeError(`cortado: ${fn}: ${where} must be a cortado Cache, got ${describe(value)}`);
  return value;
}

function read(fn: string, { cache, where }: Source): Reading {
  let stats: CacheStats;
  try {
    stats = cache.stats();
  } catch (error) {
    // A closed cache or one without metrics: say which of the caches it was.
    throw new Error(`cortado: ${fn}: ${where}: ${(error as Error).message}`, { cause: error });
  }
  return { stats, size: cache.size, cost: cache.cost, maxCost: cache.maxCost };
}

/** Checked labels as strings; `outer` (the common labels) must not be given again. */
function checkLabels(
  fn: string,
  labels: unknown,
  where: string,
  outer: Record<string, string> = {},
): Record<string, string> {
  if (labels === undefined) return {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new TypeError(`cortado: ${fn} ${where} must be an object of label names to values, got ${describe(labels)}`);
  }
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || name === 'le') {
      throw new TypeError(
        `cortado: ${fn} ${where}: "${name}" is not a label name (it must match ${LABEL_NAME}, not start with "__", and not be "le", which histograms use)`,
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(
        `cortado: ${fn} ${where}.${name} must be a string, number or boolean, got ${describe(value)}`,
      );
    }
    if (name in outer)
      throw new TypeError(`cortado: ${fn} ${where}.${name} is also in the labels option; give it once`);
    checked[name] = String(value);
  }
  // Names in sorted order: one label set is one text whatever order its object was written in,
  // so two caches with the same labels in another order are caught as the same series (the
  // common labels still come before each cache's own).
  return Object.fromEntries(
    Object.keys(checked)
      .sort()
      .map((name) => [name, checked[name]!]),
  );
}

/** Labels as the text format writes them inside braces, values escaped. */
function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');
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
