// Long fuzz runs of the Cache against the reference model in test/fuzz/model.ts (the same model,
// generator and checks as test/fuzz/fuzz.test.ts, for as many operations as you like).
//
//   npm run fuzz -- --ops 1e7                      every policy, 10 million ops each, random seed
//   npm run fuzz -- --ops 1e7 --policy lru --seed 42
//   npm run fuzz -- --policy arc --seed 42 --epoch 17          rerun one epoch (a failure's repro)
//   npm run fuzz -- --replay failure.json          replay a saved (shrunk) scenario with a trace
//
// Options: --ops N (per policy and profile; default 1e6), --policy a,b (default: all),
// --seed N (default: random, printed), --profile core|hostile|both (default hostile),
// --with / --without feature,... (switch model features; see Features in test/fuzz/ops.ts),
// --jobs N (worker threads; default: the cores), --hang-ms N (a call that makes no progress
// for that long is reported as a hang; default 60000), --shrink-ms N (default 20000).
//
// Work runs in worker threads, one (policy, profile, seed) task at a time, each a sequence of
// epochs (a fresh, randomly configured cache per epoch). Progress prints every few seconds. On a
// divergence the run prints the shrunk trace and the command that reproduces it, writes the
// scenario JSON to the temp directory, and exits with code 1; so does a hang, which a watchdog
// detects from a heartbeat the worker writes before every op (a call that loops forever never
// returns, so only another thread can notice it).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICIES } from '../../src/index.js';
import { PROFILES, formatOp, type Features, type ProfileName } from '../../test/fuzz/ops.js';
import {
  decodeScenario,
  encodeScenario,
  epochOf,
  featureArgs,
  formatFailure,
  fuzzPolicy,
  runEpoch,
} from '../../test/fuzz/run.js';

interface Task {
  id: number;
  policy: string;
  profile: ProfileName;
  seed: number;
  ops: number;
  epoch?: number;
  features: Partial<Features>;
  shrinkMs: number;
}

type FromWorker =
  | { type: 'progress'; task: number; done: number }
  | { type: 'done'; task: number; done: number }
  | { type: 'failure'; task: number; report: string; scenario: string; kind: string };

// ─── worker ─────────────────────────────────────────────────────────────────────────────

if (!isMainThread) {
  const { heartbeat } = workerData as { heartbeat: SharedArrayBuffer };
  const beat = new Int32Array(heartbeat);
  parentPort!.on('message', (task: Task) => {
    Atomics.store(beat, 0, task.id);
    let last = 0;
    const failure = fuzzPolicy({
      policy: task.policy,
      profile: task.profile,
      seed: task.seed,
      ops: task.ops,
      features: task.features,
      shrinkMs: task.shrinkMs,
      ...(task.epoch !== undefined ? { epoch: task.epoch } : {}),
      onOp: (epoch, index) => {
        beat[1] = epoch;
        beat[2] = index;
        Atomics.add(beat, 3, 1);
      },
      onProgress: (done) => {
        if (done - last >= 20_000) {
          last = done;
          parentPort!.postMessage({ type: 'progress', task: task.id, done } satisfies FromWorker);
        }
      },
    });
    // Shrinking replays without onOp: keep the watchdog fed while the report is built.
    Atomics.add(beat, 3, 1);
    if (failure !== undefined) {
      parentPort!.postMessage({
        type: 'failure',
        task: task.id,
        report: formatFailure(failure),
        scenario: encodeScenario(failure.config, failure.shrunk.ops),
        kind: failure.shrunk.failure.kind,
      } satisfies FromWorker);
    } else {
      parentPort!.postMessage({ type: 'done', task: task.id, done: task.ops } satisfies FromWorker);
    }
  });
}

// ─── main ───────────────────────────────────────────────────────────────────────────────

function featureList(text: string | undefined, value: boolean): Partial<Features> {
  const out: Partial<Features> = {};
  for (const name of (text ?? '').split(',').filter(Boolean)) {
    if (!(name in PROFILES.hostile)) {
      throw new Error(`unknown feature ${JSON.stringify(name)}; features: ${Object.keys(PROFILES.hostile).join(', ')}`);
    }
    out[name as keyof Features] = value;
  }
  return out;
}

