// The simulator's command line: parsing and checking every argument up front, so a mistake is a
// one-line message (a UsageError) before any work starts.

import { parseArgs } from 'node:util';
import { FORMAT_INFO, FORMATS, parseFormat, TraceError, type Format } from './formats.js';
import { allPolicies, knownPolicies, type SimPolicy } from './replay.js';
import { DEFAULT_POINTS } from './window-series.js';
import { ALL_POLICIES } from '../../src/policies/machinery/all.js';

/** The window chart's sizes get a colour each from chart.ts's ten. */
export const MAX_WINDOW_SIZES = 10;

const formatLines = FORMATS.map(
  (f) => `  ${f.padEnd(5)} ${FORMAT_INFO[f].description.padEnd(86)} ${FORMAT_INFO[f].names.join(', ')}`,
);

export const USAGE = `usage: npm run sim -- [options]

  (no options)          the built-in workloads: seeded synthetic stress cases (skew, a scan, a
                        loop just over the cache, a moving hot spot), every policy and opt
  --trace FILE          replay a trace file (formats below; .gz, .zst or .xz is decompressed);
                        repeatable
  --format F            the trace's format: ${FORMATS.join(' | ')} (default: from the file name)
  --policies LIST       comma-separated policy names, or "all" (default: all = every policy + opt;
                        "opt-bypass" is Belady allowed to decline admission); "NAME:VARIANT"
                        runs a policy's variant, e.g. 2q:cachekit
  --sizes LIST          comma-separated cache sizes in entries (default: per trace)
  --json FILE           also write the results as JSON
  --chart FILE          where to write the chart, a line per policy and a panel per trace: an SVG
                        and a PNG beside it (default: sim-out/<run>.svg and sim-out/<run>.png)
  --window-chart FILE   instead of the table: chart W-TinyLFU's window share over one --trace
                        (top) above the hit ratio of w-tinylfu and lru per interval (bottom),
                        x = requests, a line per --sizes size (at most ${MAX_WINDOW_SIZES}; default: per trace),
                        about ${DEFAULT_POINTS} points each; an SVG and a PNG beside it
  --all-traces [DIR]    every trace file in DIR (default: ../shared/traces) at the cache sizes the
                        literature uses, every policy and opt; rewrites the "Hit ratio" section of
                        BENCHMARKS.md. The traces are public: README.md, "Traces", says where to
                        download each one (the figures in README come from this run)
  --traces DIR          the same as --all-traces DIR
  --jobs N              worker threads for the replays (default: the CPU count, at most 4;
                        runs under 20 M requests stay in one thread)
  --no-progress         no progress bar (it is shown on a terminal for runs over a second)
  --help                this text

${'Trace formats (keys are integers; a file may end in .gz, .zst or .xz)'.padEnd(95)}file names
${formatLines.join('\n')}`;

/** A mistake on the command line; the CLI prints its message alone and exits with status 2. */
export class UsageError extends TraceError {}

export interface SimArgs {
  traces: string[];
  format: Format | undefined;
  policies: SimPolicy[];
  sizes: number[] | undefined;
  json: string | undefined;
  chart: string | undefined;
  /** `--window-chart`: where to write the window chart (the run then does only that). */
  windowChart: string | undefined;
  allTraces: boolean;
  tracesDir: string | undefined;
  /** Worker threads; undefined = choose by the run's size (see defaultThreads in cli.ts). */
  jobs: number | undefined;
  progress: boolean;
  help: boolean;
}

/** Parses `--policies`: names from `knownPolicies()` (a policy's may end in `:variant`), or `all`. */
export function parsePolicies(list: string): SimPolicy[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--policies needs at least one policy name');
  if (names.length === 1 && names[0] === 'all') return allPolicies();
  const known = knownPolicies();
  for (const name of names) {
    const [policy, variant] = name.split(':') as [string, string | undefined];
    if (!(known as string[]).includes(policy)) {
      throw new UsageError(`unknown policy "${name}"; allowed: all, ${known.join(', ')}`);
    }
    const variants = ALL_POLICIES.find((d) => d.name === policy)?.variants ?? [];
    if (variant !== undefined && !variants.includes(variant)) {
      throw new UsageError(
        `unknown variant "${name}"; ${policy} has ${variants.length === 0 ? 'none' : variants.map((v) => `${policy}:${v}`).join(', ')}`,
      );
    }
  }
  return [...new Set(names)] as SimPolicy[];
}

/** Parses `--sizes`: positive integers (`1000`, `1_000` and `1e3` all mean a thousand). */
export function parseSizes(list: string): number[] {
  const parts = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) throw new UsageError('--sizes needs at least one cache size');
  const sizes = parts.map((part) => {
    const size = Number(part.replaceAll('_', ''));
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new UsageError(`bad cache size "${part}" in --sizes: sizes are positive integers (entries)`);
    }
    return size;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export function parseSimArgs(argv: string[]): SimArgs {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by its one assignment below (parseArgs with this config)
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        trace: { type: 'string', multiple: true },
        format: { type: 'string' },
        policies: { type: 'string' },
        sizes: { type: 'string' },
        json: { type: 'string' },
        chart: { type: 'string' },
        'window-chart': { type: 'string' },
        'all-traces': { type: 'boolean' },
        traces: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // node's messages run on with advice about '--'; the first sentence is the useful part.
    const message = (error as Error).message.split('. ')[0]!;
    throw new UsageError(`${message} (see --help)`);
  }
  const { values, positionals } = parsed;
  // `--all-traces DIR` (the one positional accepted) or `--traces DIR`, not both.
  const allTraces = values['all-traces'] === true || values.traces !== undefined;
  const folderArgs = allTraces && values.traces === undefined ? 1 : 0;
  if (positionals.length > folderArgs) {
    throw new UsageError(`unexpected argument "${positionals[folderArgs]}" (see --help)`);
  }
  const traces = values.trace ?? [];
  if (allTraces && traces.length > 0)
    throw new UsageError(`${values.traces === undefined ? '--all-traces' : '--traces'} and --trace cannot be combined`);
  if (values.format !== undefined && traces.length === 0)
    throw new UsageError('--format applies to --trace files only');
  let format: Format | undefined;
  if (values.format !== undefined) {
    try {
      format = parseFormat(values.format);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const windowChart = values['window-chart'];
  if (windowChart !== undefined) {
    // The window chart is its own run: one trace, w-tinylfu and lru at fixed sizes, no table.
    if (traces.length !== 1)
      throw new UsageError(`--window-chart needs exactly one --trace FILE (got ${traces.length})`);
    for (const other of ['policies', 'chart', 'json'] as const) {
      if (values[other] !== undefined)
        throw new UsageError(`--window-chart replays w-tinylfu and lru alone; drop --${other}`);
    }
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > 64)
      throw new UsageError(`bad --jobs "${values.jobs}": an integer from 1 to 64`);
  }
  const sizes = values.sizes === undefined ? undefined : parseSizes(values.sizes);
  if (windowChart !== undefined && sizes !== undefined && sizes.length > MAX_WINDOW_SIZES) {
    throw new UsageError(`--window-chart draws at most ${MAX_WINDOW_SIZES} sizes (got ${sizes.length} in --sizes)`);
  }
  return {
    traces,
    format,
    policies: parsePolicies(values.policies ?? 'all'),
    sizes,
    json: values.json,
    chart: values.chart,
    windowChart,
    allTraces,
    tracesDir: values.traces ?? positionals[0],
    jobs,
    progress: values['no-progress'] !== true,
    help: values.help === true,
  };
}
