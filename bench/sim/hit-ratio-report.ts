// Regenerates the "Hit ratio" section of BENCHMARKS.md (`npm run sim -- --all-traces [DIR]`): every
// trace in DIR (default ../shared/traces; the public traces and where to download them are in
// traces.ts and README, "Traces") at its literature sizes (sizes.ts) plus every size a published
// figure exists for, every policy, `opt` and `opt-bypass`, with the published anchors
// (anchors.ts) as extra rows of the same table. Only the text between the hit-ratio markers is
// rewritten: other sections of BENCHMARKS.md belong to other tools.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, resolve } from 'node:path';
import { formatOf, TraceError } from './formats.js';
import { loadTrace, type Trace } from './trace.js';
import { nextUse } from './opt.js';
import { defaultSizes, shortName } from './sizes.js';
import { anchorsFor, SOURCES } from './anchors.js';
import { Progress } from './progress.js';
import { runJobs, totalWork, threadsFor, type Job } from './runner.js';
import { runJobsParallel } from './pool.js';
import { failures, markdownTable, type SimResult } from './report.js';
import { summaryTable } from './summary.js';
import type { SimPolicy } from './replay.js';
import { REPO_ROOT, TRACES_DIR } from './paths.js';
import { compareWithPublished, TRACE_SOURCES } from './traces.js';

export const START = '<!-- hit-ratio:start -->';
export const END = '<!-- hit-ratio:end -->';

export interface ReportOptions {
  /** Folder of trace files (default ../shared/traces). */
  tracesDir?: string | undefined;
  policies: readonly SimPolicy[];
  /** Worker threads (default: see threadsFor). */
  jobs?: number | undefined;
  progress: boolean;
  log: (line: string) => void;
  /** The file to update (default BENCHMARKS.md at the repository root). */
  target?: string;
}

/** Replaces the text between START and END in `document` (appending both if absent). */
export function replaceRegion(document: string, region: string): string {
  const block = `${START}\n${region.trim()}\n${END}`;
  const from = document.indexOf(START);
  const to = document.indexOf(END);
  if (from < 0 || to < from) return `${document.trimEnd()}\n\n${block}\n`;
  return document.slice(0, from) + block + document.slice(to + END.length);
}

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, Node ${process.version}`;
}

async function traceFiles(dir: string): Promise<string[]> {
  const hint = `download the public traces into a folder (README, "Traces") and pass it: --all-traces DIR`;
  if (!existsSync(dir)) throw new TraceError(`traces folder not found: ${dir}; ${hint}`);
  const names = (await readdir(dir)).filter((f) => /\.(gz|zst|xz)$/.test(f) && formatOf(f) !== undefined);
  if (names.length === 0) throw new TraceError(`no trace files in ${dir}; ${hint}`);
  return names.sort().map((f) => resolve(dir, f));
}

/** Which traces the section covers: the published ones (README, "Traces"), or say which are not. */
function published(files: readonly string[], differ: readonly string[]): string {
  const known = new Set(TRACE_SOURCES.map((s) => s.file));
  const others = files.map((f) => basename(f)).filter((f) => !known.has(f) || differ.includes(f));
  const count = `${files.length} trace${files.length === 1 ? '' : 's'}`;
  if (others.length === 0) {
    return `The ${count} of README's "Traces" section (public files, checked by SHA-256)`;
  }
  return `${count}, of which ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} not the published bytes (README, "Traces"),`;
}

/** The published rows for a trace's table: `*label (source)*` then a cell per size. */
function anchorRows(trace: string, sizes: readonly number[]): string[][] {
  return anchorsFor(shortName(trace)).map((a) => [
    `*published ${a.label} (${a.source})*`,
    ...sizes.map((s) => (a.values.has(s) ? `*${a.values.get(s)!.toFixed(2)}*` : '')),
  ]);
}

/** `policy 12.3` per policy, slowest first. */
function replayTimes(results: readonly SimResult[]): string {
  const seconds = new Map<string, number>();
  for (const r of results) if (r.seconds !== undefined) seconds.set(r.policy, (seconds.get(r.policy) ?? 0) + r.seconds);
  return [...seconds]
    .sort((a, b) => b[1] - a[1])
    .map(([p, s]) => `${p} ${s.toFixed(1)}`)
    .join(', ');
}