function replay(file: string): number {
  const { config, ops } = decodeScenario(readFileSync(file, 'utf8'));
  const trace: string[] = [];
  const failure = runEpoch(config, ops, trace);
  console.log(trace.join('\n'));
  if (failure === undefined) {
    console.log(`\nno divergence in ${ops.length} ops`);
    return 0;
  }
  console.log(`\ndivergence at op ${failure.index}: ${failure.message}`);
  return 1;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ops: { type: 'string', default: '1e6' },
      policy: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string', default: 'hostile' },
      epoch: { type: 'string' },
      with: { type: 'string' },
      without: { type: 'string' },
      jobs: { type: 'string' },
      'hang-ms': { type: 'string', default: '60000' },
      'shrink-ms': { type: 'string', default: '20000' },
      replay: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      readFileSync(new URL(import.meta.url), 'utf8')
        .split('\nimport ')[0]!
        .replace(/^\/\/ ?/gm, ''),
    );
    return 0;
  }
  if (values.replay !== undefined) return replay(values.replay);

  const ops = Number(values.ops);
  if (!(ops > 0)) throw new Error(`--ops must be a positive number, got ${values.ops}`);
  const policies = values.policy ? values.policy.split(',') : [...POLICIES];
  for (const p of policies)
    if (!(POLICIES as readonly string[]).includes(p))
      throw new Error(`unknown policy ${p}; policies: ${POLICIES.join(', ')}`);
  const profiles: ProfileName[] = values.profile === 'both' ? ['core', 'hostile'] : [values.profile as ProfileName];
  for (const p of profiles) if (!(p in PROFILES)) throw new Error(`--profile must be core, hostile or both, got ${p}`);
  const seed = values.seed !== undefined ? Number(values.seed) : (Math.random() * 2 ** 31) >>> 0;
  const features = { ...featureList(values.with, true), ...featureList(values.without, false) };
  const epoch = values.epoch !== undefined ? Number(values.epoch) : undefined;
  const jobs = Math.max(1, Number(values.jobs ?? availableParallelism()));
  const hangMs = Number(values['hang-ms']);
  const shrinkMs = Number(values['shrink-ms']);

  // Split each (policy, profile) into seeds seed, seed+1, … so that every worker has work.
  const pairs = policies.length * profiles.length;
  const splits = epoch !== undefined ? 1 : Math.max(1, Math.ceil(jobs / pairs));
  const tasks: Task[] = [];
  for (const policy of policies) {
    for (const profile of profiles) {
      for (let s = 0; s < splits; s++) {
        const task: Task = {
          id: tasks.length,
          policy,
          profile,
          seed: seed + s,
          ops: Math.ceil(ops / splits),
          features,
          shrinkMs,
        };
        if (epoch !== undefined) {
          task.epoch = epoch;
          task.ops = epochOf(policy, profile, seed, epoch, features).ops.length;
        }
        tasks.push(task);
      }
    }
  }
  const total = tasks.reduce((n, t) => n + t.ops, 0);
  console.log(
    `cortado fuzz: ${policies.length} policies x ${profiles.join('+')} x ${ops.toExponential(2)} ops, seed ${seed}${featureArgs(features)}, ${Math.min(jobs, tasks.length)} workers`,
  );

  const started = performance.now();
  const done = new Map<number, number>();
  const queue = [...tasks];
  let failures = 0;
  let running = 0;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(import.meta.url)});`;

  const progress = setInterval(() => {
    const ran = [...done.values()].reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[${seconds.toFixed(0)} s] ${ran.toLocaleString('en')} / ${total.toLocaleString('en')} ops (${((100 * ran) / total).toFixed(1)} %, ${Math.round(ran / seconds).toLocaleString('en')} ops/s), ${failures} failure(s)`,
    );
  }, 10_000);

  await new Promise<void>((resolve) => {
    const startWorker = (): void => {
      const task = queue.shift();
      if (task === undefined) {
        if (running === 0) resolve();
        return;
      }
      running++;
      const heartbeat = new SharedArrayBuffer(16);
      const beat = new Int32Array(heartbeat);
      const worker = new Worker(bootstrap, { eval: true, workerData: { heartbeat } });
      let current = task;
      let seen = -1;
      let still = performance.now();
      const finish = (next: boolean): void => {
        clearInterval(watchdog);
        void worker.terminate();
        running--;
        if (next) startWorker();
        else if (running === 0 && queue.length === 0) resolve();
      };
      const watchdog = setInterval(() => {
        const n = Atomics.load(beat, 3);
        if (n !== seen) {
          seen = n;
          still = performance.now();
          return;
        }
        if (performance.now() - still < hangMs) return;
        failures++;
        const ep = beat[1]!;
        const index = beat[2]!;
        const { ops: epochOps } = epochOf(current.policy, current.profile, current.seed, ep, current.features);
        console.log(
          `\nHANG: policy ${current.policy}, profile ${current.profile}, seed ${current.seed}, epoch ${ep}: op ${index} made no progress for ${hangMs} ms`,
        );
        console.log(
          `  rerun: npm run fuzz -- --policy ${current.policy} --profile ${current.profile} --seed ${current.seed} --epoch ${ep}${featureArgs(current.features)}`,
        );
        console.log("  the ops before it (callbacks are scripted by each op's seed):");
        for (let i = Math.max(0, index - 30); i <= index && i < epochOps.length; i++)
          console.log(`    #${i} ${formatOp(epochOps[i]!)}`);
        finish(true);
      }, 1000);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'progress') {
          done.set(m.task, m.done);
          return;
        }
        if (m.type === 'failure') {
          failures++;
          const file = join(tmpdir(), `cortado-fuzz-${current.policy}-${current.seed}-${Date.now()}.json`);
          writeFileSync(file, m.scenario);
          console.log(`\n${m.report}\n  scenario written to ${file} (npm run fuzz -- --replay ${file})`);
        } else {
          done.set(m.task, current.ops);
          console.log(
            `  ok: ${current.policy} (${current.profile}, seed ${current.seed}): ${current.ops.toLocaleString('en')} ops`,
          );
        }
        const next = queue.shift();
        if (next === undefined) {
          finish(false);
          return;
        }
        current = next;
        worker.postMessage(next);
      });
      worker.on('error', (error) => {
        failures++;
        console.log(
          `\nworker error in ${current.policy} (${current.profile}, seed ${current.seed}): ${error.stack ?? error.message}`,
        );
        finish(true);
      });
      worker.postMessage(task);
    };
    for (let i = 0; i < Math.min(jobs, tasks.length); i++) startWorker();
  });

  clearInterval(progress);
  const seconds = (performance.now() - started) / 1000;
  const ran = [...done.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\n${ran.toLocaleString('en')} of ${total.toLocaleString('en')} ops in ${seconds.toFixed(1)} s (${Math.round(ran / seconds).toLocaleString('en')} ops/s); ${failures} failure(s)`,
  );
  return failures === 0 ? 0 : 1;
}

if (isMainThread) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
