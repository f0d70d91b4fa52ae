// Reporting: console tables, the JSON file (`--json`), and the speed region of BENCHMARKS.md
// (`--markdown`), which is rewritten in place between its markers so other regions of the
// file (the simulator's hit ratios) are left alone.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { BASELINE, FASTEST, LIMIT } from './contenders.js';
import type { MemoryResult } from './memory.js';
import type { SizeResult } from './size.js';

/** One measured (workload, keys, size, contender): the JSON file holds an array of these. */
export interface SpeedResult {
  workload: string;
  keys: string;
  size: number;
  contender: string;
  opsPerSec: number;
  /** Half-width of the 95 % confidence interval of the median call time, relative to it (percent). */
  rme: number;
  /** Hits / gets in the timed calls, for workloads whose gets can miss (the Zipf mixes). */
  hitRatio?: number;
  /** With --processes N > 1: each child process's own median, ns per operation. */
  processNs?: number[];
}

/** Identical copies of one contender timed side by side: the harness's own spread. */
export interface Calibration {
  workload: string;
  keys: string;
  size: number;
  contender: string;
  /** Nanoseconds per operation of each copy, in the order they were set up. */
  nsPerOp: number[];
}

/** max / min - 1 of a calibration's copies, in percent. */
export function spread(c: Calibration): number {
  return 100 * (Math.max(...c.nsPerOp) / Math.min(...c.nsPerOp) - 1);
}

export interface Report {
  date: string;
  machine: string;
  command: string;
  /** How the contenders ran: "one child process per contender" or "all in one process". */
  mode: string;
  /** Wall-clock minutes of the whole run. */
  minutes?: number;
  notes: string[];
  calibration: Calibration[];
  workloads: { name: string; describe: string }[];
  speed: SpeedResult[];
  memory: MemoryResult[];
  sizes: SizeResult[];
}

export const START = '<!-- speed:start -->';
export const END = '<!-- speed:end -->';

