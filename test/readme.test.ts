// README's claims, each against its one source: the snippets are the files in examples/ (which the
// runtime suites run against the packed package), the policy figures are BENCHMARKS.md's hit-ratio
// section (written by `npm run sim -- --all-traces`), the sizes are what bench/size.ts measures,
// the Node versions are package.json's, the trace list is bench/sim/traces.ts, and the commands it
// tells a user to type run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../src/index.js';
import { downloadUrl, TRACE_SOURCES } from '../bench/sim/traces.js';
import { coreParts, LITE_ENTRY_BUDGET, minified, policyValueSizes } from '../bench/size.js';
import { packedTarball } from './runtimes/package.js';
import { runSim } from './sim/run-sim.js';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const benchmarks = readFileSync(join(root, 'BENCHMARKS.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const examples = readdirSync(join(root, 'examples'));
const FENCES: Record<string, string> = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.capnp': 'capnp' };

/** The text between two markers (or a heading and the next heading of the same level). */
function section(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, `${from} not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
  it.each(examples)('shows examples/%s verbatim', (file) => {
    const source = readFileSync(join(root, 'examples', file), 'utf8').trimEnd();
    const fence = FENCES[extname(file)];
    expect(fence, `no fence language for ${file}`).toBeDefined();
    expect(
      readme.includes(`\`\`\`${fence}\n${source}\n\`\`\``),
      `README.md has no ${fence} block equal to examples/${file}`,
    ).toBe(true);
  });

  it('keeps the two set-up commands', () => {
    expect(readme).toContain('npm install && npm run sim');
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('says how to install today, and that `npm install cortado` waits for a release', () => {
    const install = section(readme, '## Install', '\n## ');
    expect(install).toMatch(/not on the npm registry yet, so `npm install cortado` fails/);
    expect(install).toContain('npm pack');
    expect(install).toContain(`npm install ./cortado/${pkg.name}-${pkg.version}.tgz`);
    expect(install).toMatch(/npm install 'git\+/);
    expect(pkg.scripts.prepare).toBe('npm run build');
  });

  it('states one Node version for users and one for development, both as package.json has them', () => {
    const runtime = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
    expect(runtime).toBeDefined();
    expect(readme).toContain(`Node ≥ ${runtime}`);
    expect(readme).toContain(`Node \`${pkg.devEngines.runtime.version}\``);
    // Any other "Node ≥ N" is about a feature (`using` needs Node 24), never about the package.
    for (const [claim, version] of readme.matchAll(/Node ≥ (\d+)/g)) {
      expect([runtime, '24'], claim).toContain(version);
    }
    expect(readme).toMatch(/`using` declaration itself needs Node ≥ 24/);
  });

  it("quotes the policy figures of BENCHMARKS.md's across-traces summary, for the policy that is the default", () => {
    const summary = section(benchmarks, '### Across all traces', '\n### ');
    const rows = new Map(
      [...summary.matchAll(/^\| ([\w-]+) \| ([\d.]+) \| ([\d.]+) \| ([^|]+) \| (\d+) of (\d+) \|$/gm)].map((m) => [
        m[1]!,
        { mean: m[2]!, gap: m[3]!, at: m[4]!.trim(), pairs: Number(m[6]) },
      ]),
    );
    expect(rows.size).toBeGreaterThan(20);
    // The default is the policy with the smallest worst gap (the table is sorted by it).
    expect([...rows.keys()][0]).toBe(DEFAULT_POLICY);
    const policies = section(readme, '<!-- policies:start -->', '<!-- policies:end -->');
    const traces = Number(/replays of (\d+) traces/.exec(benchmarks)?.[1]);
    expect(policies).toContain(`${traces} real traces`);
    expect(policies).toContain(`${rows.get(DEFAULT_POLICY)!.pairs} trace/size pairs`);
    const fig = (policy: string, field: 'mean' | 'gap') => rows.get(policy)![field];
    const best = rows.get(DEFAULT_POLICY)!;
    const where = best.at.replace(/^[a-z0-9]+-/, ''); // arc-P3 @ 160,000 → P3 @ 160,000
    expect(policies).toContain(`W-TinyLFU's worst is ${best.gap}\npoints (${where}`);
    expect(policies).toContain(`Clock-PRO's ${fig('clock-pro', 'gap')}`);
    expect(policies).toContain(`TinyLFU's ${fig('tinylfu', 'gap')}`);
    expect(policies).toContain(`LIRS's ${fig('lirs', 'gap')}`);
    expect(policies).toContain(`loses ${Number(fig('lru', 'gap')).toFixed(1)} points`);
    expect(policies).toContain(`best mean hit ratio (${best.mean} %`);
    expect(policies).toContain(
      `against ${fig('clock-pro', 'mean')} for\nClock-PRO, ${fig('lirs', 'mean')} for LIRS and ${fig('lru', 'mean')} for LRU`,
    );
    // The best mean really is the default's.
    for (const [policy, row] of rows) expect(Number(row.mean), policy).toBeLessThanOrEqual(Number(best.mean));
  });

  it("keeps the policy figures out of DEFAULT_POLICY's doc comment (README and BENCHMARKS.md hold them)", () => {
    const registry = readFileSync(join(root, 'src/policies/machinery/registry.ts'), 'utf8');
    const doc = registry.slice(
      registry.lastIndexOf('/**', registry.indexOf('export const DEFAULT_POLICY')),
      registry.indexOf('export const DEFAULT_POLICY'),
    );
    expect(doc).not.toMatch(/\d+(\.\d+)? points|\d+ (trace\/size )?pairs/);
  });

  it('lists every published trace with its download URL, as bench/sim/traces.ts has them', () => {
    const traces = section(readme, '## Traces', '\n## ');
    const vars = new Map([...traces.matchAll(/^([A-Z])=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const curls = new Map(
      [...traces.matchAll(/^curl -fsSLo (\S+) \$([A-Z])(\S+)$/gm)].map((m) => [m[1]!, vars.get(m[2]!)! + m[3]!]),
    );
    expect(curls.size).toBe(TRACE_SOURCES.length);
    for (const source of TRACE_SOURCES) expect(curls.get(source.file), source.file).toBe(downloadUrl(source));
    expect(traces).toContain(`${TRACE_SOURCES.length} public\ntraces`);
    expect(traces).toContain('npm run sim -- --all-traces traces');
  });

  it('states sizes as bench/size.ts measures them', async () => {
    packedTarball(); // builds dist/ if it is older than the sources
    const gz = async (file: string) =>
      gzipSync(await minified(file, readFileSync(join(root, 'dist', file), 'utf8')), { level: 9 }).length;
    const wasm = readFileSync(join(root, 'dist/cortado.wasm'));
    const kb = (bytes: number) => (bytes / 1000).toFixed(1);
    // Every "N KB" in README is one of these claims; a new one needs a check here.
    const claims: [RegExp, (m: RegExpMatchArray) => Promise<void>][] = [
      [
        /WebAssembly module of about (\d+) KB \((\d+) KB\s+gzipped\)/,
        async (m) => {
          expect(Number(m[1]), 'wasm KB').toBe(Math.round(wasm.length / 1000));
          expect(Number(m[2]), 'wasm KB gzipped').toBe(Math.round(gzipSync(wasm, { level: 9 }).length / 1000));
        },
      ],
      [
        /([\d.]+) KB min\+gz with all (\d+)\s+policies/,
        async (m) => expect(m[1], 'default entry KB min+gz').toBe(kb(await gz('index.js'))),
      ],
      [
        /([\d.]+) KB for `cortado\/lite`/,
        async (m) => expect(m[1], 'cortado/lite KB min+gz').toBe(kb(await gz('lite.js'))),
      ],
      [
        new RegExp(
          '([\\d.]+) KB for `cortado/core` alone, and ([\\d.]+) KB per further policy on average \\(([\\d.]+) KB for `fifo`, ([\\d.]+) KB for `clock-pro`\\)\\. Bundled from the sources, `cortado/core` is ([\\d.]+) KB: the inlined kernels ([\\d.]+) KB, W-TinyLFU ([\\d.]+) KB and the store \\([^)]*\\) ([\\d.]+) KB'.replaceAll(
            ' ',
            '\\s+',
          ),
        ),
        async (m) => {
          const values = await policyValueSizes(join(root, 'dist'));
          const parts = await coreParts(root);
          expect(m.slice(1).map(Number), 'cortado/core and its parts, KB min+gz').toEqual(
            [
              values.core,
              values.average,
              values.each.get('fifo')!,
              values.each.get('clockPro')!,
              parts.whole,
              parts.wasm,
              parts.wTinyLfu,
              parts.whole - parts.wasm - parts.wTinyLfu,
            ].map((bytes) => Number(kb(bytes))),
          );
        },
      ],
    ];
    let text = readme;
    for (const [pattern, check] of claims) {
      const match = pattern.exec(text);
      if (match === null) continue;
      await check(match);
      text = text.replace(match[0], '');
    }
    expect(text.match(/[^\n]*\d KB[^\n]*/g) ?? [], 'README states sizes this test cannot check').toEqual([]);
    expect(readme).toContain(`${LITE_ENTRY_BUDGET.toLocaleString('en-US')} B min+gz for \`cortado/lite\``);
  }, 300_000); // cortado/core's figures bundle it 25 times, each minified
});

describe("README's commands", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cortado-readme-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays your own trace with the command "Choosing a policy" gives', () => {
    const command = /`npm run sim -- (--trace (\S+) [^`]*)`/.exec(readme);
    expect(command, 'README has no `npm run sim -- --trace …` command').not.toBeNull();
    const [, args, file] = command!;
    // One integer key per line, as README describes the file: a loop over 40 keys, then a hot set.
    const keys = [
      ...Array.from({ length: 400 }, (_, i) => i % 40),
      ...Array.from({ length: 400 }, (_, i) => (i * 7) % 10),
    ];
    const path = join(dir, file!);
    writeFileSync(path, `${keys.join('\n')}\n`);
    const argv = args!.split(/\s+/).map((a) => (a === file ? path : a));
    const run = runSim(...argv, '--chart', join(dir, 'chart.svg'), '--no-progress');
    expect(run.stderr).not.toMatch(/ at /);
    expect(run.status, run.stderr).toBe(0);
    for (const policy of ['w-tinylfu', 'lru', 'arc']) expect(run.stdout).toMatch(new RegExp(`^\\| ${policy} \\|`, 'm'));
  });
});
