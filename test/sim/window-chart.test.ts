// The window chart (--window-chart): the series it records on a small synthetic trace (window
// shares within (0, 1], one point per interval, hit ratios that are ratios), the SVG and PNG the
// CLI writes, and its command-line mistakes. Needs no shared traces.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSim } from './run-sim.js';
import { parseSimArgs } from '../../bench/sim/args.js';
import { intervalFor, windowSeries, windowTable } from '../../bench/sim/window-series.js';
import { renderWindowChart } from '../../bench/sim/window-chart.js';

/**
 * 24,000 requests in two phases: a loop over 150 keys (frequency pays, recency never hits at
 * size 100), then fresh keys each asked for again 25 pairs later (only recency pays), so the
 * window has a reason to grow.
 */
function syntheticKeys(): Int32Array {
  const keys: number[] = [];
  for (let i = 0; i < 12_000; i++) keys.push(i % 150);
  for (let i = 0; i < 6_000; i++) keys.push(1000 + i, 1000 + Math.max(0, i - 25));
  return Int32Array.from(keys);
}

let dir: string;
let trace: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cortado-window-'));
  // The lirs format: one integer key per line.
  trace = join(dir, 'lirs-phases.trace');
  writeFileSync(trace, `${[...syntheticKeys()].join('\n')}\n`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('window series', () => {
  const keys = syntheticKeys();

  it('a point per interval, shares within (0, 1], hit ratios within [0, 1]', () => {
    const every = intervalFor(keys.length);
    expect(every).toBe(80); // 24,000 / 300
    for (const size of [10, 100]) {
      const points = windowSeries(keys, size, every);
      expect(points).toHaveLength(300);
      expect(points.map((p) => p.requests)).toEqual(points.map((_, i) => (i + 1) * every));
      for (const p of points) {
        expect(p.size).toBe(size);
        expect(p.share).toBeGreaterThan(0);
        expect(p.share).toBeLessThanOrEqual(1);
        for (const ratio of [p.wTinyLfu, p.lru]) expect(ratio >= 0 && ratio <= 1).toBe(true);
      }
    }
  });

  it('the last interval may be shorter, and still ends at the last request', () => {
    const points = windowSeries(keys.subarray(0, 1050), 100, 100);
    expect(points).toHaveLength(11);
    expect(points.at(-1)!.requests).toBe(1050);
  });

  it('shows what the chart is for: lru misses the loop, and the window grows once recency pays', () => {
    const points = windowSeries(keys, 100);
    const loop = points.filter((p) => p.requests <= 12_000);
    const recency = points.filter((p) => p.requests > 12_000);
    expect(loop.slice(1).every((p) => p.lru === 0)).toBe(true);
    expect(Math.max(...recency.map((p) => p.share))).toBeGreaterThan(loop[0]!.share);
    expect(windowTable(points)).toMatch(/^\| size \| window min %.*\n\|---:.*\n\| 100 \| /);
  });

  it('renders one line per size in the share panel, and both policies in the legend', async () => {
    const points = [10, 100].flatMap((size) => windowSeries(keys, size, 400));
    const svg = await renderWindowChart('phases', points);
    expect(svg).toMatch(/^<svg[^>]*>/);
    expect(svg).toContain('window share');
    for (const label of ['>w-tinylfu<', '>lru<', '>10<', '>100<']) expect(svg).toContain(label);
  });
});

describe('--window-chart', () => {
  it('writes the SVG and a PNG beside it, and a row per size on stdout', () => {
    const chart = join(dir, 'charts', 'window.svg');
    const run = runSim('--trace', trace, '--sizes', '10,100', '--window-chart', chart);
    expect(run.stderr).not.toMatch(/ at /);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("lirs-phases: W-TinyLFU's window, sampled every 80 requests");
    expect(run.stdout).toMatch(/^\| 10 \| /m);
    expect(run.stdout).toMatch(/^\| 100 \| /m);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[^>]*>/);
    // resvg is optional: when it is installed the PNG is written too (its signature).
    if (!run.stderr.includes('no PNG'))
      expect(
        readFileSync(join(dir, 'charts', 'window.png'))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
  });

  const mistakes: [string, string[], RegExp][] = [
    ['without --trace', ['--window-chart', 'w.svg'], /--window-chart needs exactly one --trace FILE \(got 0\)/],
    [
      'with two traces',
      ['--window-chart', 'w.svg', '--trace', 'a.lis', '--trace', 'b.lis'],
      /exactly one --trace FILE \(got 2\)/,
    ],
    ['with --all-traces', ['--window-chart', 'w.svg', '--all-traces', '/t'], /exactly one --trace FILE \(got 0\)/],
    [
      'with --policies',
      ['--window-chart', 'w.svg', '--trace', 'a.lis', '--policies', 'lru'],
      /replays w-tinylfu and lru alone; drop --policies/,
    ],
    ['with --chart', ['--window-chart', 'w.svg', '--trace', 'a.lis', '--chart', 'c.svg'], /drop --chart/],
    ['with --json', ['--window-chart', 'w.svg', '--trace', 'a.lis', '--json', 'r.json'], /drop --json/],
    [
      'with eleven sizes',
      ['--window-chart', 'w.svg', '--trace', 'a.lis', '--sizes', '1,2,3,4,5,6,7,8,9,10,11'],
      /at most 10 sizes \(got 11 in --sizes\)/,
    ],
  ];
  for (const [title, args, message] of mistakes) {
    it(`${title}: a usage error`, () => {
      expect(() => parseSimArgs(args)).toThrow(message);
    });
  }

  it('a mistake is one line on stderr, exit 2, nothing written', () => {
    const chart = join(dir, 'never.svg');
    const run = runSim('--window-chart', chart);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('sim: --window-chart needs exactly one --trace FILE (got 0)');
    expect(existsSync(chart)).toBe(false);
  });

  it('--help describes it', () => {
    const run = runSim('--help');
    expect(run.stdout).toMatch(/--window-chart FILE +instead of the table: chart W-TinyLFU's window share/);
  });
});