/** CPU model (os.cpus()), cores, total memory, Node and V8 versions, platform. */
export function machine(): string {
  const list = cpus();
  const model = list[0]?.model.replace(/\s+/g, ' ').trim() || 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${model}, ${list.length} cores, ${gib} GiB, Node ${process.version} (V8 ${process.versions.v8}, ${process.platform}-${process.arch})`;
}

function ops(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} k`;
  return n.toFixed(0);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function bytes(n: number): string {
  if (Math.abs(n) >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (Math.abs(n) >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

/** Groups results by (workload, size), keeping first-seen order. */
function groups(speed: SpeedResult[]): Map<string, SpeedResult[]> {
  const out = new Map<string, SpeedResult[]>();
  for (const r of speed) {
    const id = `${r.workload} @ ${r.size.toLocaleString('en-US')}`;
    let list = out.get(id);
    if (list === undefined) out.set(id, (list = []));
    list.push(r);
  }
  return out;
}

function find(list: SpeedResult[], contender: string, keys: string): SpeedResult | undefined {
  return list.find((r) => r.contender === contender && r.keys === keys);
}

/** One markdown table per (workload, size): ops/s ±rme, then ratios to lru-cache, mnemonist's LRUMap and Map. */
function speedTables(report: Report): string[] {
  const lines: string[] = [];
  for (const [id, list] of groups(report.speed)) {
    const kinds = [...new Set(list.map((r) => r.keys))];
    const contenders = [...new Set(list.map((r) => r.contender))];
    const workload = report.workloads.find((w) => id.startsWith(`${w.name} @`));
    const hits = list.some((r) => r.hitRatio !== undefined);
    lines.push(`#### ${id} entries`, '');
    if (workload !== undefined) {
      lines.push(
        `${workload.describe}. Cells: ops/s ±margin (× ${BASELINE}, × ${FASTEST}, × ${LIMIT})` +
          `${hits ? ', hit ratio of the timed gets' : ''}.`,
        '',
      );
    }
    lines.push(`| contender | ${kinds.join(' | ')} |`, `|---|${kinds.map(() => '---:').join('|')}|`);
    for (const c of contenders) {
      const cells = kinds.map((k) => {
        const r = find(list, c, k);
        if (r === undefined) return '–';
        const base = find(list, BASELINE, k)?.opsPerSec;
        const fastest = find(list, FASTEST, k)?.opsPerSec;
        const limit = find(list, LIMIT, k)?.opsPerSec;
        const hit = r.hitRatio === undefined ? '' : `, ${percent(r.hitRatio)} hits`;
        return (
          `${ops(r.opsPerSec)} ±${r.rme.toFixed(1)}% (${ratio(r.opsPerSec, base)}, ${ratio(r.opsPerSec, fastest)}, ` +
          `${ratio(r.opsPerSec, limit)})${hit}`
        );
      });
      lines.push(`| ${c} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines;
}

function memoryTable(memory: MemoryResult[]): string[] {
  if (memory.length === 0) return [];
  return [
    '| contender | entries | heap B/entry | off-heap B/entry (of which wasm) | total B/entry | retained after clear() | after close() |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...memory.map(
      (m) =>
        `| ${m.contender} | ${m.entries.toLocaleString('en-US')} | ${m.heapPerEntry.toFixed(1)} | ` +
        `${m.externalPerEntry.toFixed(1)} (${m.wasmPerEntry.toFixed(1)}) | **${m.totalPerEntry.toFixed(1)}** | ` +
        `${bytes(m.afterClear)} | ${m.afterClose === undefined ? '–' : bytes(m.afterClose)} |`,
    ),
    '',
  ];
}

function sizeTable(sizes: SizeResult[]): string[] {
  if (sizes.length === 0) return [];
  return [
    '| entry | minified | min + gzip |',
    '|---|---:|---:|',
    ...sizes.map(
      (s) => `| ${s.name} | ${s.minified.toLocaleString('en-US')} B | **${s.gzipped.toLocaleString('en-US')} B** |`,
    ),
    '',
  ];
}

/** lru-cache's drop-in (`cortado/lru-cache`), held to lru-cache's own speed. */
const DROP_IN = 'cortado/lru-cache';

/**
 * The speed and memory targets (the default policy faster than lru-cache where it is read most,
 * every policy at least on a par on hits), evaluated against this run.
 */
export function targets(report: Report, contender = 'cortado'): string[] {
  const rows: string[] = [];
  const ops = (workload: string, keys: string, name: string, size: number) =>
    report.speed.find((r) => r.workload === workload && r.keys === keys && r.contender === name && r.size === size)
      ?.opsPerSec;
  const check = (target: string, measured: number | undefined, goal: number, higherIsBetter = true) => {
    if (measured === undefined) return;
    const ok = higherIsBetter ? measured >= goal : measured <= goal;
    rows.push(
      `| ${target} | ${goal}${higherIsBetter ? '× or more' : '× or less'} | ${measured.toFixed(2)}× | ${ok ? 'met' : '**not met**'} |`,
    );
  };
  const versus = (workload: string, keys: string, name: string, size: number, goal: number) => {
    const c = ops(workload, keys, name, size);
    const label = `\`${name}\` ${workload} @ ${size.toLocaleString('en-US')}, ${keys} keys, vs ${BASELINE}`;
    check(label, c && ratioOf(c, ops(workload, keys, BASELINE, size)), goal);
  };
  const large = (size: number) => size >= 1_000_000;
  for (const size of [...new Set(report.speed.map((r) => r.size))].sort((a, b) => a - b)) {
    for (const keys of ['int', 'short']) {
      versus('get-hit', keys, contender, size, 1.2);
      versus('zipf-90/10', keys, contender, size, large(size) ? 1.1 : 0.9);
      versus('set-evict', keys, contender, size, large(size) ? 1.0 : 0.7);
    }
    // Issue 25's: skewed hits, read-through, and writes with long and object keys.
    for (const keys of ['int', 'short', 'long', 'object']) {
      if (size === 100_000) versus('get-zipf', keys, contender, size, 1.0);
      versus('read-through', keys, contender, size, large(size) ? 1.0 : 0.9);
    }
    if (!large(size)) {
      versus('set-evict', 'long', contender, size, 0.6);
      versus('set-evict', 'object', contender, size, 0.5);
    }
    // Issue 26's: the drop-in on a par with the library it replaces, or it will not be dropped in.
    for (const keys of ['int', 'short']) {
      versus('get-hit', keys, DROP_IN, size, 1.0);
      versus('set-evict', keys, DROP_IN, size, 1.0);
    }
  }
  // The other policies: lru on a par with the best LRUs, every other policy not slower on hits.
  for (const r of report.speed.filter(
    (r) => r.contender.startsWith(`${contender} `) && r.keys === 'int' && !large(r.size),
  )) {
    const lru = r.contender === `${contender} lru`;
    if (r.workload === 'get-hit') versus('get-hit', 'int', r.contender, r.size, lru ? 1.5 : 1.0);
    if (r.workload === 'set-evict') versus('set-evict', 'int', r.contender, r.size, lru ? 1.0 : 0.6);
  }
  for (const entries of [...new Set(report.memory.map((m) => m.entries))]) {
    const b = report.memory.find((m) => m.contender === BASELINE && m.entries === entries);
    for (const name of [contender, `${contender} lru`]) {
      const c = report.memory.find((m) => m.contender === name && m.entries === entries);
      if (c === undefined || b === undefined) continue;
      const goal = name === contender ? (large(entries) ? 1.1 : 1.3) : 1.0;
      check(
        `\`${name}\` bytes per entry @ ${entries.toLocaleString('en-US')}, vs ${BASELINE} (${b.totalPerEntry.toFixed(0)} B)`,
        c.totalPerEntry / b.totalPerEntry,
        goal,
        false,
      );
    }
  }
  if (rows.length === 0) return [];
  return [
    'Targets: the default policy (`' +
      contender +
      '`) at least 1.2× lru-cache on get hits, 0.9× (10k) / 1.1× (1M) on Zipf 90/10,',
    '0.7× (10k) / 1.0× (1M) on sets that evict, and at most 1.3× (100k) / 1.1× (1M) its bytes per entry; `lru` 1.5× on hits,',
    '1.0× on set-evict and bytes; every other policy 1.0× on hits and 0.6× on set-evict. Sizes are held by `npm run size`.',
    'Issue 25 adds: 1.0× on Zipf hits (get-zipf @ 100k), 0.9× (10k) / 1.0× (1M) on read-through, and 0.6× (long keys) /',
    '0.5× (object keys) on sets that evict at 10k. Issue 26 adds: `cortado/lru-cache` 1.0× on get hits and sets that evict.',
    '',
    '| target | goal | measured | |',
    '|---|---:|---:|---|',
    ...rows,
    '',
  ];
}

function ratioOf(a: number, b: number | undefined): number | undefined {
  return b === undefined || b === 0 ? undefined : a / b;
}

/** The calibration as a markdown table: identical copies of a contender, ns per operation. */
export function calibrationTable(calibration: readonly Calibration[]): string[] {
  if (calibration.length === 0) return [];
  const copies = Math.max(...calibration.map((c) => c.nsPerOp.length));
  return [
    `| workload | contender | ${Array.from({ length: copies }, (_, i) => `copy ${i + 1} (ns/op)`).join(' | ')} | spread (max/min − 1) |`,
    `|---|---|${Array.from({ length: copies }, () => '---:').join('|')}|---:|`,
    ...calibration.map(
      (c) =>
        `| ${c.workload} @ ${c.size.toLocaleString('en-US')}, ${c.keys} | ${c.contender} | ${c.nsPerOp.map((n) => n.toFixed(1)).join(' | ')} | ${spread(c).toFixed(1)} % |`,
    ),
    '',
  ];
}

/** The markdown of the speed region (without the markers). */
export function markdown(report: Report): string {
  return [
    '## Speed, memory and size',
    '',
    `Measured ${report.date} on ${report.machine}, with \`${report.command}\`` +
      `${report.minutes === undefined ? '' : ` (${report.minutes.toFixed(1)} min)`}.`,
    `Contenders ran ${report.mode}, on the same seeded, pregenerated data, after warm-up, taking turns in`,
    'rounds; each timed call is 1000 operations; ops/s comes from the median call time and ± is the 95 %',
    'confidence interval of that median. Ratios (× lru-cache, × Map) are against lru-cache and Map in the same',
    'group of this run. The machine is shared, so absolute ops/s drift between runs; the ratios of one run are',
    'what we report. cortado is measured as users install it: the built package (`dist/`, through',
    "package.json's exports), which `npm run bench` rebuilds first when it is older than the sources.",
    '',
    ...report.notes.map((n) => `- ${n}`),
    ...(report.notes.length > 0 ? [''] : []),
    ...(report.calibration.length > 0
      ? [
          '### Harness check',
          '',
          'Identical copies of one contender timed side by side through the same harness (`npm run bench -- --calibrate`):',
          'their spread is what this harness cannot tell apart; read smaller differences between contenders as noise.',
          '',
          ...calibrationTable(report.calibration),
        ]
      : []),
    ...targets(report),
    '### Throughput',
    '',
    ...speedTables(report),
    '### Memory per entry',
    '',
    'Short-string keys ("user:123456"), small-integer values; `--expose-gc`, heap used and off-heap bytes',
    '(`process.memoryUsage().external`: typed arrays and WebAssembly memory) before and after filling.',
    '',
    ...memoryTable(report.memory),
    '### Size',
    '',
    "What a bundler ships (bench/size.ts, as `npm run size`): cortado's built entries, and each other contender's imported export bundled by esbuild (browser, ESM), minified by terser, gzip -9.",
    '',
    ...sizeTable(report.sizes),
  ].join('\n');
}

/**
 * Rewrites only one region of `file`, the speed region unless other markers are given
 * (`--tiers` writes its own), creating the file or the markers if absent.
 */
export function writeMarkdownRegion(
  file: string,
  body: string,
  markers: { start: string; end: string } = { start: START, end: END },
): void {
  const region = `${markers.start}\n${body.trimEnd()}\n${markers.end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(markers.start);
  const end = current.indexOf(markers.end);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + region + current.slice(end + markers.end.length)
      : `${current.trimEnd()}\n\n${region}\n`;
  writeFileSync(file, next);
}

/** Plain-text tables for the console. */
export function printSpeed(list: SpeedResult[], log: (line: string) => void): void {
  const base = new Map<string, number>();
  const fastest = new Map<string, number>();
  const limit = new Map<string, number>();
  for (const r of list) {
    const id = `${r.workload}/${r.keys}/${r.size}`;
    if (r.contender === BASELINE) base.set(id, r.opsPerSec);
    if (r.contender === FASTEST) fastest.set(id, r.opsPerSec);
    if (r.contender === LIMIT) limit.set(id, r.opsPerSec);
  }
  for (const r of list) {
    const id = `${r.workload}/${r.keys}/${r.size}`;
    log(
      `${id.padEnd(28)} ${r.contender.padEnd(18)} ${ops(r.opsPerSec).padStart(8)} ops/s ±${r.rme.toFixed(1).padStart(4)}%` +
        `  ${ratio(r.opsPerSec, base.get(id)).padStart(6)} lru-cache  ${ratio(r.opsPerSec, fastest.get(id)).padStart(6)} mnemonist` +
        `  ${ratio(r.opsPerSec, limit.get(id)).padStart(6)} Map` +
        (r.hitRatio === undefined ? '' : `  ${percent(r.hitRatio).padStart(7)} hits`) +
        (r.processNs === undefined ? '' : `  processes ${r.processNs.map((n) => n.toFixed(1)).join(' / ')} ns`),
    );
  }
}

export { bytes as formatBytes };
