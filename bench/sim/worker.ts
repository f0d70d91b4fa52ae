// A replay worker thread (see pool.ts): receives traces as shared memory once, then replays the
// (trace, policy, size) tasks it is sent, one at a time, reporting progress and each result.

import { parentPort } from 'node:worker_threads';
import type { Trace } from './trace.js';
import type { SimPolicy } from './replay.js';
import { runTask } from './runner.js';

/** Messages from the pool. */
export type ToWorker =
  | { type: 'trace'; index: number; name: string; keys: Int32Array | Float64Array }
  | { type: 'task'; id: number; trace: number; policy: SimPolicy; size: number };

/** Messages to the pool. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number }
  | { type: 'result'; id: number; result: import('./report.js').SimResult };

const port = parentPort!;
const traces: Trace[] = [];

port.on('message', (message: ToWorker) => {
  if (message.type === 'trace') {
    traces[message.index] = { name: message.name, keys: message.keys };
    return;
  }
  const { id, trace, policy, size } = message;
  const post = (m: FromWorker) => port.postMessage(m);
  const result = runTask(traces[trace]!, policy, size, (done) => post({ type: 'progress', id, done }));
  post({ type: 'result', id, result });
});

port.postMessage({ type: 'ready' } satisfies FromWorker);
