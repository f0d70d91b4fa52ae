// `npm run mutate:wasm [-- --only id,id] [--tests a.test.ts,b.test.ts] [--all-failures] [--list]`:
// mutation testing of the AssemblyScript core, which StrykerJS cannot parse. Plants each mutant of
// wasm-mutant-list.mjs, one at a time, in a scratch copy of the repository (node_modules linked),
// rebuilds the two WebAssembly modules and the JavaScript that inlines the shipped one
// (`npm run build:wasm`), runs the judging test files with one vitest worker, and records the
// mutant as killed (a test failed, or the run timed out), survived, or a compile error. The
// worktree's sources are never edited, so an interrupted run leaves nothing behind but the
// scratch copy, which it removes. The scratch copy has no ../shared beside it: the trace-based
// tests skip, as in Stryker's sandbox. Reports: reports/mutation/wasm.json and wasm.md
// (gitignored); results and survivors: docs/mutation-testing.md.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MUTANTS } from './wasm-mutant-list.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** The test files that judge the mutants: every suite that drives the default policy or the kernels without ../shared. */
const JUDGES = [
  'test/policies/tinylfu-admission.test.ts',
  'test/policies/w-tinylfu.test.ts',
  'test/policies/tinylfu.test.ts',
  'test/sketch-aging.test.ts',
  'test/kernels.test.ts',
  'test/one-out-one-in.test.ts',
  'test/cache-api.test.ts',
  'test/conformance.test.ts',
  'test/inspection.test.ts',
];

/** What the build and the judging tests read; everything else stays out of the copy. */
const COPIED = [
  'assembly',
  'asconfig.json',
  'package.json',
  'scripts',
  'src',
  'test',
  'tsconfig.json',
  'vitest.config.ts',
];

function usage(message) {
  console.error(
    `${message}\nusage: npm run mutate:wasm [-- --only id,id] [--tests a.test.ts,b.test.ts] [--all-failures] [--list]`,
  );
  process.exit(2);
}

function parseArgs(argv) {
  const options = { only: undefined, tests: JUDGES, bail: true, list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${arg} needs a comma-separated list`);
      return v.split(',');
    };
    if (arg === '--only') options.only = value();
    else if (arg === '--tests') options.tests = value();
    else if (arg === '--all-failures') options.bail = false;
    else if (arg === '--list') options.list = true;
    else usage(`unknown option ${JSON.stringify(arg)}`);
  }
  return options;
}

/** Checks every mutant against the worktree's sources: its snippet occurs exactly once, ids are unique. */
function checkMutants(mutants) {
  const ids = new Set();
  const problems = [];
  for (const m of mutants) {
    if (ids.has(m.id)) problems.push(`${m.id}: id used twice`);
    ids.add(m.id);
    const source = readFileSync(join(ROOT, m.file), 'utf8');
    const count = source.split(m.find).length - 1;
    if (count !== 1) problems.push(`${m.id}: its snippet occurs ${count} times in ${m.file} (must be once)`);
    if (m.find === m.replace) problems.push(`${m.id}: the replacement is the snippet itself`);
  }
  if (problems.length > 0) {
    console.error(`mutant list out of date with the sources:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}

/**
 * Runs a command in `cwd` in a process group of its own; resolves with its exit code (null when
 * killed at `timeoutMs`), its duration and its output.
 */
function run(command, args, cwd, timeoutMs) {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    running = child;
    child.on('close', (code) => {
      clearTimeout(timer);
      running = undefined;
      done({ code: timedOut ? null : code, ms: performance.now() - started, output });
    });
  });
}

/** The child process under way, killed (with its group) if this script is interrupted. */
let running;
let scratch;

