// cortado/metrics observe(): the caches' counters and gauges through the real OpenTelemetry
// metrics SDK (@opentelemetry/api's Meter from @opentelemetry/sdk-metrics' MeterProvider, read by
// a MetricReader's collect()), every value checked against stats() at collection time.
import { MeterProvider, MetricReader, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { observe } from '../src/adapters/metrics.js';

/** A reader that collects on demand. */
class OnDemandReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

function setup() {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('cortado-test');
  const collect = async (): Promise<Map<string, MetricData>> => {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    return new Map(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
  };
  return { meter, collect };
}

describe('observe(meter, caches)', () => {
  it('reports every counter (monotonic sums) and gauge, read from stats() at each collection, with attributes', async () => {
    const { meter, collect } = setup();
    const users = new Cache<string, number>({ maxCost: 3, policy: 'lru' });
    const sessions = new Cache<string, number>({ maxCost: 10 });
    observe(
      meter,
      [
        { cache: users, labels: { cache: 'users' } },
        { cache: sessions, labels: { cache: 'sessions' } },
      ],
      { labels: { service: 'api' } },
    );
    for (let i = 0; i < 10; i++) users.set(`k${i}`, i);
    users.get('k9');
    users.get('nope');
    await users.fetch('loaded', { load: async () => 1 });

    let metrics = await collect();
    const point = (name: string, cache: string) =>
      metrics.get(name)!.dataPoints.find((p) => p.attributes['cache'] === cache)!;
    const stats = users.stats();
    expect(stats.keysEvicted).toBeGreaterThan(0);
    const expected: Record<string, [DataPointType, number]> = {
      'cortado.hits': [DataPointType.SUM, stats.hits],
      'cortado.misses': [DataPointType.SUM, stats.misses],
      'cortado.keys_added': [DataPointType.SUM, stats.keysAdded],
      'cortado.keys_evicted': [DataPointType.SUM, stats.keysEvicted],
      'cortado.cost_evicted': [DataPointType.SUM, stats.costEvicted],
      'cortado.load_successes': [DataPointType.SUM, stats.loadSuccesses],
      'cortado.load_duration': [DataPointType.SUM, stats.totalLoadTime / 1000],
      'cortado.size': [DataPointType.GAUGE, users.size],
      'cortado.cost': [DataPointType.GAUGE, users.cost],
      'cortado.max_cost': [DataPointType.GAUGE, 3],
      'cortado.hit_ratio': [DataPointType.GAUGE, stats.hitRatio],
    };
    for (const [name, [type, value]] of Object.entries(expected)) {
      const metric = metrics.get(name);
      expect(metric, name).toBeDefined();
      expect(metric!.dataPointType, name).toBe(type);
      if (type === DataPointType.SUM) expect((metric as { isMonotonic: boolean }).isMonotonic, name).toBe(true);
      expect(point(name, 'users').value, name).toBe(value);
      expect(point(name, 'users').attributes).toEqual({ service: 'api', cache: 'users' });
    }
    expect(metrics.get('cortado.load_duration')!.descriptor.unit).toBe('s');
    expect(point('cortado.keys_added', 'sessions').value).toBe(0);
    expect(metrics.size).toBe(18);

    // The next collection reads the caches again.
    users.set('more', 1);
    metrics = await collect();
    expect(point('cortado.keys_added', 'users').value).toBe(users.stats().keysAdded);
    expect(point('cortado.keys_added', 'users').value).toBe(stats.keysAdded + 1);
  });

  it('a cache closed later stops reporting; the returned function unregisters the callback', async () => {
    const { meter, collect } = setup();
    const a = new Cache({ maxCost: 1 });
    const b = new Cache({ maxCost: 2 });
    const stop = observe(meter, [a, b], { name: 'app.cache' });
    a.close();
    let metrics = await collect();
    expect(metrics.get('app.cache.max_cost')!.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ cache: '1' }, 2],
    ]);
    stop();
    b.set('x', 1);
    metrics = await collect();
    // No callback ran: the SDK has nothing newer than the first collection (keys_added 0, not 1).
    expect((metrics.get('app.cache.keys_added')?.dataPoints ?? []).map((p) => p.value)).not.toContain(1);
    expect(b.stats().keysAdded).toBe(1);
  });

  it('refuses a non-meter, bad names and labels, and caches without metrics, naming them', () => {
    const { meter } = setup();
    const cache = new Cache({ maxCost: 1 });
    expect(() => observe({} as never, cache)).toThrow(
      /observe: meter must be an OpenTelemetry Meter .* no createObservableCounter\(\) method/,
    );
    expect(() => observe(meter, cache, { name: '9x' })).toThrow(/observe option name must be a metric name/);
    expect(() => observe(meter, cache, { help: false } as never)).toThrow(
      /observe: unknown option "help"; allowed: name, labels/,
    );
    expect(() => observe(meter, cache, { labels: { 'a b': 1 } })).toThrow(
      /observe option labels: "a b" is not a label name/,
    );
    expect(() =>
      observe(meter, [cache, { cache: new Cache({ maxCost: 1, metrics: false }), labels: { cache: 'x' } }]),
    ).toThrow(/observe: caches\[1\]: cortado: stats\(\) needs the metrics option/);
    expect(() => observe(meter, [{ cache }, { cache }])).toThrow(/observe: caches 0 and 1 have the same labels/);
  });
});
