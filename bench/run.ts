// `npm run bench`: throughput (tinybench), memory per entry and shipped size of cortado and
// the other caches, all in one process on the same data.
//
//   npm run bench                         full run (several minutes)
//   npm run bench -- --quick              a reduced set, under a minute
//   npm run bench -- --json OUT.json      also write [{workload, keys, size, contender, opsPerSec, rme}]
//   npm run bench -- --markdown [FILE]    rewrite the speed region of BENCHMARKS.md (or FILE)
//   npm run bench -- --only get-hit,set-evict --keys int,short --contenders cortado,lru-cache,Map
//   npm run bench -- --no-memory --no-size --time 500

import { writeFileSync } from 'node:fs';
import { availableContenders } from './contenders.js';
import { type KeyKind, KEY_KINDS } from './data.js';
import { WORKLOADS, releaseSharedData, type Workload } from './workloads.js';
import { timeGroup } from './measure.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { measureSizes, type SizeResult } from './size.js';
import { type Report, type SpeedResult, machine, markdown, printSpeed, targets, writeMarkdownRegion } from './report.js';

interface Args {
  quick: boolean;
  json: string | undefined;
  markdown: string | undefined;
  only: string[] | undefined;
  keys: KeyKind[] | undefined;
  contenders: string[] | undefined;
  memory: boolean;
  size: boolean;
  time: number | undefined;
}

const USAGE =
  'usage: npm run bench -- [--quick] [--json OUT.json] [--markdown [FILE]] [--only w1,w2] [--keys k1,k2] ' +
  '[--contenders c1,c2] [--no-memory] [--no-size] [--time MS]';

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    quick: false, json: undefined, markdown: undefined, only: undefined, keys: undefined,
    contenders: undefined, memory: true, size: true, time: undefined,
  };
  const list = (v: string | undefined, flag: string) => {
    if (v === undefined || v.startsWith('--')) throw new TypeError(`${flag} needs a comma-separated list\n${USAGE}`);
    return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--json') {
      const file = argv[++i];
      if (file === undefined || file.startsWith('--')) throw new TypeError(`--json needs a file name\n${USAGE}`);
      args.json = file;
    } else if (a === '--markdown') {
      const file = argv[i + 1];
      args.markdown = file !== undefined && !file.startsWith('--') ? (i++, file) : 'BENCHMARKS.md';
    } else if (a === '--only') {
      args.only = list(argv[++i], a);
      const unknown = args.only.filter((w) => !WORKLOADS.some((x) => x.name === w));
      if (unknown.length > 0) throw new RangeError(`--only: unknown workload ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.name).join(', ')}`);
    } else if (a === '--keys') {
      const keys = list(argv[++i], a);
      const unknown = keys.filter((k) => !KEY_KINDS.includes(k as KeyKind));
      if (unknown.length > 0) throw new RangeError(`--keys: unknown key kind ${unknown.join(', ')}; known: ${KEY_KINDS.join(', ')}`);
      args.keys = keys as KeyKind[];
    } else if (a === '--contenders') args.contenders = list(argv[++i], a);
    else if (a === '--no-memory') args.memory = false;
    else if (a === '--no-size') args.size = false;
    else if (a === '--time') {
      const ms = Number(argv[++i]);
      if (!(ms > 0)) throw new RangeError(`--time needs a positive number of milliseconds\n${USAGE}`);
      args.time = ms;
    } else throw new TypeError(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

/** The (workload, key kinds, size) runs of a full or quick pass. */
function plan(args: Args): { workload: Workload; keys: KeyKind[]; size: number }[] {
  const some = (kinds: KeyKind[]) => (args.keys === undefined ? kinds : kinds.filter((k) => args.keys!.includes(k)));
  const quickKeys: KeyKind[] = ['int', 'short'];
  const runs: { workload: Workload; keys: KeyKind[]; size: number }[] = [];
  for (const workload of WORKLOADS) {
    if (args.only !== undefined && !args.only.includes(workload.name)) continue;
    if (workload.name === 'set-costs') {
      runs.push({ workload, keys: some(['int', 'short']).slice(0, args.quick ? 1 : 2), size: 10_000 });
    } else if (workload.name === 'zipf-90/10') {
      runs.push({ workload, keys: some(args.quick ? quickKeys : [...KEY_KINDS]), size: 10_000 });
      // At 1M entries the stream holds millions of distinct keys: integers and short strings only.
      if (!args.quick) runs.push({ workload, keys: some(quickKeys), size: 1_000_000 });
    } else {
      runs.push({ workload, keys: some(args.quick ? quickKeys : [...KEY_KINDS]), size: 10_000 });
    }
  }
  return runs.filter((r) => r.keys.length > 0);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const notes: string[] = [];
  const contenders = availableContenders(args.contenders, (line) => {
    notes.push(line);
    log(line);
  });
  const time = args.time ?? (args.quick ? 80 : 800);
  const rounds = args.quick ? 2 : 4;
  const started = new Date();
  const speed: SpeedResult[] = [];
  for (const run of plan(args)) {
    for (const keys of run.keys) {
      const group = timeGroup(run.workload, contenders, keys, run.size, time, rounds, (line) => {
        notes.push(line);
        log(line);
      });
      printSpeed(group, log);
      speed.push(...group);
    }
  }
  releaseSharedData();

  const memory: MemoryResult[] = [];
  if (args.memory) {
    for (const entries of args.quick ? [100_000] : [100_000, 1_000_000]) {
      for (const contender of contenders) {
        const m = measureMemory(contender, entries);
        memory.push(m);
        log(`memory ${entries} ${m.contender.padEnd(18)} ${m.totalPerEntry.toFixed(1).padStart(7)} B/entry ` +
          `(heap ${m.heapPerEntry.toFixed(1)}, off-heap ${m.externalPerEntry.toFixed(1)}, wasm ${m.wasmPerEntry.toFixed(1)}); ` +
          `after clear ${m.afterClear} B, after close ${m.afterClose ?? '–'} B`);
      }
    }
  }

  const sizes: SizeResult[] = args.size ? await measureSizes(contenders) : [];
  for (const s of sizes) log(`size ${s.name.padEnd(28)} ${String(s.minified).padStart(7)} B min  ${String(s.gzipped).padStart(6)} B min+gz`);

  const report: Report = {
    date: started.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: machine(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    notes,
    workloads: WORKLOADS.map((w) => ({ name: w.name, describe: w.describe })),
    speed,
    memory,
    sizes,
  };
  for (const line of targets(report)) log(line);
  if (args.json !== undefined) {
    writeFileSync(args.json, JSON.stringify(speed, null, 2) + '\n');
    log(`wrote ${args.json}`);
  }
  if (args.markdown !== undefined) {
    writeMarkdownRegion(args.markdown, markdown(report));
    log(`rewrote the speed region of ${args.markdown}`);
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
