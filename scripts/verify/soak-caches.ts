// The soak's "caches per request" profile (issue 22): one cache per request or job, created,
// used and dropped without close(), as most code uses a cache object. Run synchronously (no
// FinalizationRegistry callback can run: only whole arenas can be freed, by the garbage
// collector) and asynchronously (setImmediate between requests: the registry frees each
// cache's blocks in its arena). Every 10,000 caches it prints the realm's WebAssembly memory
// (the sum over its arenas not yet known to be collected), V8's external memory (which counts
// every live WebAssembly memory), the arenas and RSS.
//
// Pass/fail: after the first reading, WebAssembly memory (external) and RSS must stay below
// fixed bounds, whatever the number of caches: memory that follows the caches alive (a handful)
// is flat, and memory that follows the caches made grows without bound.

import { Cache, DEFAULT_POLICY, type PolicySpec } from '../../src/index.js';
import { kernelsModule } from '../../src/wasm/module.js';
import { realmArenas, realmMemoryBytes } from '../../src/wasm/realm.js';

const MB = 1024 * 1024;
const EVERY = 10_000;
/** The bounds: a few arenas' worth of WebAssembly memory, and RSS growth well below a leak's. */
const EXTERNAL_LIMIT = 128 * MB;
const RSS_GROWTH_LIMIT = 256 * MB;
const MAX_COSTS = [100, 10_000, 100_000, 1_000_000];
const POLICIES: PolicySpec[] = [DEFAULT_POLICY, 'tinylfu', 'lru'];

const fmt = (bytes: number): string => (bytes / MB).toFixed(1).padStart(9);

/** One request: a cache made, filled with a few keys, read, and dropped. */
function request(i: number): void {
  const cache = new Cache<string, number>({
    maxCost: MAX_COSTS[i % MAX_COSTS.length]!,
    policy: POLICIES[i % POLICIES.length]!,
  });
  const keys = 1 + (i % 50);
  for (let k = 0; k < keys; k++) cache.set(`k${k}`, k);
  for (let k = 0; k < keys; k += 2) if (cache.get(`k${k}`) !== k) throw new Error(`request ${i}: lost k${k}`);
}

interface Reading {
  wasm: number;
  external: number;
  rss: number;
}

function read(caches: number, gc: (() => void) | undefined): Reading {
  gc?.();
  const m = process.memoryUsage();
  const reading = { wasm: realmMemoryBytes(kernelsModule()), external: m.external, rss: m.rss };
  console.log(
    `${caches.toLocaleString('en').padStart(10)} ${fmt(reading.wasm)} ${realmArenas(kernelsModule()).toString().padStart(7)} ${fmt(reading.external)} ${fmt(reading.rss)}`,
  );
  return reading;
}

function verdict(mode: string, readings: Reading[]): { ok: boolean; verdict: string } {
  const first = readings[0]!;
  const worstExternal = Math.max(...readings.map((r) => r.external));
  const rssGrowth = Math.max(...readings.map((r) => r.rss)) - first.rss;
  const ok = worstExternal < EXTERNAL_LIMIT && rssGrowth < RSS_GROWTH_LIMIT;
  return {
    ok,
    verdict: `${mode}: external memory at most ${(worstExternal / MB).toFixed(1)} MB, RSS +${(rssGrowth / MB).toFixed(1)} MB after the first reading`,
  };
}

const HEADER = '    caches   wasm MB  arenas  extl MB    rss MB';

/** Creates, uses and drops `count` caches in one synchronous loop. */
export function soakCachesSync(count: number, gc: (() => void) | undefined): { ok: boolean; verdict: string } {
  console.log(
    `\ncaches per request, synchronous: ${count.toLocaleString('en')} caches (maxCost ${MAX_COSTS.join(', ')})`,
  );
  console.log(HEADER);
  const readings: Reading[] = [];
  for (let i = 1; i <= count; i++) {
    request(i);
    if (i % EVERY === 0) readings.push(read(i, gc));
  }
  return verdict('synchronous', readings);
}

/** The same with setImmediate between requests, so finalization callbacks can run. */
export async function soakCachesAsync(
  count: number,
  gc: (() => void) | undefined,
): Promise<{ ok: boolean; verdict: string }> {
  console.log(`\ncaches per request, asynchronous: ${count.toLocaleString('en')} caches`);
  console.log(HEADER);
  const readings: Reading[] = [];
  for (let i = 1; i <= count; i++) {
    request(i);
    await new Promise((resolve) => setImmediate(resolve));
    if (i % EVERY === 0) readings.push(read(i, gc));
  }
  return verdict('asynchronous', readings);
}
