// Reporting: console tables, the JSON file (`--json`), and the speed region of BENCHMARKS.md
// (`--markdown`), which is rewritten in place between its markers so other regions of the
// file (the simulator's hit ratios) are left alone.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { BASELINE, LIMIT } from './contenders.js';
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

/** One markdown table per (workload, size): ops/s ±rme, then ratios to lru-cache and to Map. */
function speedTables(report: Report): string[] {
  const lines: string[] = [];
  for (const [id, list] of groups(report.speed)) {
    const kinds = [...new Set(list.map((r) => r.keys))];
    const contenders = [...new Set(list.map((r) => r.contender))];
    const workload = report.workloads.find((w) => id.startsWith(`${w.name} @`));
    const hits = list.some((r) => r.hitRatio !== undefined);
    lines.push(`#### ${id} entries`, '');
    if (workload !== undefined) {
      lines.push(`${workload.describe}. Cells: ops/s ±margin (× ${BASELINE}, × ${LIMIT})${hits ? ', hit ratio of the timed gets' : ''}.`, '');
    }
    lines.push(`| contender | ${kinds.join(' | ')} |`, `|---|${kinds.map(() => '---:').join('|')}|`);
    for (const c of contenders) {
      const cells = kinds.map((k) => {
        const r = find(list, c, k);
        if (r === undefined) return '–';
        const base = find(list, BASELINE, k)?.opsPerSec;
        const limit = find(list, LIMIT, k)?.opsPerSec;
        const hit = r.hitRatio === undefined ? '' : `, ${percent(r.hitRatio)} hits`;
        return `${ops(r.opsPerSec)} ±${r.rme.toFixed(1)}% (${ratio(r.opsPerSec, base)}, ${ratio(r.opsPerSec, limit)})${hit}`;
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
    ...sizes.map((s) => `| ${s.name} | ${s.minified.toLocaleString('en-US')} B | **${s.gzipped.toLocaleString('en-US')} B** |`),
    '',
  ];
}

/** The targets of issue 6, evaluated for cortado's default policy against this run. */
export function targets(report: Report, contender = 'cortado'): string[] {
  const rows: string[] = [];
  const byKey = (workload: string, keys: string, name: string, size?: number) =>
    report.speed.find((r) => r.workload === workload && r.keys === keys && r.contender === name && (size === undefined || r.size === size))
      ?.opsPerSec;
  const check = (target: string, measured: number | undefined, goal: number, higherIsBetter = true) => {
    if (measured === undefined) return;
    const ok = higherIsBetter ? measured >= goal : measured <= goal;
    rows.push(`| ${target} | ${goal}${higherIsBetter ? '× or more' : ' or less'} | ${measured.toFixed(2)}${higherIsBetter ? '×' : ''} | ${ok ? 'met' : '**not met**'} |`);
  };
  for (const keys of ['short', 'int']) {
    const c = byKey('get-hit', keys, contender);
    check(`get-hit, ${keys} keys, vs ${BASELINE}`, c && ratioOf(c, byKey('get-hit', keys, BASELINE)), 1.5);
    check(`get-hit, ${keys} keys, vs ${LIMIT}`, c && ratioOf(c, byKey('get-hit', keys, LIMIT)), 0.8);
  }
  const zipfSizes = [...new Set(report.speed.filter((r) => r.workload === 'zipf-90/10').map((r) => r.size))];
  for (const size of zipfSizes) {
    for (const keys of ['int', 'short', 'long', 'object']) {
      const c = byKey('zipf-90/10', keys, contender, size);
      check(`zipf-90/10 @ ${size.toLocaleString('en-US')}, ${keys} keys, vs ${BASELINE}`, c && ratioOf(c, byKey('zipf-90/10', keys, BASELINE, size)), 1.3);
    }
  }
  for (const keys of ['int', 'short', 'long', 'object']) {
    const c = byKey('set-evict', keys, contender);
    check(`set-evict, ${keys} keys, vs ${BASELINE}`, c && ratioOf(c, byKey('set-evict', keys, BASELINE)), 1.0);
  }
  for (const entries of [...new Set(report.memory.map((m) => m.entries))]) {
    const c = report.memory.find((m) => m.contender === contender && m.entries === entries);
    const b = report.memory.find((m) => m.contender === BASELINE && m.entries === entries);
    if (c !== undefined && b !== undefined) {
      check(`bytes per entry @ ${entries.toLocaleString('en-US')}, vs ${BASELINE} (${b.totalPerEntry.toFixed(0)} B)`, c.totalPerEntry / b.totalPerEntry, 1, false);
    }
  }
  for (const entry of report.sizes.filter((s) => s.name.includes('(JS + inlined wasm)'))) {
    const ok = entry.gzipped <= 12 * 1024;
    rows.push(`| min + gzip size, ${entry.name} | 12 KiB or less | ${bytes(entry.gzipped)} | ${ok ? 'met' : '**not met**'} |`);
  }
  if (rows.length === 0) return [];
  return [`Targets (issue 6) for \`${contender}\` (the default policy), ratios from this run:`, '',
    '| target | goal | measured | |', '|---|---:|---:|---|', ...rows, ''];
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
    ...calibration.map((c) =>
      `| ${c.workload} @ ${c.size.toLocaleString('en-US')}, ${c.keys} | ${c.contender} | ${c.nsPerOp.map((n) => n.toFixed(1)).join(' | ')} | ${spread(c).toFixed(1)} % |`),
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
    'what we report.',
    '',
    ...report.notes.map((n) => `- ${n}`),
    ...(report.notes.length > 0 ? [''] : []),
    ...(report.calibration.length > 0
      ? ['### Harness check', '',
        'Identical copies of one contender timed side by side through the same harness (`npm run bench -- --calibrate`):',
        'their spread is what this harness cannot tell apart; read smaller differences between contenders as noise.', '',
        ...calibrationTable(report.calibration)]
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
    'esbuild bundle of the imported export (browser, ESM, minified), gzip -9.',
    '',
    ...sizeTable(report.sizes),
  ].join('\n');
}

/** Rewrites only the speed region of `file` (creating the file or the markers if absent). */
export function writeMarkdownRegion(file: string, body: string): void {
  const region = `${START}\n${body.trimEnd()}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + region + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${region}\n`;
  writeFileSync(file, next);
}

/** Plain-text tables for the console. */
export function printSpeed(list: SpeedResult[], log: (line: string) => void): void {
  const base = new Map<string, number>();
  const limit = new Map<string, number>();
  for (const r of list) {
    const id = `${r.workload}/${r.keys}/${r.size}`;
    if (r.contender === BASELINE) base.set(id, r.opsPerSec);
    if (r.contender === LIMIT) limit.set(id, r.opsPerSec);
  }
  for (const r of list) {
    const id = `${r.workload}/${r.keys}/${r.size}`;
    log(
      `${id.padEnd(28)} ${r.contender.padEnd(18)} ${ops(r.opsPerSec).padStart(8)} ops/s ±${r.rme.toFixed(1).padStart(4)}%` +
        `  ${ratio(r.opsPerSec, base.get(id)).padStart(6)} lru-cache  ${ratio(r.opsPerSec, limit.get(id)).padStart(6)} Map` +
        (r.hitRatio === undefined ? '' : `  ${percent(r.hitRatio).padStart(7)} hits`) +
        (r.processNs === undefined ? '' : `  processes ${r.processNs.map((n) => n.toFixed(1)).join(' / ')} ns`),
    );
  }
}

export { bytes as formatBytes };
