// cortado/metrics: toPrometheus() output read back by a real Prometheus text-format parser
// (parse-prometheus-text-format, a port of the Python client's parser, with prom2json's output:
// upper-case types), every value checked against the caches' stats(); plus the format's rules that
// parser does not enforce (one HELP and TYPE per family, cumulative buckets ending in +Inf), label
// escaping, and every error. That parser drops the series of a histogram with labels other than
// `le`, so labelled histograms are read back here by samples() below.
import { spawnSync } from 'node:child_process';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { toPrometheus } from '../src/adapters/metrics.js';
import { ManualClock } from './helpers.js';

interface Sample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}
interface ParsedFamily {
  name: string;
  help: string;
  type: string;
  metrics: Sample[];
}

const parse = (text: string) => parsePrometheusTextFormat(text) as ParsedFamily[];

/** A cache with some of everything counted: hits, misses, updates, evictions, expirations, costs, loads. */
async function busyCache(clock: ManualClock, options: object = {}): Promise<Cache<string, number>> {
  const cache = new Cache<string, number>({ maxCost: 5, policy: 'lru', clock, lifeExpectancy: true, ...options });
  for (let i = 0; i < 20; i++) {
    clock.advance(i * 37);
    cache.set(`k${i % 9}`, i, { cost: 1 + (i % 2), ttl: i % 5 === 0 ? 10 : 0 });
    cache.get(`k${i % 4}`);
  }
  cache.set('u', 1);
  cache.set('u', 2); // an update
  cache.get('u'); // a hit
  await cache.fetch('loaded', { load: async () => 1 });
  await expect(cache.fetch('failed', { load: async () => Promise.reject(new Error('x')) })).rejects.toThrow();
  return cache;
}

/** Each family by name. */
function byName(families: ParsedFamily[]): Map<string, ParsedFamily> {
  return new Map(families.map((f) => [f.name, f]));
}

/** The sample lines of a family (name, its suffixed names), split into name, label text and value. */
function samples(text: string, family: string): { name: string; labels: string; value: string }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(family) && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      expect(m, line).not.toBeNull();
      return { name: m![1]!, labels: m![2] ?? '', value: m![3]! };
    });
}

