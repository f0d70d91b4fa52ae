// Runs every (trace, policy, size) replay with one progress bar, and turns a policy's failure
// (e.g. a placeholder that throws "not implemented yet") into a failed result plus one warning
// line, so the other policies still run. In-process here; pool.ts spreads the same tasks over
// worker threads.

import type { Trace } from './trace.js';
import type { Progress } from './progress.js';
import type { SimResult } from './report.js';
import { availableParallelism } from 'node:os';
import { replay, type SimPolicy } from './replay.js';

export interface Job {
  trace: Trace;
  sizes: readonly number[];
}

/** Total requests the jobs replay (the progress bar's 100 %). */
export function totalWork(jobs: readonly Job[], policies: readonly SimPolicy[]): number {
  return jobs.reduce((sum, job) => sum + job.trace.keys.length * job.sizes.length * policies.length, 0);
}

/** One line from anything thrown. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!;
}

/** One replay as a result; a throw becomes a failed result carrying the message. */
export function runTask(trace: Trace, policy: SimPolicy, size: number, onProgress?: (done: number) => void): SimResult {
  const requests = trace.keys.length;
  const started = performance.now();
  try {
    const hits = replay(trace.keys, policy, size, onProgress);
    const seconds = (performance.now() - started) / 1000;
    return { trace: trace.name, policy, size, requests, hits, hitRatio: hits / requests, seconds };
  } catch (error) {
    return { trace: trace.name, policy, size, requests, hits: null, hitRatio: null, error: messageOf(error) };
  }
}

/** Warns once per policy, on its first failed result. */
export function failureReporter(progress: Progress, warn: (line: string) => void): (result: SimResult) => void {
  const warned = new Set<string>();
  return (result) => {
    if (result.error === undefined || warned.has(result.policy)) return;
    warned.add(result.policy);
    progress.interrupt(() =>
      warn(`policy "${result.policy}" failed (${result.trace} @ ${result.size}): ${result.error}`),
    );
  };
}

/** Runs under this many requests stay in one thread (starting a worker costs about a second). */
const PARALLEL_FROM = 20_000_000;

/** Threads for a run: `requested`, or else the CPU count (at most 4) for large runs and 1 for small. */
export function threadsFor(work: number, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  return work < PARALLEL_FROM ? 1 : Math.max(1, Math.min(4, availableParallelism()));
}

/** Replays each job at each size with each policy, in this process, in order. */
export function runJobs(
  jobs: readonly Job[],
  policies: readonly SimPolicy[],
  progress: Progress,
  warn: (line: string) => void,
): SimResult[] {
  const results: SimResult[] = [];
  const report = failureReporter(progress, warn);
  for (const { trace, sizes } of jobs) {
    for (const policy of policies) {
      for (const size of sizes) {
        progress.begin(`${trace.name} ${policy} @ ${size}`);
        const result = runTask(trace, policy, size, (done) => progress.step(done));
        results.push(result);
        report(result);
        progress.end(trace.keys.length);
      }
    }
  }
  progress.stop();
  return results;
}
