// Timing a group of contenders on one (workload, keys, size) with tinybench. Every contender's
// cache is prepared first, and each warms up in an untimed turn; then the contenders take turns,
// round after round (each round starting one contender further along, so nobody is always
// first), each round a short tinybench
// run of timed calls of BATCH operations, so that load from other processes (these machines are
// shared) falls on all of them alike rather than on whoever ran during it.
//
// Where the contenders run:
// - in this process (`isolate: false`): every contender's batch function has its own source
//   text (see workloads.ts), so V8 gives each its own code and feedback;
// - each in a child process of its own (`isolate: true`, what `npm run bench` does), driven
//   round by round over IPC so the turns still interleave. Nothing one library does to the
//   process then reaches another: a WebAssembly `memory.grow` (or any ArrayBuffer detach)
//   invalidates V8's ArrayBufferDetaching protector, after which every typed-array access in
//   the process pays a detach check (lru-cache's and mnemonist's lists are typed arrays; we
//   measured +1-2 ns per get on them); one contender's caches and garbage are not in another's
//   heap and GC; and its library code sees only its own key kind (a HostPool keeps a child for
//   the groups of one key kind and size, which reuse its keys: at 1M entries, building the
//   data again for every group and contender would double the run).
//
// ops/s comes from the MEDIAN call time over all rounds: a call that the OS preempted, or
// that a GC paused, is an outlier the median ignores and the mean does not. The ± is the
// 95 % confidence interval of that median (distribution-free, from order statistics),
// relative to it.

import { fork, type ChildProcess } from 'node:child_process';
import { Bench } from 'tinybench';
import { contenderNamed, type Contender } from './contenders.js';
import type { KeyKind } from './data.js';
import { BATCH, WORKLOADS, releaseSharedData, type Prepared, type Workload } from './workloads.js';
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

/** How long and how: `time` ms per contender in all, split into `rounds` turns. */
export interface TimingOptions {
  time: number;
  rounds: number;
  /** Each contender in a child process of its own (see the top of this file). */
  isolate?: boolean;
  /**
   * With `isolate`, child processes per contender (default 1), each timed for time / processes
   * and their samples pooled: one process is one draw of the JIT and memory-layout lottery, and
   * some libraries land in one of two modes per process (lru-cache's get-hit: ~38 or ~53 ns).
   */
  processes?: number;
  /** How to start a child: the script run with `--child` and node's flags (default: this process's). */
  child?: { script: string; execArgv: string[] };
}

/** The turn before the timed ones: `prepared.run` called for this long (ms), untimed, to warm the JIT. */
export const WARM_UP = -1;

/**
 * One tinybench turn of `prepared.run`: the call times in ms. Turn WARM_UP only runs it
 * (max(20, time / 4) ms) so that the JIT has compiled it, and what it calls, before any timed
 * turn; each timed turn then warms up only a little, to bring the contender's data back into
 * the CPU caches after the others' turns evicted it.
 */
function timeRound(name: string, prepared: Prepared, time: number, rounds: number, round: number): number[] {
  if (round === WARM_UP) {
    const until = performance.now() + Math.max(20, time / 4);
    for (let calls = 0; calls < 5 || performance.now() < until; calls++) prepared.run();
    return [];
  }
  const bench = new Bench({
    time: time / rounds,
    iterations: 5,
    warmup: true,
    warmupTime: Math.max(5, time / rounds / 10),
    warmupIterations: 1,
    retainSamples: true,
    throws: true,
  });
  bench.add(name, prepared.run);
  bench.runSync();
  const result = bench.tasks[0]!.result;
  return 'latency' in result && result.latency.samples !== undefined ? [...result.latency.samples] : [];
}

/** Where one contender runs: this process, or a child process kept for one group. */
export interface Host {
  readonly name: string;
  /** Prepares the contender's cache for a group; resolves to an error message when that failed. */
  prepare(workload: Workload, keys: KeyKind, size: number): Promise<string | undefined>;
  /** One timed turn: the call times in ms. */
  round(index: number): Promise<number[]>;
  /** Ends the group for this contender (closes its cache): what it reports beyond the samples. */
  finish(): Promise<{ hitRatio?: number }>;
  /** Ends the host (a child process exits). */
  dispose(): Promise<void>;
}

/** The hosts of a run, one per contender, created on first use. */
export interface HostPool {
  /** The host of `contender` (its `replica`-th child process, with TimingOptions.processes). */
  host(contender: Contender, replica?: number): Host;
  /** Ends every host. */
  dispose(): Promise<void>;
}

