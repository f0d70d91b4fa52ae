// Runs every (trace, policy, size) replay with one progress bar, and turns a policy's failure
// (e.g. a placeholder that throws "not implemented yet") into a failed result plus one warning
// line, so the other policies still run.

import type { Trace } from './trace.js';
import type { Progress } from './progress.js';
import type { SimResult } from './report.js';
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

/**
 * Replays each job at each size with each policy. `warn` gets one line the first time a policy
 * fails (its message); the policy's failed replays are recorded with `error` and hits null.
 */
export function runJobs(
  jobs: readonly Job[],
  policies: readonly SimPolicy[],
  progress: Progress,
  warn: (line: string) => void,
): SimResult[] {
  const results: SimResult[] = [];
  const warned = new Set<string>();
  for (const { trace, sizes } of jobs) {
    const requests = trace.keys.length;
    for (const policy of policies) {
      for (const size of sizes) {
        progress.begin(`${trace.name} ${policy} @ ${size}`);
        try {
          const hits = replay(trace.keys, policy, size, (done) => progress.step(done));
          results.push({ trace: trace.name, policy, size, requests, hits, hitRatio: hits / requests });
        } catch (error) {
          const message = messageOf(error);
          results.push({ trace: trace.name, policy, size, requests, hits: null, hitRatio: null, error: message });
          if (!warned.has(policy)) {
            warned.add(policy);
            progress.interrupt(() => warn(`policy "${policy}" failed (${trace.name} @ ${size}): ${message}`));
          }
        }
        progress.end(requests);
      }
    }
  }
  progress.stop();
  return results;
}