describe('toPrometheus', () => {
  it('writes every counter and gauge of stats() with the right type, and the parser reads back the same values', async () => {
    const clock = new ManualClock();
    const cache = await busyCache(clock);
    const text = toPrometheus(cache);
    const stats = cache.stats();
    const families = byName(parse(text));
    const expected: Record<string, [string, number]> = {
      cortado_hits_total: ['counter', stats.hits],
      cortado_misses_total: ['counter', stats.misses],
      cortado_keys_added_total: ['counter', stats.keysAdded],
      cortado_keys_updated_total: ['counter', stats.keysUpdated],
      cortado_keys_evicted_total: ['counter', stats.keysEvicted],
      cortado_keys_expired_total: ['counter', stats.keysExpired],
      cortado_cost_added_total: ['counter', stats.costAdded],
      cortado_cost_evicted_total: ['counter', stats.costEvicted],
      cortado_sets_rejected_total: ['counter', stats.setsRejected],
      cortado_gets_kept_total: ['counter', stats.getsKept],
      cortado_load_successes_total: ['counter', stats.loadSuccesses],
      cortado_load_failures_total: ['counter', stats.loadFailures],
      cortado_load_duration_seconds_total: ['counter', stats.totalLoadTime / 1000],
      cortado_refreshes_total: ['counter', stats.refreshes],
      cortado_size: ['gauge', cache.size],
      cortado_cost: ['gauge', cache.cost],
      cortado_max_cost: ['gauge', cache.maxCost],
      cortado_hit_ratio: ['gauge', stats.hitRatio],
    };
    // The cache did something of each kind, so equal values are not zeros agreeing.
    for (const n of [
      'hits',
      'misses',
      'keysUpdated',
      'keysEvicted',
      'keysExpired',
      'costEvicted',
      'loadSuccesses',
      'loadFailures',
    ] as const) {
      expect(stats[n], n).toBeGreaterThan(0);
    }
    for (const [name, [type, value]] of Object.entries(expected)) {
      const family = families.get(name);
      expect(family, name).toBeDefined();
      expect(family!.type, name).toBe(type.toUpperCase());
      expect(family!.help.length, name).toBeGreaterThan(0);
      expect(family!.metrics, name).toHaveLength(1);
      expect(Number(family!.metrics[0]!.value), name).toBe(value);
    }
    expect([...families.keys()].sort()).toEqual([...Object.keys(expected), 'cortado_life_expectancy_seconds'].sort());
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes the life-expectancy histogram in seconds: cumulative buckets up to +Inf, _sum and _count', async () => {
    const clock = new ManualClock();
    const cache = await busyCache(clock);
    const h = cache.stats().lifeExpectancy!;
    expect(h.count).toBeGreaterThan(3);
    const family = byName(parse(toPrometheus(cache))).get('cortado_life_expectancy_seconds')!;
    expect(family.type).toBe('HISTOGRAM');
    const sample = family.metrics[0]!;
    expect(Number(sample.count)).toBe(h.count);
    expect(Number(sample.sum)).toBeCloseTo(h.sum / 1000, 12);
    const les = Object.keys(sample.buckets!);
    expect(les).toEqual([...h.bounds.map((b) => String(b / 1000)), '+Inf']);
    let running = 0;
    h.bounds.forEach((bound, i) => {
      running += h.counts[i]!;
      expect(Number(sample.buckets![String(bound / 1000)]), `le=${bound / 1000}`).toBe(running);
    });
    expect(Number(sample.buckets!['+Inf'])).toBe(h.count);
  });

  it('leaves the histogram out for caches without lifeExpectancy', () => {
    const families = byName(parse(toPrometheus(new Cache({ maxCost: 2 }))));
    expect(families.has('cortado_life_expectancy_seconds')).toBe(false);
    expect(families.has('cortado_hits_total')).toBe(true);
  });

  it('several caches: HELP and TYPE once per family, one series per cache told apart by labels', async () => {
    const clock = new ManualClock();
    const users = await busyCache(clock);
    const plain = new Cache<string, number>({ maxCost: Infinity });
    plain.set('a', 1);
    plain.get('a');
    const text = toPrometheus(
      [
        { cache: users, labels: { cache: 'users' } },
        { cache: plain, labels: { cache: 'sessions', shard: 2 } },
      ],
      {
        name: 'app_cache',
        labels: { service: 'api' },
      },
    );
    for (const family of ['app_cache_hits_total', 'app_cache_size', 'app_cache_life_expectancy_seconds']) {
      expect(
        text.split('\n').filter((l) => l.startsWith(`# TYPE ${family} `)),
        family,
      ).toHaveLength(1);
      expect(
        text.split('\n').filter((l) => l.startsWith(`# HELP ${family} `)),
        family,
      ).toHaveLength(1);
    }
    const families = byName(parse(text));
    const hits = families.get('app_cache_hits_total')!.metrics;
    expect(hits.map((m) => m.labels)).toEqual([
      { service: 'api', cache: 'users' },
      { service: 'api', cache: 'sessions', shard: '2' },
    ]);
    expect(hits.map((m) => Number(m.value))).toEqual([users.stats().hits, plain.stats().hits]);
    expect(families.get('app_cache_max_cost')!.metrics.map((m) => m.value)).toEqual(['5', '+Inf']);
    // Only the cache with lifeExpectancy has the histogram, with its labels and le last.
    const h = users.stats().lifeExpectancy!;
    const histogramLines = samples(text, 'app_cache_life_expectancy_seconds');
    expect(histogramLines).toHaveLength(h.bounds.length + 3);
    for (const line of histogramLines)
      expect(line.labels.startsWith('service="api",cache="users"'), line.labels).toBe(true);
    expect(histogramLines.at(-3)).toEqual({
      name: 'app_cache_life_expectancy_seconds_bucket',
      labels: 'service="api",cache="users",le="+Inf"',
      value: String(h.count),
    });
    expect(histogramLines.at(-1)).toEqual({
      name: 'app_cache_life_expectancy_seconds_count',
      labels: 'service="api",cache="users"',
      value: String(h.count),
    });
  });

  it('labels bare caches in an array by their index', () => {
    const text = toPrometheus([new Cache({ maxCost: 1 }), new Cache({ maxCost: 2 })]);
    const maxCost = byName(parse(text)).get('cortado_max_cost')!.metrics;
    expect(maxCost.map((m) => [m.labels, m.value])).toEqual([
      [{ cache: '0' }, '1'],
      [{ cache: '1' }, '2'],
    ]);
  });

  it('escapes backslash, double quote and line feed in label values, and the parser reads them back', () => {
    const value = 'C:\\dir\\"quoted"\nnext line';
    const text = toPrometheus([{ cache: new Cache({ maxCost: 1 }), labels: { path: value } }]);
    expect(text).toContain('path="C:\\\\dir\\\\\\"quoted\\"\\nnext line"');
    expect(byName(parse(text)).get('cortado_size')!.metrics[0]!.labels).toEqual({ path: value });
  });

  it('help: false leaves out the HELP lines only', () => {
    const text = toPrometheus(new Cache({ maxCost: 1 }), { help: false });
    expect(text).not.toContain('# HELP');
    expect(text).toContain('# TYPE cortado_hits_total counter');
  });

  it('refuses bad input with errors naming the option or the cache', () => {
    const cache = new Cache({ maxCost: 1 });
    expect(() => toPrometheus(cache, { name: '1abc' })).toThrow(/option name must be a metric name .* got "1abc"/);
    expect(() => toPrometheus(cache, { name: 'a-b' })).toThrow(/option name/);
    expect(() => toPrometheus(cache, { labels: { 'bad-name': 'x' } })).toThrow(
      /option labels: "bad-name" is not a label name/,
    );
    expect(() => toPrometheus(cache, { labels: { __name__: 'x' } })).toThrow(/"__name__" is not a label name/);
    expect(() => toPrometheus(cache, { labels: { le: '1' } })).toThrow(/"le" is not a label name/);
    expect(() => toPrometheus(cache, { labels: { a: {} as never } })).toThrow(
      /option labels.a must be a string, number or boolean, got an object/,
    );
    expect(() => toPrometheus(cache, { labels: 'x' as never })).toThrow(/option labels must be an object/);
    expect(() => toPrometheus(cache, { help: 'yes' as never })).toThrow(/option help must be a boolean/);
    expect(() => toPrometheus(cache, { prefix: 'x' } as never)).toThrow(
      /unknown option "prefix"; allowed: name, labels, help/,
    );
    expect(() => toPrometheus({} as never)).toThrow(/the cache must be a cortado Cache, got an object/);
    expect(() => toPrometheus([cache, 5] as never)).toThrow(
      /caches\[1\] must be a Cache or \{ cache, labels \}, got 5/,
    );
    expect(() => toPrometheus([{ cache: 'x' }] as never)).toThrow(/caches\[0\]\.cache must be a cortado Cache/);
    expect(() => toPrometheus([{ cache, labels: { service: 'a' } }], { labels: { service: 'b' } })).toThrow(
      /caches\[0\]\.labels\.service is also in the labels option/,
    );
    expect(() => toPrometheus([{ cache }, { cache: new Cache({ maxCost: 1 }) }])).toThrow(
      /caches 0 and 1 have the same labels/,
    );
    expect(() => toPrometheus([cache, { cache: new Cache({ maxCost: 1 }), labels: { cache: '0' } }])).toThrow(
      /caches 0 and 1 have the same labels \{cache="0"\}/,
    );
    // The same label set written in another key order is the same series: refused, not emitted twice.
    const other = new Cache({ maxCost: 1 });
    expect(() =>
      toPrometheus([
        { cache, labels: { region: 'eu', tier: 'l1' } },
        { cache: other, labels: { tier: 'l1', region: 'eu' } },
      ]),
    ).toThrow(/caches 0 and 1 have the same labels \{region="eu",tier="l1"\}/);
    // and one cache's labels come out in one order, whatever order they were written in
    const series = (labels: Record<string, string>) =>
      toPrometheus([{ cache, labels }], { labels: { service: 'api', app: 'x' } })
        .split('\n')
        .find((l) => l.startsWith('cortado_hits_total'));
    expect(series({ tier: 'l1', region: 'eu' })).toBe(series({ region: 'eu', tier: 'l1' }));
    expect(series({ tier: 'l1', region: 'eu' })).toMatch(
      /^cortado_hits_total\{app="x",service="api",region="eu",tier="l1"\} /,
    );
    expect(() =>
      toPrometheus([cache, { cache: new Cache({ maxCost: 1, metrics: false }), labels: { cache: 'b' } }]),
    ).toThrow(/caches\[1\]: cortado: stats\(\) needs the metrics option/);
    const closed = new Cache({ maxCost: 1 });
    closed.close();
    expect(() => toPrometheus(closed)).toThrow(/the cache: cortado: stats: the cache is closed/);
  });
});

