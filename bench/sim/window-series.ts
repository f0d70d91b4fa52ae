// W-TinyLFU's window share over a trace: replays the keys through w-tinylfu and lru side by side
// (demand fill, as replay.ts does) and, every `every` requests, records the window's share of the
// budget and each policy's hit ratio over those requests, so a chart can show the window adapting
// and what it buys against lru at the same moment.

import { Cache } from '../../src/index.js';
import { SEED } from './replay.js';
import type { Keys } from './formats.js';

/** One sample: the state after `requests` requests, and the hit ratios over the last interval. */
export interface WindowPoint {
  size: number;
  requests: number;
  /** The window's share of the budget (0..1) at the end of the interval. */
  share: number;
  /** Hit ratios (0..1) over the interval's requests only, not since the start. */
  wTinyLfu: number;
  lru: number;
}

/** Points per line by default: enough for a smooth line, few enough for a small SVG. */
export const DEFAULT_POINTS = 300;

/** The interval that gives about `points` samples over `requests` requests (at least 1). */
export function intervalFor(requests: number, points = DEFAULT_POINTS): number {
  return Math.max(1, Math.ceil(requests / points));
}

/**
 * The window share of a w-tinylfu Cache. The policy object is the Cache's private `policy` field
 * and `windowShare` a getter of WTinyLfuPolicy that the public API does not expose (it is an
 * internal of the policy), so the simulator reaches in here, in one place, and checks what it got.
 */
function windowShareOf(cache: Cache<number, number>): number {
  const policy = (cache as unknown as { policy: { windowShare?: unknown } }).policy;
  const share = policy.windowShare;
  if (typeof share !== 'number') throw new Error("the cache's policy has no windowShare: is it w-tinylfu?");
  return share;
}

/** Replays `keys` at cache size `size`, sampling every `every` requests (the last interval may be shorter). */
export function windowSeries(keys: Keys, size: number, every = intervalFor(keys.length)): WindowPoint[] {
  const tiny = new Cache<number, number>({ maxCost: size, policy: 'w-tinylfu', seed: SEED });
  const lru = new Cache<number, number>({ maxCost: size, policy: 'lru', seed: SEED });
  const points: WindowPoint[] = [];
  const n = keys.length;
  try {
    for (let start = 0; start < n; start += every) {
      const end = Math.min(n, start + every);
      let tinyHits = 0;
      let lruHits = 0;
      for (let i = start; i < end; i++) {
        const key = keys[i]!;
        if (tiny.get(key) === undefined) tiny.set(key, 1);
        else tinyHits++;
        if (lru.get(key) === undefined) lru.set(key, 1);
        else lruHits++;
      }
      const count = end - start;
      points.push({
        size,
        requests: end,
        share: windowShareOf(tiny),
        wTinyLfu: tinyHits / count,
        lru: lruHits / count,
      });
    }
  } finally {
    tiny.close();
    lru.close();
  }
  return points;
}

/**
 * A markdown table, a row per size: the window share's range, mean and last value, and each
 * policy's hit ratio over the whole trace, so a run says what its chart shows without opening it.
 */
export function windowTable(points: readonly WindowPoint[]): string {
  const percent = (x: number) => (x * 100).toFixed(1);
  const rows = [
    '| size | window min % | mean % | max % | last % | w-tinylfu hit % | lru hit % |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const size of new Set(points.map((p) => p.size))) {
    const line = points.filter((p) => p.size === size);
    const shares = line.map((p) => p.share);
    // Each interval's hit ratio weighted by its length (the last may be shorter).
    const total = line.at(-1)!.requests;
    const hitRatio = (pick: (p: WindowPoint) => number) =>
      line.reduce((sum, p, i) => sum + pick(p) * (p.requests - (i === 0 ? 0 : line[i - 1]!.requests)), 0) / total;
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    rows.push(
      `| ${size} | ${percent(Math.min(...shares))} | ${percent(mean)} | ${percent(Math.max(...shares))} | ${percent(shares.at(-1)!)} | ${percent(hitRatio((p) => p.wTinyLfu))} | ${percent(hitRatio((p) => p.lru))} |`,
    );
  }
  return rows.join('\n');
}
