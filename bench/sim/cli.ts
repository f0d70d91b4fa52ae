// `npm run sim`: replays traces (or the built-in workloads) through every policy and Belady's
// optimum, prints a markdown table per trace on stdout, writes an SVG chart (and JSON on
// request); with --window-chart, charts W-TinyLFU's window share over one trace instead. Errors
// are one line on stderr and a non-zero exit: 2 for a bad command line, 1 for anything else;
// never a stack trace (set SIM_DEBUG=1 to see one).

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MAX_WINDOW_SIZES, parseSimArgs, USAGE, UsageError, type SimArgs } from './args.js';
import { loadTrace } from './trace.js';
import { builtInWorkloads } from './workloads.js';
import { defaultSizes } from './sizes.js';
import { nextUse } from './opt.js';
import { Progress } from './progress.js';
import { runJobs, totalWork, messageOf, threadsFor, type Job } from './runner.js';
import { runJobsParallel } from './pool.js';
import { markdownTable, toJson } from './report.js';
import { builtInNote, summaryTable } from './summary.js';
import { TRACE_SOURCES } from './traces.js';
import { intervalFor, windowSeries, windowTable } from './window-series.js';
import { DEFAULT_POLICY } from '../../src/index.js';

function warn(line: string): void {
  process.stderr.write(`sim: ${line}\n`);
}

async function writeOut(file: string, text: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Writes an SVG chart and, when resvg is installed, a PNG beside it (`x.svg` → `x.png`). */
async function writeChart(file: string, svg: string, what: string): Promise<void> {
  // Loaded on demand: vega is large, and a mistake on the command line should fail fast.
  const { svgToPng } = await import('./chart.js');
  await writeOut(file, svg);
  const png = await svgToPng(svg);
  if (png === undefined) {
    warn(`${what} written to ${file} (no PNG: @resvg/resvg-js is not installed)`);
  } else {
    const pngFile = `${file.replace(/\.svg$/i, '')}.png`;
    await writeOut(pngFile, png);
    warn(`${what} written to ${file} and ${pngFile}`);
  }
}

/** `--window-chart FILE`: W-TinyLFU's window share (and w-tinylfu vs lru) over one trace, per size. */
async function windowChart(args: SimArgs, file: string): Promise<number> {
  const trace = await loadTrace(args.traces[0]!, args.format);
  const sizes = args.sizes ?? defaultSizes(trace.name, nextUse(trace.keys).distinct);
  if (sizes.length > MAX_WINDOW_SIZES)
    throw new UsageError(
      `--window-chart draws at most ${MAX_WINDOW_SIZES} sizes; ${trace.name} has ${sizes.length} by default: pass --sizes`,
    );
  const { renderWindowChart } = await import('./window-chart.js');
  const every = intervalFor(trace.keys.length);
  const points = sizes.flatMap((size) => windowSeries(trace.keys, size, every));
  process.stdout.write(
    `## ${trace.name}: W-TinyLFU's window, sampled every ${every.toLocaleString('en')} requests\n\n${windowTable(points)}\n`,
  );
  await writeChart(file, await renderWindowChart(trace.name, points), 'window chart');
  return 0;
}

async function jobsFor(args: SimArgs): Promise<{ jobs: Job[]; run: string; notes: Map<string, string> }> {
  const notes = new Map<string, string>();
  if (args.traces.length === 0) {
    const jobs = builtInWorkloads().map((w) => {
      notes.set(w.name, w.description);
      return { trace: w, sizes: args.sizes ?? w.sizes };
    });
    return { jobs, run: 'builtin', notes };
  }
  const jobs: Job[] = [];
  for (const file of args.traces) {
    const trace = await loadTrace(file, args.format);
    const distinct = nextUse(trace.keys).distinct;
    notes.set(
      trace.name,
      `${trace.keys.length.toLocaleString('en')} requests, ${distinct.toLocaleString('en')} distinct keys`,
    );
    jobs.push({ trace, sizes: args.sizes ?? defaultSizes(trace.name, distinct) });
  }
  return { jobs, run: jobs.map((j) => j.trace.name).join('+'), notes };
}

async function main(argv: string[]): Promise<number> {
  const args = parseSimArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.allTraces) {
    const { writeHitRatioReport } = await import('./hit-ratio-report.js');
    const results = await writeHitRatioReport({
      tracesDir: args.tracesDir,
      policies: args.policies,
      jobs: args.jobs,
      progress: args.progress,
      log: warn,
    });
    if (args.json !== undefined) {
      await writeOut(args.json, toJson(results));
      warn(`results written to ${args.json}`);
    }
    return 0;
  }
  if (args.windowChart !== undefined) return windowChart(args, args.windowChart);
  const started = performance.now();
  const { jobs, run, notes } = await jobsFor(args);
  const work = totalWork(jobs, args.policies);
  const threads = threadsFor(work, args.jobs);
  const progress = new Progress(work, args.progress && process.stderr.isTTY === true);
  const results =
    threads > 1
      ? await runJobsParallel(jobs, args.policies, threads, progress, warn)
      : runJobs(jobs, args.policies, progress, warn);
  const seconds = (performance.now() - started) / 1000;

  const out: string[] = [];
  for (const { trace } of jobs) {
    out.push(`## ${trace.name}: ${notes.get(trace.name)}`, '', markdownTable(results, trace.name), '');
  }
  if (jobs.length > 1 || jobs.some((j) => j.sizes.length > 1)) {
    out.push(
      '## across all of them: mean, and worst gap to the best policy at each (trace, size); sorted by worst gap',
      '',
      summaryTable(results),
      '',
    );
    const note = args.traces.length === 0 ? builtInNote(results, DEFAULT_POLICY, TRACE_SOURCES.length) : undefined;
    if (note !== undefined) out.push(note, '');
  }
  out.push(
    `hit ratio in %, cache sizes in entries; ${results.length} replays in ${seconds.toFixed(1)} s on ${threads} thread${threads > 1 ? 's' : ''}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);

  if (args.json !== undefined) {
    await writeOut(args.json, toJson(results));
    warn(`results written to ${args.json}`);
  }
  const { renderChart } = await import('./chart.js');
  await writeChart(args.chart ?? `sim-out/${run}.svg`, await renderChart(results), 'chart');
  return results.some((r) => r.hits !== null) ? 0 : 1;
}

// `npm run sim | head` closes stdout early: stop quietly rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (process.env.SIM_DEBUG) console.error(error);
    warn(messageOf(error));
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
