// `npm run bench -- --tiers`: what a TieredCache (cortado/redis) costs per call against a real
// redis-server on loopback (started here with the test harness, test/redis/server.ts): an L1 hit,
// an L2 hit (L1 emptied of the key before each call, so the value comes from Redis and is put
// back in L1), and a miss that loads (fetch on a new key: Redis read, lock, re-read, load, write
// with its invalidation message, unlock), beside the floor, node-redis's own GET.
//
// Each case runs one call at a time for TIME_MS (latency p50/p99 and the ops/s that gives), then
// with IN_FLIGHT calls in flight for TIME_MS (ops/s when the client pipelines), in ROUNDS turns
// taken with the other cases. The ops/s are the median of the rounds: on a shared machine one
// round starved by other work would otherwise drag a whole case down. `--markdown` writes the
// table into its own region of BENCHMARKS.md.

import { loadavg } from 'node:os';
import { RedisServer } from '../test/redis/server.js';
import { machine } from './report.js';

/** One measured case. */
export interface TierResult {
  name: string;
  /** Latency of one call at a time, microseconds. */
  p50: number;
  p99: number;
  /** Calls per second, one at a time. */
  sequential: number;
  /** Calls per second with IN_FLIGHT calls outstanding. */
  concurrent: number;
}

export interface TiersReport {
  date: string;
  machine: string;
  redis: string;
  command: string;
  /** The 1-minute load average when the run ended (other work on a shared machine skews every case). */
  load: number;
  results: TierResult[];
}

const TIME_MS = 1_500;
/** Each case's time is split in rounds, the cases taking turns, so that a machine's drift falls on all alike. */
const ROUNDS = 9;
const IN_FLIGHT = 64;
const KEYS = 1_000;
const VALUE = { id: 12345, name: 'Ada Lovelace', roles: ['admin', 'author'] };

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** One case's samples, pooled over the rounds. */
interface Samples {
  name: string;
  call: (i: number) => Promise<unknown>;
  latencies: number[];
  /** ops/s of each round, one call at a time and IN_FLIGHT at a time. */
  sequentialRates: number[];
  concurrentRates: number[];
}

