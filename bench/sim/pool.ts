// Runs the replays on several worker threads (`--jobs N`): every replay is independent and
// seeded, so the results are the same as in one thread, only sooner. Each trace's keys are
// copied once into shared memory that every worker reads; tasks go out largest first, one per
// idle worker, and the results come back in the same order as runJobs() gives them.

import { Worker } from 'node:worker_threads';
import type { Progress } from './progress.js';
import type { SimResult } from './report.js';
import type { SimPolicy } from './replay.js';
import { failureReporter, type Job } from './runner.js';
import type { FromWorker, ToWorker } from './worker.js';

/** A worker running worker.ts through tsx (worker threads do not inherit tsx's loader). */
function startWorker(): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

function shared(keys: Int32Array | Float64Array): Int32Array | Float64Array {
  const copy =
    keys instanceof Int32Array
      ? new Int32Array(new SharedArrayBuffer(keys.byteLength))
      : new Float64Array(new SharedArrayBuffer(keys.byteLength));
  copy.set(keys);
  return copy;
}

interface Task {
  id: number;
  trace: number;
  policy: SimPolicy;
  size: number;
  work: number;
}

/** Like runJobs(), on `threads` worker threads. */
export async function runJobsParallel(
  jobs: readonly Job[],
  policies: readonly SimPolicy[],
  threads: number,
  progress: Progress,
  warn: (line: string) => void,
): Promise<SimResult[]> {
  const tasks: Task[] = [];
  jobs.forEach((job, trace) => {
    for (const policy of policies) {
      for (const size of job.sizes) tasks.push({ id: tasks.length, trace, policy, size, work: job.trace.keys.length });
    }
  });
  const queue = [...tasks].sort((a, b) => b.work - a.work); // stable: ties keep their order
  const results: SimResult[] = new Array(tasks.length);
  const inFlight = new Map<number, number>(); // task id → requests done so far
  let finished = 0;
  const report = failureReporter(progress, warn);
  const keys = jobs.map((job) => shared(job.trace.keys));
  const workers = Array.from({ length: Math.min(threads, tasks.length) }, startWorker);

  const showProgress = (label: string) => {
    let done = finished;
    for (const n of inFlight.values()) done += n;
    progress.set(done, label);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let running = workers.length;
      const next = (worker: Worker) => {
        const task = queue.shift();
        if (task === undefined) {
          if (--running === 0) resolve();
          return;
        }
        inFlight.set(task.id, 0);
        worker.postMessage({
          type: 'task',
          id: task.id,
          trace: task.trace,
          policy: task.policy,
          size: task.size,
        } satisfies ToWorker);
      };
      for (const worker of workers) {
        jobs.forEach((job, index) => {
          worker.postMessage({ type: 'trace', index, name: job.trace.name, keys: keys[index]! } satisfies ToWorker);
        });
        worker.on('error', reject);
        worker.on('message', (message: FromWorker) => {
          if (message.type === 'ready') return next(worker);
          const task = tasks[message.id]!;
          const label = `${jobs[task.trace]!.trace.name} ${task.policy} @ ${task.size}`;
          if (message.type === 'progress') {
            inFlight.set(message.id, message.done);
            return showProgress(label);
          }
          inFlight.delete(message.id);
          finished += task.work;
          results[message.id] = message.result;
          report(message.result);
          showProgress(label);
          next(worker);
        });
      }
    });
  } finally {
    progress.stop();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