/** Prometheus' own checker (Debian's prometheus package), when installed: the Go parser plus its lint rules. */
const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const check = (text: string) => spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
if (!promtool) console.warn('promtool suite skipped: no promtool on PATH (apt-get install prometheus)');
// CI installs Debian's prometheus (.ci/run): there a missing promtool is a failure, not a skip.
it.runIf(process.env.CI === 'true')('promtool is installed (CI)', () => {
  expect(promtool, "promtool not on PATH: .ci/run installs Debian's prometheus package").toBe(true);
});

describe.skipIf(!promtool)(`promtool check metrics${promtool ? '' : ' (skipped: no promtool on PATH)'}`, () => {
  it('accepts the output for several caches, with labels, escapes and histograms, as valid and lint-clean', async () => {
    const users = await busyCache(new ManualClock());
    const text = toPrometheus(
      [{ cache: users, labels: { cache: 'a "quoted"\\name\n' } }, new Cache({ maxCost: Infinity })],
      { labels: { service: 'api' } },
    );
    const run = check(text);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('rejects a broken exposition (so the check above can fail)', () => {
    const text = toPrometheus(new Cache({ maxCost: 1 }));
    const run = check(
      text.replace('# TYPE cortado_size gauge', '# TYPE cortado_size gauge\n# TYPE cortado_size counter'),
    );
    expect(run.status).not.toBe(0);
  });
});
