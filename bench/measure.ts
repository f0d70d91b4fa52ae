// Timing a group of contenders on one (workload, keys, size) with tinybench. Every contender's
// cache is prepared first; then the contenders take turns, round after round, each round a
// short tinybench run of timed calls of BATCH operations, so that load from other processes
// (these machines are shared) falls on all of them alike rather than on whoever ran during it.
//
// ops/s comes from the MEDIAN call time over all rounds: a call that the OS preempted, or
// that a GC paused, is an outlier the median ignores and the mean does not. The ± is the
// 95 % confidence interval of that median (distribution-free, from order statistics),
// relative to it.

import { Bench } from 'tinybench';
import type { Contender } from './contenders.js';
import type { KeyKind } from './data.js';
import { BATCH, type Prepared, type Workload } from './workloads.js';
import type { SpeedResult } from './report.js';

/** A full GC when node runs with --expose-gc (between groups, so one's garbage is not another's pause). */
export function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Median of sorted samples and the half-width of its 95 % CI, relative to it (percent). */
export function medianWithMargin(sorted: readonly number[]): { median: number; rme: number } {
  const n = sorted.length;
  if (n === 0) return { median: NaN, rme: Infinity };
  const mid = (n - 1) / 2;
  const median = (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
  // Ranks n/2 ± 1.96·√n/2 bound the median with 95 % confidence for any distribution.
  const spread = 0.98 * Math.sqrt(n);
  const lo = sorted[Math.max(0, Math.floor(n / 2 - spread))]!;
  const hi = sorted[Math.min(n - 1, Math.ceil(n / 2 + spread))]!;
  return { median, rme: (100 * (hi - lo)) / 2 / median };
}

interface Entry {
  contender: Contender;
  prepared: Prepared;
  samples: number[];
  failed: boolean;
}

/**
 * Times every contender that supports the workload, about `time` ms each in `rounds` turns.
 * A contender whose preparation or run throws is reported through `note` and left out.
 */
export function timeGroup(
  workload: Workload, contenders: readonly Contender[], keys: KeyKind, size: number,
  time: number, rounds: number, note: (line: string) => void,
): SpeedResult[] {
  const entries: Entry[] = [];
  const fail = (contender: Contender, error: unknown) =>
    note(`${workload.name}/${keys}/${size}: ${contender.name} failed: ${(error as Error).message.split('\n')[0]}`);
  for (const contender of contenders) {
    if (!workload.supports(contender)) continue;
    try {
      entries.push({ contender, prepared: workload.prepare(contender, keys, size), samples: [], failed: false });
    } catch (error) {
      fail(contender, error);
    }
  }
  collect();
  for (let round = 0; round < rounds; round++) {
    for (const entry of entries) {
      if (entry.failed) continue;
      const bench = new Bench({
        time: time / rounds,
        iterations: 5,
        warmup: round === 0,
        warmupTime: Math.max(20, time / 4),
        warmupIterations: 5,
        retainSamples: true,
        throws: true,
      });
      bench.add(entry.contender.name, entry.prepared.run);
      try {
        bench.runSync();
      } catch (error) {
        fail(entry.contender, error);
        entry.failed = true;
        continue;
      }
      const result = bench.tasks[0]!.result;
      if ('latency' in result && result.latency.samples !== undefined) entry.samples.push(...result.latency.samples);
    }
  }
  const out: SpeedResult[] = [];
  for (const entry of entries) {
    entry.contender.close?.(entry.prepared.cache);
    if (entry.failed) continue;
    const { median, rme } = medianWithMargin(entry.samples.sort((a, b) => a - b));
    if (!(median > 0)) continue;
    // One sample = one call of BATCH operations, in ms.
    out.push({ workload: workload.name, keys, size, contender: entry.contender.name, opsPerSec: (BATCH * 1000) / median, rme });
  }
  return out;
}
