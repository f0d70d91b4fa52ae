// Published hit ratios for the traces in ../shared/traces, as listed (with their provenance) in
// ../shared/ANCHORS.md. These are figures others published, not our data, so they live here as
// a small typed table; the hit-ratio report prints them beside our results. Percent, by size.

import type { SimPolicy } from './replay.js';

/** The sources, named as in ANCHORS.md. */
export const SOURCES = {
  S1: 'Caffeine simulator, as republished in the falsandtru/dw-cache README',
  S2: 'bitfaster/BitFaster.Caching PR #191 (ConcurrentLfu, hill climbing)',
  S3: 'bitfaster/BitFaster.Caching PR #196 (ConcurrentLfu, hill climbing, 2-pass eviction)',
  S5: 'cache2k-benchmark unit tests (Belady OPT, demand fill)',
  S9: 'falsandtru/dw-cache README (LRU on the LIRS loop trace)',
} as const;

export interface AnchorSeries {
  /** Trace short name as in sizes.ts (`OLTP`, `gli`, `loop`, `sprite`, …). */
  trace: string;
  /** Our policy that corresponds to the published one. */
  policy: SimPolicy;
  /** What the source calls it. */
  label: string;
  source: keyof typeof SOURCES;
  /** size → hit ratio in percent. */
  values: ReadonlyMap<number, number>;
}

function series(
  trace: string,
  policy: SimPolicy,
  label: string,
  source: keyof typeof SOURCES,
  sizes: readonly number[],
  ratios: readonly number[],
): AnchorSeries {
  return { trace, policy, label, source, values: new Map(sizes.map((s, i) => [s, ratios[i]!])) };
}

const OLTP = [250, 500, 750, 1000, 1250, 1500, 1750, 2000];

export const ANCHORS: readonly AnchorSeries[] = [
  series(
    'OLTP',
    'opt-bypass',
    "Caffeine 'Optimal' (bypass)",
    'S1',
    OLTP,
    [38.47, 46.43, 50.67, 53.62, 55.84, 57.62, 59.13, 60.4],
  ),
  series('OLTP', 'lru', 'LRU', 'S1', OLTP, [16.47, 23.45, 28.28, 32.83, 36.21, 38.7, 40.79, 42.47]),
  series('OLTP', 'arc', 'ARC', 'S1', OLTP, [21.46, 30.61, 36.04, 39.06, 41.34, 43.15, 44.77, 46.17]),
  series('OLTP', 'lirs', 'LIRS', 'S1', OLTP, [18.27, 26.87, 31.71, 34.82, 37.24, 39.2, 40.79, 42.52]),
  series(
    'OLTP',
    'w-tinylfu',
    'W-TinyLFU (static 1 % window)',
    'S1',
    OLTP,
    [22.76, 29.21, 32.97, 35.3, 37.52, 38.99, 40.37, 41.67],
  ),
  series('OLTP', 'tinylfu', "Caffeine's TinyLFU", 'S1', OLTP, [15.9, 19.51, 21.9, 24.41, 26.18, 28.65, 30.03, 31.11]),
  series(
    'OLTP',
    'w-tinylfu',
    'W-TinyLFU + hill climbing',
    'S2',
    OLTP,
    [24.73, 33.7, 37.11, 39.95, 42.33, 43.71, 45.01, 46.07],
  ),
  series(
    'OLTP',
    'w-tinylfu',
    'W-TinyLFU + hill climbing, 2-pass eviction',
    'S3',
    OLTP,
    [24.88, 33.73, 37.46, 40.01, 42.28, 43.8, 45.06, 46.09],
  ),
  series(
    'OLTP',
    'lru',
    'LRU (BitFaster ClassicLru)',
    'S2',
    OLTP,
    [16.47, 23.45, 28.28, 32.83, 36.21, 38.7, 40.79, 42.47],
  ),
  series('gli', 'opt-bypass', "Caffeine 'Optimal' (bypass)", 'S1', [500, 1000], [34.33, 53.15]),
  series('gli', 'lru', 'LRU', 'S1', [500, 1000], [0.95, 11.21]),
  series('gli', 'arc', 'ARC', 'S1', [500, 1000], [1.38, 21.3]),
  series('gli', 'lirs', 'LIRS', 'S1', [500, 1000], [33.6, 50.56]),
  series('gli', 'w-tinylfu', 'W-TinyLFU (static 1 % window)', 'S1', [500, 1000], [33.08, 50.57]),
  series('loop', 'lru', 'LRU', 'S9', [100, 250, 500, 750, 1000, 1250], [0, 0, 0, 0, 0, 99.8]),
  series(
    'sprite',
    'opt',
    'Belady OPT (demand fill)',
    'S5',
    [100, 200, 400, 600, 800, 1000],
    [50.8, 68.9, 84.6, 89.9, 92.2, 93.2],
  ),
  series(
    'cpp',
    'opt',
    'Belady OPT (demand fill)',
    'S5',
    [20, 35, 50, 80, 100, 300, 500, 700],
    [26.4, 46.5, 62.8, 79.1, 82.5, 86.5, 86.5, 86.5],
  ),
  series('multi2', 'opt', 'Belady OPT (demand fill)', 'S5', [100, 600, 1800], [35.38, 55.5, 73.12]),
];

/** The anchor series for a trace (by short name, case-insensitive). */
export function anchorsFor(trace: string): AnchorSeries[] {
  const name = trace.toLowerCase();
  return ANCHORS.filter((a) => a.trace.toLowerCase() === name);
}
