// Soak test: churns caches for millions of operations with TTLs and watches memory, to catch
// leaks that no functional test sees (slots, ghost entries, expiry-heap cells or WebAssembly
// memory that are taken and never given back).
//
//   npm run soak                                  4 M ops for each of 8 policies (the default first),
//                                                 then 100,000 caches per request, twice
//   npm run soak -- --millions 20 --policy lru,arc
//   npm run soak -- --profile caches --caches 1000000
//
// Options: --profile ops|caches|ops,caches (default both), --millions N (per policy, default 4),
// --policy a,b (default: the default policy, tinylfu, lru, arc, s3-fifo, lirs, clock-pro,
// lru-k), --max-cost N (default 10000), --keys N (key space, default 200000), --seed N,
// --caches N (the "caches per request" profile: caches made and dropped, synchronously and then
// asynchronously, default 100000; see scripts/verify/soak-caches.ts).
// Runs under `node --expose-gc --import tsx` (the npm script does that) so that each reading
// follows a full garbage collection.
//
// Every 500,000 operations it prints heap used, external memory (ArrayBuffers, WebAssembly
// memory included), array buffers and RSS. The workload: skewed reads of a key space 20x the
// budget, a set() with a random TTL (none, or 0.1 to 5 s of the simulated clock) on every miss,
// deletes, purgeExpired() every 10,000 ops and maxCost halved and restored every 500,000 ops;
// keys alternate between ints and strings.
//
// Pass/fail: after the warm-up (the first quarter of the run, at least 1 M ops) everything the
// cache owns is bounded: at most maxCost entries, ghost lists bounded by the policies' own
// limits, and tables that grow geometrically, so they finish growing early. What is left is GC
// noise, tens of KB after a forced collection. A leak is linear in operations: one forgotten
// 8-byte cell per 100 ops is 80 KB per million. So a policy fails when retained memory (heap
// used + external) grows after the warm-up at more than 64 KB per million ops (least-squares
// slope) AND ends more than 256 KiB above its post-warm-up minimum (so one noisy reading cannot
// fail a flat series), or when RSS grows by more than 64 MiB after the warm-up (RSS is coarse:
// the allocator keeps pages, so only gross growth counts). Measured here (2026-11-26, 4 M ops):
// clean runs slope under 20 KB per M ops; a leak injected into the store (one number kept per
// 50 entries dropped) measured +140 to +315 KB per M ops and failed; one per 200 (+45 KB) passed,
// so longer runs are needed to resolve leaks that small. Exit code 1 if any policy fails.
import { parseArgs } from 'node:util';
import { Cache, DEFAULT_POLICY, POLICIES } from '../../src/index.js';
import { soakCachesAsync, soakCachesSync } from './soak-caches.js';

const MB = 1024 * 1024;
const SLOPE_LIMIT = 64 * 1024; // bytes per million ops
const GROWTH_LIMIT = 256 * 1024;
const RSS_LIMIT = 64 * MB;

