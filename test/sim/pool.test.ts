// The worker-thread pool gives the same results, in the same order, as the in-process runner.

import { describe, it, expect } from 'vitest';
import { runJobs, type Job } from '../../bench/sim/runner.js';
import { runJobsParallel } from '../../bench/sim/pool.js';
import { Progress } from '../../bench/sim/progress.js';
import { builtInWorkloads } from '../../bench/sim/workloads.js';
import type { SimPolicy } from '../../bench/sim/replay.js';

describe('worker pool', () => {
  it('matches runJobs result for result, failures included', async () => {
    const [zipf, , scan] = builtInWorkloads();
    const jobs: Job[] = [
      { trace: zipf!, sizes: [100, 1000] },
      { trace: { name: 'short', keys: Float64Array.from([1.5, 2, 1.5, 2, 3, 1.5]) }, sizes: [1, 2] },
      { trace: scan!, sizes: [500] },
    ];
    // "nope" is not a policy: both runners must record the same failure and go on.
    const policies = ['lru', 'tinylfu', 'opt', 'nope'] as unknown as SimPolicy[];
    const warnings: string[][] = [[], []];
    const sequential = runJobs(jobs, policies, new Progress(1, false), (l) => warnings[0]!.push(l));
    const parallel = await runJobsParallel(jobs, policies, 2, new Progress(1, false), (l) => warnings[1]!.push(l));
    const strip = ({ seconds: _, ...rest }: { seconds?: number }) => rest;
    expect(parallel.map(strip)).toEqual(sequential.map(strip));
    expect(sequential.filter((r) => r.error !== undefined)).toHaveLength(5);
    // One warning per failing policy (which size fails first depends on thread timing).
    for (const w of warnings) {
      expect(w).toHaveLength(1);
      expect(w[0]).toMatch(/^policy "nope" failed \(.+\): cortado: unknown policy "nope"/);
    }
  });
});
