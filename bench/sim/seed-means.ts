// Hit ratio per (trace, size) pair over several cache seeds: the seed picks which keys W-TinyLFU's
// miniature simulations sample, so one run of a change to them is one draw. Prints each pair's
// mean, spread and per-seed figures; with --base DIR, runs the same pairs through another
// checkout's sources (a worktree of an older commit) in the same process and prints the
// difference per pair, so a change is judged against the code before it, seed by seed; with
// --against FILE, the same from an earlier run's --json (no second replay).
//
//   npx tsx bench/sim/seed-means.ts --pairs arc-P3@160000,lirs-cpp@100,zipf-1.0@4000 \
//     [--seeds 8 | --simulator-seed] [--policies w-tinylfu,lru,arc] [--base /tmp/base-worktree | --against old.json]
//     [--json out.json]
//
// --simulator-seed runs the one seed `npm run sim` uses (replay.ts's SEED) instead of seeds 1..n,
// so the figures are BENCHMARKS.md's.
//
// A pair's trace is a file in ../shared/traces (its name without extensions) or a built-in
// workload of `npm run sim` (zipf-0.8, zipf-1.0, scan-hot, loop, shifting-hotspot).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRACES_DIR } from './paths.js';
import { loadTrace, traceName } from './trace.js';
import { builtInWorkloads } from './workloads.js';
import { SEED } from './replay.js';
import type { Keys } from './formats.js';

interface CacheLike {
  get(key: number): unknown;
  set(key: number, value: number): boolean;
  close(): void;
}
type CacheClass = new (options: { maxCost: number; policy: string; seed: number }) => CacheLike;

function option(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) {
    if (fallback === undefined) throw new Error(`seed-means: --${name} is required`);
    return fallback;
  }
  const value = process.argv[at + 1];
  if (value === undefined) throw new Error(`seed-means: --${name} needs a value`);
  return value;
}

const pairs = option('pairs')
  .split(',')
  .map((p) => {
    const at = p.lastIndexOf('@');
    const size = Number(p.slice(at + 1));
    if (at <= 0 || !Number.isInteger(size) || size < 1)
      throw new Error(`seed-means: --pairs: "${p}" is not TRACE@SIZE`);
    return { trace: p.slice(0, at), size };
  });
const seeds = Number(option('seeds', '8'));
if (!Number.isInteger(seeds) || seeds < 1) throw new Error('seed-means: --seeds must be a positive integer');
const policies = option('policies', 'w-tinylfu').split(',');
const base = process.argv.includes('--base') ? option('base') : undefined;
const json = process.argv.includes('--json') ? option('json') : undefined;
interface Row {
  trace: string;
  size: number;
  policy: string;
  seeds: number[];
  hitRatios: number[];
}
const earlier = process.argv.includes('--against')
  ? (JSON.parse(readFileSync(option('against'), 'utf8')) as Row[])
  : undefined;

async function cacheClass(root: string): Promise<CacheClass> {
  const module = (await import(pathToFileURL(resolve(root, 'src/index.ts')).href)) as { Cache: CacheClass };
  return module.Cache;
}

const traces = new Map<string, Keys>();
async function keysOf(name: string): Promise<Keys> {
  let keys = traces.get(name);
  if (keys !== undefined) return keys;
  const builtIn = builtInWorkloads().find((w) => w.name === name);
  if (builtIn !== undefined) keys = builtIn.keys;
  else {
    const file = readdirSync(TRACES_DIR).find((f) => traceName(f) === name);
    if (file === undefined) throw new Error(`seed-means: no trace or built-in workload named "${name}"`);
    keys = (await loadTrace(resolve(TRACES_DIR, file))).keys;
  }
  traces.set(name, keys);
  return keys;
}

function hitRatio(Cache: CacheClass, keys: Keys, policy: string, size: number, seed: number): number {
  const cache = new Cache({ maxCost: size, policy, seed });
  let hits = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (cache.get(key) === undefined) cache.set(key, 1);
    else hits++;
  }
  cache.close();
  return (100 * hits) / keys.length;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
/** Seeds 1..n, spread over 32 bits, or the simulator's. */
const seedList = process.argv.includes('--simulator-seed')
  ? [SEED]
  : Array.from({ length: seeds }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0 || 1);

const current = await cacheClass(resolve(import.meta.dirname, '../..'));
const before = base === undefined ? undefined : await cacheClass(base);
const rows: Row[] = [];
const compared = before !== undefined || earlier !== undefined;
console.log(
  `| pair | policy | mean % | sd | min | max |${compared ? ' base mean % | Δ mean | Δ min | better/worse seeds |' : ''}`,
);
console.log(`|---|---|---:|---:|---:|---:|${compared ? '---:|---:|---:|---:|' : ''}`);
for (const { trace, size } of pairs) {
  const keys = await keysOf(trace);
  for (const policy of policies) {
    // Policies that do not hash their decisions give one figure whatever the seed.
    const runs = policy === 'w-tinylfu' || policy === 'tinylfu' ? seedList : seedList.slice(0, 1);
    const now = runs.map((seed) => hitRatio(current, keys, policy, size, seed));
    const then =
      before !== undefined
        ? runs.map((seed) => hitRatio(before, keys, policy, size, seed))
        : earlier?.find(
            (r) => r.trace === trace && r.size === size && r.policy === policy && r.seeds.length === runs.length,
          )?.hitRatios;
    const f = (x: number) => x.toFixed(2);
    let line = `| ${trace} @ ${size} | ${policy} | ${f(mean(now))} | ${f(sd(now))} | ${f(Math.min(...now))} | ${f(Math.max(...now))} |`;
    if (then !== undefined) {
      const d = now.map((x, i) => x - then[i]!);
      line += ` ${f(mean(then))} | ${mean(d) >= 0 ? '+' : ''}${f(mean(d))} | ${f(Math.min(...d))} | ${d.filter((x) => x > 1e-9).length}/${d.filter((x) => x < -1e-9).length} |`;
    }
    console.log(line);
    rows.push({ trace, size, policy, seeds: runs, hitRatios: now });
  }
}
if (json !== undefined) writeFileSync(json, `${JSON.stringify(rows, null, 1)}\n`);
