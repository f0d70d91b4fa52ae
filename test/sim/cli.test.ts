// The simulator's command line, run as a user runs it (node + tsx): a successful replay with JSON
// and chart output, and each kind of mistake giving one line on stderr and a non-zero exit.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../bench/sim/paths.js';
import { runSim } from './run-sim.js';
import { replaceRegion, START, END } from '../../bench/sim/hit-ratio-report.js';
import { parseSizes, parsePolicies, parseSimArgs, UsageError } from '../../bench/sim/args.js';
import { FORMAT_INFO, FORMATS, formatOf } from '../../bench/sim/formats.js';

let dir: string;
let trace: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cortado-cli-'));
  // A LIRS trace: a loop over 0..9, five times.
  trace = join(dir, 'lirs-fixture.trace.gz');
  writeFileSync(trace, gzipSync(Array.from({ length: 50 }, (_, i) => `${i % 10}\n`).join('')));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sim CLI', () => {
  it('replays a trace file: table on stdout, JSON and SVG written', () => {
    const json = join(dir, 'out.json');
    const chart = join(dir, 'out.svg');
    const run = runSim('--trace', trace, '--policies', 'lru,opt', '--sizes', '5,10', '--json', json, '--chart', chart);
    expect(run.stderr).not.toMatch(/ at /);
    expect(run.status).toBe(0);
    // Loop of 10 keys, 50 requests: LRU at 5 never hits, at 10 hits all but the first pass.
    expect(run.stdout).toContain('| lru | 0.00 | 80.00 |');
    expect(run.stdout).toMatch(/\| opt \| [\d.]+ \| 80\.00 \|/);
    const results = JSON.parse(readFileSync(json, 'utf8'));
    expect(results).toContainEqual(
      expect.objectContaining({
        trace: 'lirs-fixture',
        policy: 'lru',
        size: 10,
        requests: 50,
        hits: 40,
        hitRatio: 0.8,
      }),
    );
    for (const r of results) expect(r.seconds).toBeGreaterThanOrEqual(0);
    expect(results).toHaveLength(4);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[^>]*>/);
  });

  const mistakes: [string, string[], RegExp, number][] = [
    ['unknown policy', ['--policies', 'lru,nope'], /unknown policy "nope"; allowed: all, /, 2],
    ['bad size', ['--sizes', '100,-5'], /bad cache size "-5"/, 2],
    ['non-numeric size', ['--sizes', 'big'], /bad cache size "big"/, 2],
    [
      'unknown format',
      ['--trace', 'x.gz', '--format', 'csv'],
      /unknown format "csv"; allowed: arc, lirs, i32, u32, i64/,
      2,
    ],
    ['unknown option', ['--frobnicate'], /Unknown option '--frobnicate'/, 2],
    [
      'missing file',
      ['--trace', '/nonexistent/trace.lis.zst'],
      /trace file not found: \/nonexistent\/trace\.lis\.zst/,
      1,
    ],
  ];
  for (const [title, args, message, status] of mistakes) {
    it(`${title}: one line on stderr, exit ${status}, no stack trace`, () => {
      const run = runSim(...args);
      expect(run.status).toBe(status);
      expect(run.stdout).toBe('');
      const lines = run.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^sim: /);
      expect(lines[0]).toMatch(message);
    });
  }

  it('a file whose format cannot be told from its name asks for --format', () => {
    const file = join(dir, 'keys.bin');
    writeFileSync(file, new Uint8Array(8));
    const run = runSim('--trace', file);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'sim: cannot tell the format of keys.bin from its name (*.lis or *.arc → arc, *.lirs or lirs-* → lirs, ' +
        '*.i32 or cache2k-* → i32, *.u32 → u32, *.i64 or corda-* → i64; each may end in .gz, .zst or .xz); ' +
        'pass --format arc|lirs|i32|u32|i64 (what each is: --help)',
    );
    expect(
      runSim('--trace', file, '--format', 'u32', '--policies', 'lru', '--sizes', '1', '--chart', join(dir, 'k.svg'))
        .status,
    ).toBe(0);
    expect(existsSync(join(dir, 'k.svg'))).toBe(true);
  });
});

