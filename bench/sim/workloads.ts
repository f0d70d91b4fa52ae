// The built-in workloads `npm run sim` replays with no data files: seeded generators, so every run
// and every machine sees the same keys. Each names the cache sizes it is meant for. The shapes are
// the classic stress cases of the policy literature (Caffeine's and libCacheSim's synthetic
// traces): skewed popularity, a scan polluting a hot set, a loop just over the cache, and a hot
// set that moves.

import type { Trace } from './trace.js';

/** A generated trace and the cache sizes it is replayed at. */
export interface Workload extends Trace {
  sizes: number[];
  /** One line on what it models. */
  description: string;
}

/** The seed of every built-in workload. */
export const WORKLOAD_SEED = 20260101;

/** Requests per built-in workload: enough for stable ratios, small enough for a fast default run. */
const REQUESTS = 100_000;

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..n-1 with P(rank r) ∝ 1/(r+1)^s, by inverting a precomputed CDF (O(log n) each). */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / (r + 1) ** s;
    cdf[r] = sum;
  }
  return () => {
    const u = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function zipfWorkload(s: number, seed: number): Workload {
  const keys = 50_000;
  const draw = zipf(keys, s, rng(seed));
  const out = new Int32Array(REQUESTS);
  for (let i = 0; i < REQUESTS; i++) out[i] = draw();
  return {
    name: `zipf-${s.toFixed(1)}`,
    keys: out,
    sizes: [250, 1000, 4000],
    description: `Zipf(${s}) over ${keys.toLocaleString('en')} keys`,
  };
}

/** A Zipf(0.9) hot set of 2,000 keys; every 10,000 requests a scan of 5,000 never-seen keys. */
function scanWorkload(seed: number): Workload {
  const random = rng(seed);
  const hot = zipf(2_000, 0.9, random);
  const out = new Int32Array(REQUESTS);
  let scanKey = 1_000_000;
  let i = 0;
  while (i < REQUESTS) {
    for (let j = 0; j < 10_000 && i < REQUESTS; j++) out[i++] = hot();
    for (let j = 0; j < 5_000 && i < REQUESTS; j++) out[i++] = scanKey++;
  }
  return {
    name: 'scan-hot',
    keys: out,
    sizes: [250, 1000, 2000],
    description: 'Zipf(0.9) hot set of 2,000 keys, a 5,000-key one-time scan after every 10,000 requests',
  };
}

/** A cyclic loop over 1,100 keys: just larger than the biggest size, LRU's worst case. */
function loopWorkload(): Workload {
  const length = 1_100;
  const out = new Int32Array(REQUESTS);
  for (let i = 0; i < REQUESTS; i++) out[i] = i % length;
  return {
    name: 'loop',
    keys: out,
    sizes: [250, 500, 1000],
    description: `a loop over ${length.toLocaleString('en')} keys, just larger than the cache`,
  };
}

/** Zipf(0.9) over a 5,000-key window that jumps to fresh keys every 20,000 requests. */
function shiftingWorkload(seed: number): Workload {
  const draw = zipf(5_000, 0.9, rng(seed));
  const out = new Int32Array(REQUESTS);
  for (let i = 0; i < REQUESTS; i++) out[i] = Math.floor(i / 20_000) * 1_000_000 + draw();
  return {
    name: 'shifting-hotspot',
    keys: out,
    sizes: [250, 1000, 2000],
    description: 'Zipf(0.9) over 5,000 keys; the hot set moves to fresh keys every 20,000 requests',
  };
}

/** The built-in workloads, generated in-process from WORKLOAD_SEED. */
export function builtInWorkloads(): Workload[] {
  return [
    zipfWorkload(0.8, WORKLOAD_SEED),
    zipfWorkload(1.0, WORKLOAD_SEED + 1),
    scanWorkload(WORKLOAD_SEED + 2),
    loopWorkload(),
    shiftingWorkload(WORKLOAD_SEED + 3),
  ];
}