function cleanUp() {
  if (running !== undefined) {
    try {
      process.kill(-running.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

async function build(dir) {
  const result = await run('npm', ['run', 'build:wasm'], dir, 300_000);
  return result;
}

/** Runs the judging tests; returns the failed tests' names (empty: all passed) or null on a timeout. */
async function judge(dir, tests, bail, timeoutMs) {
  const out = join(dir, 'vitest-result.json');
  rmSync(out, { force: true });
  const args = ['vitest', 'run', '--maxWorkers=1', '--reporter=json', `--outputFile=${out}`, ...tests];
  if (bail) args.push('--bail=1');
  const result = await run('npx', args, dir, timeoutMs);
  if (result.code === null) return { failed: null, ms: result.ms, output: result.output };
  let failed = [];
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    for (const file of report.testResults) {
      const name = file.name.slice(dir.length + 1);
      const tests = file.assertionResults.filter((t) => t.status === 'failed');
      for (const t of tests) failed.push(`${name} > ${t.fullName}`);
      if (tests.length === 0 && file.status === 'failed') failed.push(`${name} (the file failed to run)`);
    }
  } catch {
    failed = ['(no test report: vitest itself failed)'];
  }
  if (result.code !== 0 && failed.length === 0) failed = [`(vitest exited with ${result.code})`];
  return { failed, ms: result.ms, output: result.output };
}

function table(results) {
  const rows = results.map((r) => {
    const by = r.status === 'killed' ? r.killedBy[0] : r.status === 'compile error' ? r.detail : '';
    return `| \`${r.id}\` | ${r.file.replace('assembly/', '')} | ${r.status} | ${(r.ms / 1000).toFixed(0)} s | ${r.description} | ${by.replaceAll('|', '\\|')} |`;
  });
  return [
    '| mutant | file | result | time | what it plants | first failing test |',
    '|---|---|---|---:|---|---|',
    ...rows,
  ].join('\n');
}

function score(results) {
  const valid = results.filter((r) => r.status !== 'compile error');
  const killed = valid.filter((r) => r.status !== 'survived').length;
  return { valid: valid.length, killed, percent: valid.length === 0 ? 0 : (100 * killed) / valid.length };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  checkMutants(MUTANTS);
  let mutants = MUTANTS;
  if (options.only !== undefined) {
    const unknown = options.only.filter((id) => !MUTANTS.some((m) => m.id === id));
    if (unknown.length > 0) usage(`unknown mutant id(s): ${unknown.join(', ')}`);
    mutants = MUTANTS.filter((m) => options.only.includes(m.id));
  }
  if (options.list) {
    for (const m of mutants) console.log(`${m.id.padEnd(30)} ${m.file.padEnd(24)} ${m.description}`);
    return;
  }

  // The copy is a folder of its own scratch folder, so that no ../shared is ever beside it.
  scratch = mkdtempSync(join(tmpdir(), 'cortado-wasm-mutants-'));
  const copy = join(scratch, 'repo');
  for (const entry of COPIED) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const startedAt = new Date();
  console.log(`scratch copy: ${copy}\njudged by: ${options.tests.join(', ')}`);

  // The unmutated code must build and pass, and its test time sets the timeout.
  const baseBuild = await build(copy);
  if (baseBuild.code !== 0) throw new Error(`the unmutated build failed:\n${baseBuild.output}`);
  const base = await judge(copy, options.tests, false, 600_000);
  if (base.failed === null || base.failed.length > 0) {
    throw new Error(
      `the judging tests fail without a mutant: ${base.failed?.join('; ') ?? 'timed out'}\n${base.output}`,
    );
  }
  const timeoutMs = Math.round(3 * base.ms + 30_000);
  console.log(
    `unmutated: build ${(baseBuild.ms / 1000).toFixed(1)} s, tests ${(base.ms / 1000).toFixed(1)} s (timeout ${(timeoutMs / 1000).toFixed(0)} s)\n`,
  );

  const results = [];
  for (const [i, m] of mutants.entries()) {
    const path = join(copy, m.file);
    const original = readFileSync(path, 'utf8');
    writeFileSync(
      path,
      original.replace(m.find, () => m.replace),
    );
    const started = performance.now();
    let result;
    try {
      const built = await build(copy);
      if (built.code !== 0) {
        const error = /ERROR[^\n]*/.exec(built.output)?.[0] ?? `exit ${built.code}`;
        result = { status: 'compile error', killedBy: [], detail: error };
      } else {
        const verdict = await judge(copy, options.tests, options.bail, timeoutMs);
        if (verdict.failed === null) result = { status: 'timed out', killedBy: ['(timed out)'], detail: '' };
        else if (verdict.failed.length > 0) result = { status: 'killed', killedBy: verdict.failed, detail: '' };
        else result = { status: 'survived', killedBy: [], detail: '' };
      }
    } finally {
      writeFileSync(path, original);
    }
    const entry = { ...m, ...result, ms: performance.now() - started };
    results.push(entry);
    const by = entry.killedBy[0] ?? entry.detail;
    console.log(
      `[${i + 1}/${mutants.length}] ${entry.status.padEnd(13)} ${m.id.padEnd(30)} ${(entry.ms / 1000).toFixed(0).padStart(3)} s  ${by}`,
    );
  }
  const finishedAt = new Date();

  const s = score(results);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.versions.node}`;
  const summary = `${s.killed} of ${s.valid} killed or timed out (${s.percent.toFixed(1)} %); ${results.length - s.valid} compile errors`;
  const survivors = results.filter((r) => r.status === 'survived');
  console.log(`\n${table(results)}\n\n${summary}`);
  if (survivors.length > 0) console.log(`survived: ${survivors.map((r) => r.id).join(', ')}`);

  const dir = join(ROOT, 'reports', 'mutation');
  mkdirSync(dir, { recursive: true });
  const meta = {
    started: startedAt.toISOString(),
    finished: finishedAt.toISOString(),
    machine,
    tests: options.tests,
    bail: options.bail,
  };
  writeFileSync(join(dir, 'wasm.json'), `${JSON.stringify({ ...meta, score: s, results }, null, 2)}\n`);
  writeFileSync(
    join(dir, 'wasm.md'),
    `# WebAssembly mutants\n\n${meta.started} to ${meta.finished}, ${machine}\n\nJudged by ${options.tests.join(', ')}\n\n${summary}\n\n${table(results)}\n`,
  );
  console.log(`reports: ${join(dir, 'wasm.json')}, ${join(dir, 'wasm.md')}`);
}

try {
  await main();
} finally {
  cleanUp();
}