describe('sim CLI: help, built-in workloads, trace folders', () => {
  it('--help describes every format in one line, with the names that imply it, and mentions the PNG', () => {
    const run = runSim('--help');
    expect(run.status).toBe(0);
    for (const format of FORMATS) {
      const line = run.stdout.split('\n').find((l) => l.startsWith(`  ${format} `));
      expect(line, format).toBeDefined();
      expect(line).toContain(FORMAT_INFO[format].description);
      expect(line!.trimEnd().endsWith(FORMAT_INFO[format].names.join(', '))).toBe(true);
    }
    expect(run.stdout).toMatch(/an SVG\s+and a PNG beside it/);
    expect(run.stdout).toMatch(/--all-traces \[DIR\] +every trace file in DIR/);
    expect(run.stdout).toMatch(/--traces DIR +the same as --all-traces DIR/);
    expect(run.stdout).toContain('README.md, "Traces"');
  });

  it('the names --help lists imply the format it says', () => {
    for (const format of FORMATS) {
      for (const pattern of FORMAT_INFO[format].names) {
        for (const compression of ['', '.gz', '.zst', '.xz']) {
          const name = pattern.replace('*', 'my-trace') + (pattern.endsWith('*') ? '.trace' : '') + compression;
          expect(formatOf(`/some/dir/${name}`), name).toBe(format);
        }
      }
    }
  });

  it('built-in workloads: sizes in entries, the sorted column marked, and where the default ranks', () => {
    const run = runSim(
      '--policies',
      'w-tinylfu,lru,lirs',
      '--sizes',
      '250',
      '--chart',
      join(dir, 'builtin.svg'),
      '--no-progress',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('| policy | 250 entries |');
    expect(run.stdout).toContain(
      '| policy | mean hit % | worst gap to the best, points (sorted by this, smallest first) |',
    );
    expect(run.stdout).toMatch(
      /^Note: the built-in workloads are synthetic stress cases, not samples of real traffic; here the default policy, w-tinylfu, ranks \d(st|nd|rd) of 3 by worst gap \([\d.]+ points, at [\w.-]+ @ 250\)\. The default was chosen for its worst case on 18 real traces \(README, "Choosing a policy"/m,
    );
    expect(run.stdout).toContain('hit ratio in %, cache sizes in entries');
    expect(existsSync(join(dir, 'builtin.png'))).toBe(true);
  });

  it('--all-traces DIR and --traces DIR name the folder; a missing one says where traces come from', () => {
    expect(parseSimArgs(['--all-traces', '/t'])).toMatchObject({ allTraces: true, tracesDir: '/t' });
    expect(parseSimArgs(['--traces', '/t'])).toMatchObject({ allTraces: true, tracesDir: '/t' });
    expect(parseSimArgs(['--all-traces'])).toMatchObject({ allTraces: true, tracesDir: undefined });
    expect(() => parseSimArgs(['--traces', '/t', '/u'])).toThrow(/unexpected argument "\/u"/);
    expect(() => parseSimArgs(['--traces', '/t', '--trace', 'x.lis'])).toThrow(
      /--traces and --trace cannot be combined/,
    );
    const run = runSim('--traces', join(dir, 'nowhere'));
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `sim: traces folder not found: ${join(dir, 'nowhere')}; download the public traces into a folder (README, "Traces") and pass it: --all-traces DIR`,
    );
  });

  it('`npm run sim | head` ends quietly, without a stack trace', () => {
    const run = spawnSync('bash', ['-c', `"${process.execPath}" --import tsx bench/sim/cli.ts --help | head -1`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout).toBe('usage: npm run sim -- [options]\n');
    expect(run.stderr).toBe('');
  });
});

describe('argument parsing', () => {
  it('sizes: positive integers, sorted, deduplicated', () => {
    expect(parseSizes('1_000, 250,1e3')).toEqual([250, 1000]);
    for (const bad of ['0', '1.5', '', 'x']) expect(() => parseSizes(bad)).toThrow(UsageError);
  });

  it('policies: names, or all = every library policy plus opt', () => {
    expect(parsePolicies('lru,opt-bypass,lru')).toEqual(['lru', 'opt-bypass']);
    const all = parsePolicies('all');
    expect(all).toContain('lru');
    expect(all).toContain('w-tinylfu');
    expect(all.at(-1)).toBe('opt');
    expect(all).not.toContain('opt-bypass');
  });

  it('policies: NAME:VARIANT runs a variant; an unknown one is a usage error naming the variants', () => {
    expect(parsePolicies('2q,2q:cachekit')).toEqual(['2q', '2q:cachekit']);
    expect(() => parsePolicies('2q:clock')).toThrow(/unknown variant "2q:clock"; 2q has 2q:paper, 2q:cachekit/);
    expect(() => parsePolicies('lru:cachekit')).toThrow(UsageError);
  });
});

describe('BENCHMARKS.md region', () => {
  it('rewrites only the text between the hit-ratio markers', () => {
    const doc = `# Benchmarks\n\n<!-- speed:start -->\nspeed\n<!-- speed:end -->\n\n${START}\nold\n${END}\n\ntail\n`;
    const next = replaceRegion(doc, 'new table');
    expect(next).toBe(
      `# Benchmarks\n\n<!-- speed:start -->\nspeed\n<!-- speed:end -->\n\n${START}\nnew table\n${END}\n\ntail\n`,
    );
    expect(replaceRegion('# Benchmarks\n', 'x')).toBe(`# Benchmarks\n\n${START}\nx\n${END}\n`);
  });
});