/** Runs the whole report and rewrites the section; returns the results. */
export async function writeHitRatioReport(options: ReportOptions): Promise<SimResult[]> {
  const started = performance.now();
  const files = await traceFiles(options.tracesDir ?? TRACES_DIR);
  const { differ, missing } = await compareWithPublished(files);
  if (differ.length > 0)
    options.log(
      `not the published bytes (SHA-256 differs), so figures will differ from BENCHMARKS.md: ${differ.join(', ')}`,
    );
  if (missing.length > 0)
    options.log(`published traces missing from the folder (their tables will be left out): ${missing.join(', ')}`);
  const policies = [...new Set<SimPolicy>([...options.policies, 'opt', 'opt-bypass'])];
  const jobs: Job[] = [];
  const traceInfo: Map<string, { file: string; distinct: number }> = new Map();
  for (const file of files) {
    options.log(`decoding ${basename(file)}`);
    const trace: Trace = await loadTrace(file);
    const distinct = nextUse(trace.keys).distinct;
    const anchored = anchorsFor(shortName(trace.name)).flatMap((a) => [...a.values.keys()]);
    const sizes = [...new Set([...defaultSizes(trace.name, distinct), ...anchored])].sort((a, b) => a - b);
    jobs.push({ trace, sizes });
    traceInfo.set(trace.name, { file: basename(file), distinct });
  }
  const work = totalWork(jobs, policies);
  const threads = threadsFor(work, options.jobs);
  const progress = new Progress(work, options.progress && process.stderr.isTTY === true);
  const results =
    threads > 1
      ? await runJobsParallel(jobs, policies, threads, progress, options.log)
      : runJobs(jobs, policies, progress, options.log);
  const seconds = (performance.now() - started) / 1000;

  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    '## Hit ratio',
    '',
    `Regenerate: \`npm run sim -- --all-traces\` (${date}; ${machine()}; ${results.length} replays ` +
      `of ${jobs.length} traces, ${(work / 1e9).toFixed(2)} G requests in all, ${Math.round(seconds)} s on ${threads} ` +
      `thread${threads > 1 ? 's' : ''}).`,
    '',
    `${published(files, differ)} replayed through the real \`Cache\` (\`{ maxCost: size, policy, seed }\`;`,
    'for each key `if (cache.get(key) === undefined) cache.set(key, 1)`): key-only, weight 1, cold start,',
    'demand fill, as every published figure was produced. Hit ratio in %, sizes in entries.',
    "`opt` is Belady with demand fill (cache2k's OPT); `opt-bypass` may decline to admit (Caffeine's",
    '"Optimal"). Rows in italics are published figures (sources below); an empty cell means none was published.',
    '',
  ];
  const failed = failures(results);
  if (failed.length > 0) {
    lines.push('Policies that failed (left out of the tables):', '', ...failed.map((f) => `- ${f}`), '');
  }
  lines.push(
    '### Across all traces',
    '',
    `Every policy over the ${new Set(results.map((r) => `${r.trace}@${r.size}`)).size} (trace, size) pairs below, against the best policy at each pair`,
    '(Belady left out); sorted by worst gap, the risk of choosing a policy without knowing the workload.',
    '',
    summaryTable(results),
    '',
  );
  for (const { trace } of jobs) {
    const info = traceInfo.get(trace.name)!;
    const sizes = [...new Set(results.filter((r) => r.trace === trace.name).map((r) => r.size))].sort((a, b) => a - b);
    lines.push(
      `### ${shortName(trace.name)}`,
      '',
      `\`${info.file}\`: ${trace.keys.length.toLocaleString('en')} requests, ${info.distinct.toLocaleString('en')} distinct keys.`,
      '',
      markdownTable(results, trace.name, anchorRows(trace.name, sizes)),
      '',
    );
  }
  lines.push(
    `Replay time per policy, summed over all its replays (s; shared machine, ${threads} thread${threads > 1 ? 's' : ''}): ${replayTimes(results)}.`,
    '',
  );
  lines.push('Sources (details and links in `../shared/ANCHORS.md`):', '');
  for (const [id, text] of Object.entries(SOURCES)) lines.push(`- ${id}: ${text}`);

  const target = options.target ?? resolve(REPO_ROOT, 'BENCHMARKS.md');
  // Read-modify-write at the very end, so another tool's section written meanwhile survives.
  const current = existsSync(target) ? await readFile(target, 'utf8') : '# Benchmarks\n';
  await writeFile(target, replaceRegion(current, lines.join('\n')));
  options.log(`hit-ratio section of ${target} rewritten (${Math.round(seconds)} s)`);
  return results;
}
