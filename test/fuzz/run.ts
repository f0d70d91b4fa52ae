// Runs of the fuzz suite: epochs (a fresh, randomly configured cache each), the shrinker (delta
// debugging over an epoch's ops), and the report printed on failure. Shared by
// test/fuzz/fuzz.test.ts and scripts/verify/fuzz.ts.

import { Divergence, Harness } from './model.js';
import {
  PROFILES,
  epochLength,
  epochSeed,
  formatOp,
  genConfig,
  genOps,
  type Config,
  type Features,
  type Op,
  type ProfileName,
} from './ops.js';

export interface EpochFailure {
  index: number;
  kind: string;
  message: string;
}

/** Replays one epoch; returns the first divergence (op index, kind, message) or undefined. */
export function runEpoch(
  config: Config,
  ops: readonly Op[],
  log?: string[],
  onOp?: (index: number) => void,
): EpochFailure | undefined {
  let h: Harness;
  try {
    h = new Harness(config, log);
  } catch (e) {
    if (e instanceof Divergence) return { index: -1, kind: e.kind, message: e.message };
    return { index: -1, kind: 'construct', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  let i = 0;
  try {
    for (; i < ops.length; i++) {
      onOp?.(i);
      log?.push(`#${i} ${formatOp(ops[i]!)}`);
      h.step(ops[i]!);
    }
    h.finish();
  } catch (e) {
    if (e instanceof Divergence) return { index: i, kind: e.kind, message: e.message };
    return { index: i, kind: 'harness-error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  return undefined;
}

/**
 * Delta-debugging over the epoch's ops: drops chunks while the same kind of divergence still
 * happens, within a time budget. Ops keep their own callback seeds, so any sub-sequence replays
 * deterministically.
 */
export function shrink(
  config: Config,
  ops: readonly Op[],
  failure: EpochFailure,
  budgetMs = 10_000,
  onOp?: (index: number) => void,
): { ops: Op[]; failure: EpochFailure } {
  const deadline = performance.now() + budgetMs;
  let best = ops.slice(0, failure.index + 1);
  let bestFailure = failure;
  let chunk = Math.max(1, best.length >> 1);
  while (chunk >= 1 && performance.now() < deadline) {
    let removed = false;
    for (let at = 0; at < best.length && performance.now() < deadline; ) {
      const candidate = best.slice(0, at).concat(best.slice(at + chunk));
      const f = runEpoch(config, candidate, undefined, onOp);
      if (f !== undefined && f.kind === failure.kind && f.index >= 0) {
        best = candidate.slice(0, f.index + 1);
        bestFailure = f;
        removed = true;
      } else {
        at += chunk;
      }
    }
    if (!removed) chunk >>= 1;
    else chunk = Math.min(chunk, Math.max(1, best.length >> 1));
  }
  return { ops: best, failure: bestFailure };
}

export interface FuzzRun {
  policy: string;
  seed: number;
  ops: number;
  profile: ProfileName;
  /** Features switched on or off on top of the profile. */
  features?: Partial<Features>;
  /** Run only this epoch (a reproduction). */
  epoch?: number;
  /** Called after each epoch with the ops done so far. */
  onProgress?: (done: number, epoch: number) => void;
  /** Called before every op (for watchdogs). */
  onOp?: (epoch: number, index: number) => void;
  shrinkMs?: number;
}

export interface FuzzFailure {
  policy: string;
  profile: ProfileName;
  features: Partial<Features>;
  seed: number;
  epoch: number;
  config: Config;
  original: EpochFailure;
  shrunk: { ops: Op[]; failure: EpochFailure };
  trace: string[];
}

/** The config and ops of one epoch of a run. */
export function epochOf(
  policy: string,
  profile: ProfileName,
  seed: number,
  epoch: number,
  features: Partial<Features> = {},
): { config: Config; ops: Op[] } {
  const es = epochSeed(seed, epoch);
  const config = genConfig(policy, es, { ...PROFILES[profile], ...features });
  return { config, ops: genOps(config, es, epochLength(es)) };
}

/** Runs epochs until `ops` ops are done; returns the first failure, shrunk, with a trace. */
export function fuzzPolicy(run: FuzzRun): FuzzFailure | undefined {
  let done = 0;
  for (let epoch = run.epoch ?? 0; done < run.ops; epoch++) {
    const { config, ops } = epochOf(run.policy, run.profile, run.seed, epoch, run.features);
    const onOp = run.onOp ? (i: number) => run.onOp!(epoch, i) : undefined;
    const failure = runEpoch(config, ops, undefined, onOp);
    if (failure !== undefined) {
      const shrunk = failure.index >= 0 ? shrink(config, ops, failure, run.shrinkMs, onOp) : { ops: [], failure };
      const trace: string[] = [];
      runEpoch(config, shrunk.ops, trace);
      return {
        policy: run.policy,
        profile: run.profile,
        features: run.features ?? {},
        seed: run.seed,
        epoch,
        config,
        original: failure,
        shrunk,
        trace,
      };
    }
    done += ops.length;
    run.onProgress?.(done, epoch);
    if (run.epoch !== undefined) break;
  }
  return undefined;
}

/** JSON that keeps NaN, ±Infinity and -0 (for --replay). */
export function encodeScenario(config: Config, ops: readonly Op[]): string {
  return JSON.stringify({ config, ops }, (_k, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      return { $num: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  });
}

export function decodeScenario(text: string): { config: Config; ops: Op[] } {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && '$num' in v) return Number((v as { $num: string }).$num);
    return v;
  }) as { config: Config; ops: Op[] };
}

/** The CLI flags that reproduce a feature override. */
export function featureArgs(features: Partial<Features>): string {
  const on = Object.keys(features).filter((k) => features[k as keyof Features] === true);
  const off = Object.keys(features).filter((k) => features[k as keyof Features] === false);
  return `${on.length ? ` --with ${on.join(',')}` : ''}${off.length ? ` --without ${off.join(',')}` : ''}`;
}

function describeConfig(c: Config): string {
  const parts = [
    `policy ${c.policyOptions ? JSON.stringify({ name: c.policy, ...c.policyOptions }) : c.policy}`,
    `maxCost ${c.maxCost}`,
    `ttl ${c.ttl}`,
    `clock starts at ${c.clockStart}${c.features.realtimeClock ? ' (drifts on reads)' : ''}`,
    `seed ${c.seed}`,
    `${c.keyCount} keys`,
    c.costFn ? 'cost()' : '',
    c.validator ? 'shouldUpdate()' : '',
    c.listeners === 'all' ? 'onEvict+onReject+onExit' : 'onExit only',
    c.metrics ? '' : 'metrics off',
    `bufferItems ${c.bufferItems}`,
    c.numCounters !== undefined ? `numCounters ${c.numCounters}` : '',
  ];
  return parts.filter((p) => p !== '').join(', ');
}

/** The report printed on failure: what diverged, how to rerun it, the shrunk trace. */
export function formatFailure(f: FuzzFailure, maxTraceLines = 120): string {
  const lines = [
    `cortado fuzz: ${f.shrunk.failure.kind} (policy ${f.policy}, profile ${f.profile}, seed ${f.seed}, epoch ${f.epoch}, op ${f.original.index})`,
    `  ${f.original.message.split('\n')[0]}`,
    `  rerun: npm run fuzz -- --policy ${f.policy} --profile ${f.profile} --seed ${f.seed} --epoch ${f.epoch}${featureArgs(f.features)}`,
    `  config: ${describeConfig(f.config)}`,
    `  shrunk from ${f.original.index + 1} to ${f.shrunk.ops.length} ops; trace of the shrunk run (indented lines are calls made by callbacks):`,
  ];
  const trace =
    f.trace.length > maxTraceLines
      ? [
          ...f.trace.slice(0, 20),
          `… ${f.trace.length - maxTraceLines} lines …`,
          ...f.trace.slice(-(maxTraceLines - 20)),
        ]
      : f.trace;
  for (const t of trace) lines.push(`    ${t}`);
  if (f.shrunk.failure.message.includes('\n'))
    lines.push(
      '  error:',
      ...f.shrunk.failure.message
        .split('\n')
        .slice(0, 12)
        .map((l) => `    ${l}`),
    );
  lines.push(`  scenario (npm run fuzz -- --replay FILE): ${encodeScenario(f.config, f.shrunk.ops)}`);
  return lines.join('\n');
}