interface Sample {
  mops: number;
  heap: number;
  external: number;
  arrayBuffers: number;
  rss: number;
  size: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function measure(): Omit<Sample, 'mops' | 'size'> {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const fmt = (bytes: number): string => (bytes / MB).toFixed(2).padStart(8);

function soak(
  policy: string,
  millions: number,
  maxCost: number,
  keySpace: number,
  seed: number,
): { ok: boolean; verdict: string } {
  const clock = { time: 0, now: () => clock.time };
  let exits = 0;
  const cache = new Cache<number | string, number>({
    maxCost,
    policy: policy as (typeof POLICIES)[number],
    clock,
    seed,
    onExit: () => void exits++,
  });
  const random = xorshift(seed);
  const samples: Sample[] = [];
  const step = 500_000; // ops between readings
  console.log(`\n${policy}: maxCost ${maxCost}, ${keySpace.toLocaleString('en')} keys, ${millions} M ops`);
  console.log('     Mops  heap MB  extl MB  bufs MB   rss MB     size   ops/s');
  let started = performance.now();
  const steps = Math.round((millions * 1_000_000) / step);
  for (let m = 1; m <= steps; m++) {
    for (let i = 0; i < step; i++) {
      // Skewed: squaring a uniform draw favours low ids (a hot set) over a long tail.
      const r = random();
      const id = Math.floor(r * r * keySpace);
      const key = id % 2 === 0 ? id : `k${id}`;
      const op = random();
      if (op < 0.05) {
        cache.delete(key);
      } else if (cache.get(key) === undefined) {
        const t = random();
        cache.set(key, id, t < 0.3 ? undefined : { ttl: 100 + Math.floor(t * 4900) });
      }
      clock.time += 1;
      const n = (m - 1) * step + i;
      if (n % 10_000 === 0) cache.purgeExpired();
      if (n % 500_000 === 100_000) cache.maxCost = Math.max(1, Math.floor(maxCost / 2));
      if (n % 500_000 === 300_000) cache.maxCost = maxCost; // full again when each reading is taken
    }
    const elapsed = (performance.now() - started) / 1000;
    const s = { mops: (m * step) / 1_000_000, size: cache.size, ...measure() };
    samples.push(s);
    console.log(
      `${s.mops.toFixed(1).padStart(9)} ${fmt(s.heap)} ${fmt(s.external)} ${fmt(s.arrayBuffers)} ${fmt(s.rss)} ${String(s.size).padStart(8)} ${Math.round(
        step / elapsed,
      )
        .toLocaleString('en')
        .padStart(9)}`,
    );
    started = performance.now();
  }
  cache.close();
  const warm = Math.max(1, millions / 4);
  const after = samples.filter((s) => s.mops > warm);
  if (after.length < 4) return { ok: true, verdict: `too short to judge (need at least ${warm + 2} M ops)` };
  const retained = after.map((s) => s.heap + s.external);
  const rate = slope(
    after.map((s) => s.mops),
    retained,
  );
  const growth = retained[retained.length - 1]! - Math.min(...retained);
  const rss = after[after.length - 1]!.rss - Math.min(...after.map((s) => s.rss));
  const leaking = (rate > SLOPE_LIMIT && growth > GROWTH_LIMIT) || rss > RSS_LIMIT;
  const verdict =
    `after ${warm} M ops warm-up: retained memory ${rate >= 0 ? '+' : ''}${(rate / 1024).toFixed(1)} KB per M ops, ` +
    `${(growth / MB).toFixed(2)} MB above its minimum; RSS +${(rss / MB).toFixed(1)} MB; ${exits.toLocaleString('en')} exits`;
  return { ok: !leaking, verdict };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'ops,caches' },
      caches: { type: 'string', default: '100000' },
      millions: { type: 'string', default: '4' },
      policy: { type: 'string' },
      'max-cost': { type: 'string', default: '10000' },
      keys: { type: 'string', default: '200000' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  if (gc === undefined)
    console.warn('warning: no global gc(); run through `npm run soak` (node --expose-gc) for stable readings');
  const profiles = values.profile.split(',');
  for (const p of profiles) if (p !== 'ops' && p !== 'caches') throw new Error(`unknown profile ${p} (ops or caches)`);
  const millions = Number(values.millions);
  const defaults = [DEFAULT_POLICY, 'tinylfu', 'lru', 'arc', 's3-fifo', 'lirs', 'clock-pro', 'lru-k'];
  const policies = values.policy ? values.policy.split(',') : [...new Set(defaults)];
  for (const p of policies) if (!(POLICIES as readonly string[]).includes(p)) throw new Error(`unknown policy ${p}`);
  const results: [string, { ok: boolean; verdict: string }][] = [];
  if (profiles.includes('ops')) {
    for (const policy of policies) {
      results.push([
        policy,
        soak(policy, millions, Number(values['max-cost']), Number(values.keys), Number(values.seed)),
      ]);
    }
  }
  if (profiles.includes('caches')) {
    const caches = Number(values.caches);
    if (!Number.isInteger(caches) || caches < 10_000)
      throw new Error(`--caches must be an integer of at least 10000, got ${values.caches}`);
    results.push(['caches per request', soakCachesSync(caches, gc)]);
    results.push(['caches per request', await soakCachesAsync(caches, gc)]);
  }
  console.log('\nsummary:');
  for (const [policy, r] of results) console.log(`  ${r.ok ? 'ok  ' : 'LEAK'} ${policy}: ${r.verdict}`);
  return results.every(([, r]) => r.ok) ? 0 : 1;
}

process.exit(await main());