/** A contender timed in this process. */
function localHost(contender: Contender, options: TimingOptions): Host {
  let prepared: Prepared | undefined;
  return {
    name: contender.name,
    prepare: async (workload, keys, size) => {
      try {
        prepared = workload.prepare(contender, keys, size);
        return undefined;
      } catch (e) {
        prepared = undefined;
        return (e as Error).message.split('\n')[0];
      }
    },
    round: async (index) => timeRound(contender.name, prepared!, options.time, options.rounds, index),
    finish: async () => {
      const hitRatio = prepared?.hitRatio?.();
      if (prepared !== undefined) contender.close?.(prepared.cache);
      prepared = undefined;
      return hitRatio === undefined ? {} : { hitRatio };
    },
    dispose: async () => {},
  };
}

type ToChild =
  | { op: 'prepare'; workload: string; contender: string; keys: KeyKind; size: number; time: number; rounds: number }
  | { op: 'round'; round: number }
  | { op: 'finish' };
type FromChild =
  | { op: 'ready'; error?: string }
  | { op: 'samples'; samples: number[]; error?: string }
  | { op: 'done'; hitRatio?: number };

/** A contender timed in a child process of its own, which serves group after group until disposed. */
function childHost(contender: Contender, options: TimingOptions): Host {
  const script = options.child?.script ?? process.argv[1]!;
  // CORTADO_BENCH_CHILD_FLAGS adds node flags to the children only, e.g. "--cpu-prof
  // --cpu-prof-dir=/tmp/prof" to profile the contenders where they are timed.
  const extra = (process.env['CORTADO_BENCH_CHILD_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const execArgv = [...(options.child?.execArgv ?? process.execArgv), ...extra];
  const child: ChildProcess = fork(script, ['--child'], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: ((m: FromChild) => void)[] = [];
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('message', (m: FromChild) => waiting.shift()?.(m));
  child.on('exit', (code, signal) => {
    exited = `child process exited (${signal ?? code})`;
    for (const w of waiting.splice(0)) w({ op: 'samples', samples: [], error: exited });
  });
  const ask = (m: ToChild) =>
    new Promise<FromChild>((resolve) => {
      if (exited !== undefined) return resolve({ op: 'samples', samples: [], error: exited });
      waiting.push(resolve);
      child.send(m);
    });
  return {
    name: contender.name,
    prepare: async (workload, keys, size) => {
      const time = options.time / Math.max(1, Math.round(options.processes ?? 1));
      const m = await ask({
        op: 'prepare',
        workload: workload.name,
        contender: contender.name,
        keys,
        size,
        time,
        rounds: options.rounds,
      });
      return m.op === 'samples' ? m.error : m.op === 'ready' ? m.error : 'unexpected reply';
    },
    round: async (index) => {
      const m = await ask({ op: 'round', round: index });
      if (m.op !== 'samples' || m.error !== undefined)
        throw new Error(m.op === 'samples' ? m.error : 'unexpected reply');
      return m.samples;
    },
    finish: async () => {
      const m = await ask({ op: 'finish' });
      return m.op === 'done' && m.hitRatio !== undefined ? { hitRatio: m.hitRatio } : {};
    },
    dispose: async () => {
      if (exited === undefined) child.disconnect();
      await gone;
    },
  };
}

/** Hosts for the contenders of a run: children of their own when `options.isolate`. */
export function hostPool(options: TimingOptions): HostPool {
  const hosts = new Map<string, Host>();
  return {
    host(contender, replica = 0) {
      const id = `${contender.name}\u0000${replica}`;
      let host = hosts.get(id);
      if (host === undefined) {
        host = options.isolate === true ? childHost(contender, options) : localHost(contender, options);
        hosts.set(id, host);
      }
      return host;
    },
    async dispose() {
      await Promise.all([...hosts.values()].map((h) => h.dispose()));
      hosts.clear();
    },
  };
}

/**
 * The child's side: prepares its contender for a group, times the turns it is asked for,
 * reports and closes the cache, then waits for the next group; exits when the parent
 * disconnects. Keys stay for the next groups of the same key kind; other data goes.
 */
/** Set for the children of a --subclassed-string run. */
export const SUBCLASSED_STRING_ENV = 'CORTADO_BENCH_SUBCLASSED_STRING';

/**
 * Declares a subclass of String and keeps it reachable, as a library would (node-redis's
 * VerbatimString). From then on V8 no longer inlines string methods looked up on
 * String.prototype (such as `s.charCodeAt(i)`) anywhere in the process.
 */
export function declareStringSubclass(): void {
  (globalThis as { benchStringSubclass?: unknown }).benchStringSubclass = class BenchString extends String {};
}

export function serveChild(): void {
  if (process.env[SUBCLASSED_STRING_ENV] === '1') declareStringSubclass();
  let contender: Contender | undefined;
  let prepared: Prepared | undefined;
  let spec: Extract<ToChild, { op: 'prepare' }> | undefined;
  const reply = (m: FromChild) => process.send!(m);
  process.on('message', (m: ToChild) => {
    try {
      if (m.op === 'prepare') {
        spec = m;
        if (contender?.name !== m.contender) contender = contenderNamed(m.contender);
        const workload = WORKLOADS.find((w) => w.name === m.workload);
        if (workload === undefined) throw new RangeError(`unknown workload ${m.workload}`);
        prepared = workload.prepare(contender, m.keys, m.size);
        releaseSharedData(true);
        collect();
        reply({ op: 'ready' });
      } else if (m.op === 'round') {
        reply({ op: 'samples', samples: timeRound(contender!.name, prepared!, spec!.time, spec!.rounds, m.round) });
      } else {
        const hitRatio = prepared?.hitRatio?.();
        if (prepared !== undefined) contender?.close?.(prepared.cache);
        prepared = undefined;
        collect();
        reply(hitRatio === undefined ? { op: 'done' } : { op: 'done', hitRatio });
      }
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      prepared = m.op === 'prepare' ? undefined : prepared;
      reply(m.op === 'prepare' ? { op: 'ready', error: message } : { op: 'samples', samples: [], error: message });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/**
 * Times every contender that supports the workload, about `time` ms each in `rounds` turns.
 * A contender whose preparation or run throws is reported through `note` and left out.
 * `pool` keeps the contenders' hosts (child processes) for further groups; without it, hosts
 * are made for this group and ended with it.
 */
export async function timeGroup(
  workload: Workload,
  contenders: readonly Contender[],
  keys: KeyKind,
  size: number,
  options: TimingOptions,
  note: (line: string) => void,
  pool?: HostPool,
): Promise<SpeedResult[]> {
  const hosts = pool ?? hostPool(options);
  try {
    const fail = (name: string, error: unknown) =>
      note(
        `${workload.name}/${keys}/${size}: ${name} failed: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`,
      );
    const replicas = options.isolate === true ? Math.max(1, Math.round(options.processes ?? 1)) : 1;
    const chosen = contenders
      .filter((c) => workload.supports(c))
      .flatMap((c) => Array.from({ length: replicas }, (_, r) => hosts.host(c, r)));
    // Children prepare side by side; this process, one after the other.
    const errors = await Promise.all(chosen.map((h) => h.prepare(workload, keys, size)));
    const runners: Host[] = [];
    for (const [i, host] of chosen.entries()) {
      if (errors[i] === undefined) runners.push(host);
      else {
        fail(host.name, errors[i]);
        await host.finish();
      }
    }
    if (options.isolate !== true) releaseSharedData();
    collect();
    // Children that were just preparing may still be compiling or sweeping on background threads:
    // let that finish before the first turn, rather than have it fall on whoever goes first.
    if (options.isolate === true && runners.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const samples = new Map<Host, number[]>(runners.map((r) => [r, []]));
    const failed = new Set<Host>();
    for (let round = WARM_UP; round < options.rounds; round++) {
      for (let i = 0; i < runners.length; i++) {
        const runner = runners[(i + Math.max(0, round)) % runners.length]!;
        if (failed.has(runner)) continue;
        try {
          samples.get(runner)!.push(...(await runner.round(round)));
        } catch (error) {
          fail(runner.name, error);
          failed.add(runner);
        }
      }
    }
    const out: SpeedResult[] = [];
    const names = [...new Set(runners.map((r) => r.name))];
    const hits = new Map<Host, number | undefined>();
    for (const runner of runners) hits.set(runner, (await runner.finish()).hitRatio);
    for (const name of names) {
      const mine = runners.filter((r) => r.name === name);
      if (mine.some((r) => failed.has(r))) continue;
      const { median, rme } = medianWithMargin(mine.flatMap((r) => samples.get(r)!).sort((a, b) => a - b));
      if (!(median > 0)) continue;
      const ratios = mine.map((r) => hits.get(r)).filter((h): h is number => h !== undefined);
      const hitRatio = ratios.length === 0 ? undefined : ratios.reduce((a, b) => a + b, 0) / ratios.length;
      // One sample = one call of BATCH operations, in ms.
      out.push({
        workload: workload.name,
        keys,
        size,
        contender: name,
        opsPerSec: (BATCH * 1000) / median,
        rme,
        ...(hitRatio !== undefined ? { hitRatio } : {}),
        ...(mine.length > 1
          ? {
              processNs: mine.map(
                (r) => (1e6 * medianWithMargin(samples.get(r)!.sort((a, b) => a - b)).median) / BATCH,
              ),
            }
          : {}),
      });
    }
    return out;
  } finally {
    if (pool === undefined) await hosts.dispose();
  }
}