/** One round of a case: `call(i)` one at a time, then IN_FLIGHT at a time, TIME_MS / ROUNDS each. */
async function round(s: Samples, first: number): Promise<number> {
  let i = first;
  const slice = TIME_MS / ROUNDS;
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < slice) {
    const start = performance.now();
    await s.call(i++);
    s.latencies.push((performance.now() - start) * 1_000);
    calls++;
  }
  s.sequentialRates.push(calls / ((performance.now() - t0) / 1_000));
  const t1 = performance.now();
  let concurrent = 0;
  const lane = async () => {
    while (performance.now() - t1 < slice) {
      await s.call(i++);
      concurrent++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  s.concurrentRates.push(concurrent / ((performance.now() - t1) / 1_000));
  return i;
}

function result(s: Samples): TierResult {
  const sorted = Float64Array.from(s.latencies).sort();
  const median = (rates: number[]) => quantile(Float64Array.from(rates).sort(), 0.5);
  return {
    name: s.name,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    sequential: median(s.sequentialRates),
    concurrent: median(s.concurrentRates),
  };
}

/** The L2 hit against the bare GET, said in a line: throughput at IN_FLIGHT in flight, and p50 one call at a time ('' without both cases). */
function l2Ratios(results: TierResult[], times: string): string {
  const l2 = results.find((r) => r.name.startsWith('L2 hit'));
  const floor = results.find((r) => r.name.startsWith('node-redis GET'));
  if (l2 === undefined || floor === undefined) return '';
  return `An L2 hit against the bare GET: ${(l2.concurrent / floor.concurrent).toFixed(2)}${times} its throughput at ${IN_FLIGHT} in flight, ${(l2.p50 / floor.p50).toFixed(2)}${times} its p50 one call at a time.`;
}

/** Starts a redis-server, measures every case, stops it. */
export async function benchTiers(log: (line: string) => void): Promise<TiersReport> {
  const began = new Date();
  // Imported here, not at the top: every bench process loads this file, and node-redis declares
  // `class extends String` on import, which changes how V8 optimises string methods process-wide;
  // the speed groups' child processes should not run under that unless a run asks for it.
  const { createClient } = await import('redis');
  const { TieredCache } = await import('cortado/redis');
  const server = await RedisServer.start();
  const redis = createClient({ url: server.url });
  redis.on('error', (error: Error) => log(`redis: ${error.message}`));
  await redis.connect();
  const tiered = new TieredCache<typeof VALUE>({ local: { maxCost: 10_000 }, redis, namespace: 'bench', ttl: 600_000 });
  try {
    await tiered.ready();
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
    log(
      `${machine()}; redis-server ${version} on 127.0.0.1; ${TIME_MS} ms per case, one call at a time then ${IN_FLIGHT} in flight`,
    );
    const key = (i: number) => `user:${i % KEYS}`;
    for (let i = 0; i < KEYS; i++) await tiered.set(key(i), VALUE);
    let fresh = 0;
    const cases: Samples[] = [
      ['L1 hit (get)', (i: number) => tiered.get(key(i))],
      [
        'L2 hit (get: Redis, then into L1)',
        (i: number) => {
          tiered.local.delete(key(i));
          return tiered.get(key(i));
        },
      ],
      ['miss with load (fetch of a new key)', () => tiered.fetch(`new:${fresh++}`, () => VALUE)],
      ['node-redis GET (the floor)', (i: number) => redis.get(`bench:${key(i)}`)],
    ].map(([name, call]) => ({ name, call, latencies: [], sequentialRates: [], concurrentRates: [] }) as Samples);
    const next = new Map<Samples, number>();
    for (const c of cases) {
      for (let i = 0; i < 2_000; i++) await c.call(i); // warm-up: JIT, connection, L1
      next.set(c, 2_000);
    }
    for (let r = 0; r < ROUNDS; r++) for (const c of cases) next.set(c, await round(c, next.get(c)!));
    const results = cases.map(result);
    for (const r of results) {
      log(
        `${r.name.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)} µs  p99 ${r.p99.toFixed(1).padStart(7)} µs  ` +
          `${Math.round(r.sequential).toLocaleString('en-US').padStart(9)} ops/s  ${Math.round(r.concurrent).toLocaleString('en-US').padStart(9)} ops/s (${IN_FLIGHT} in flight)`,
      );
    }
    log(l2Ratios(results, 'x'));
    return {
      date: `${began.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      machine: machine(),
      redis: version,
      command: 'npm run bench -- --tiers --markdown',
      load: loadavg()[0]!,
      results,
    };
  } finally {
    await tiered.close();
    redis.destroy();
    await server.stop();
  }
}

/** The BENCHMARKS.md region: how it was run, and the table. */
export function tiersMarkdown(report: TiersReport): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    '## Two tiers: cortado/redis',
    '',
    `\`${report.command}\`, ${report.date}; ${report.machine}; load average ${report.load.toFixed(1)} at the end of the run; redis-server ${report.redis} (Debian) on 127.0.0.1, no persistence,`,
    'node-redis client. A TieredCache with 1,000 keys of a small JSON object; each case runs one call at a',
    `time for ${TIME_MS / 1000} s (latency, and the ops/s that gives), then ${IN_FLIGHT} calls in flight for ${TIME_MS / 1000} s, in ${ROUNDS} turns`,
    "taken with the other cases (so that the machine's drift falls on all of them alike); ops/s are the median",
    'of the turns (a turn starved by other work on the machine does not drag a case down). The L2 hit',
    'removes the key from L1 before each get(), so the value comes from Redis (one GET: the stored value',
    "carries its expiry) and goes back into L1; the miss is a fetch() of a new key: a Redis read (with the key's version), the",
    'lock (SET NX PX), a re-read, the load, the write (only if the version is unchanged) with its',
    'invalidation message, and the unlock. Scripts run as EVALSHA.',
    '',
    `| case | p50 | p99 | ops/s, 1 in flight | ops/s, ${IN_FLIGHT} in flight |`,
    '|---|---:|---:|---:|---:|',
    ...report.results.map(
      (r) =>
        `| ${r.name} | ${r.p50.toFixed(1)} µs | ${r.p99.toFixed(1)} µs | ${n(r.sequential)} | ${n(r.concurrent)} |`,
    ),
    '',
    l2Ratios(report.results, '×'),
    '',
  ].join('\n');
}
