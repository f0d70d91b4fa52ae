// `npm run bench`: throughput (tinybench), memory per entry and shipped size of cortado and
// the other caches, on the same seeded data.
//
//   npm run bench                          full run (about 10 minutes on 2 shared cores)
//   npm run bench -- --quick               a reduced set, about a minute
//   npm run bench -- --calibrate           only the harness check: identical Map and lru-cache copies
//   npm run bench -- --only cortado,lru-cache,Map --workloads get-hit,set-evict --keys int --sizes 10k
//                                          one cell, quickly (--only takes contender and workload names)
//   CORTADO_BASELINE=../before npm run bench -- --only cortado,baseline,lru-cache …
//                                          before/after in one run: "baseline" is that checkout's default
//   npm run bench -- --json OUT.json       also write [{workload, keys, size, contender, opsPerSec, rme, hitRatio?}]
//   npm run bench -- --markdown [FILE]     rewrite the speed region of BENCHMARKS.md (or FILE)
//   npm run bench -- --tiers [--markdown]  only cortado/redis's TieredCache against a real redis-server
//                                          (L1 hit, L2 hit, miss with load); its own region of BENCHMARKS.md
//   npm run bench -- --no-memory --no-size --no-calibrate --time 500 --rounds 4
//   npm run bench -- --processes 1         one child process per contender (a full run uses three, samples pooled: one
//                                          process is one draw of the JIT/layout lottery; see --calibrate)
//   npm run bench -- --in-process          all contenders in this one process (no child per contender)
//   npm run bench -- --no-bundle           run the TypeScript under tsx instead of a plain-node bundle
//   npm run bench -- --subclassed-string   every timing process first declares `class extends String` (node-redis
//                                          does so on import), after which V8 optimises string methods differently
//   CORTADO_BENCH_CHILD_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- …
//                                          node flags for the contenders' child processes only
//   npm run bench -- --calibrate --biased-source
//                                          the old harness, to show its bias: identical loop source for
//                                          every contender, all in one process (implies --in-process)
//
// How it runs. `npm run bench` starts this file under tsx; it bundles itself (esbuild, packages
// left external) and reruns as plain `node`, because tsx's loader detaches an ArrayBuffer at
// startup, which invalidates V8's ArrayBufferDetaching protector for the whole process: every
// typed-array access then pays a detach check, in every library. Then, by default, each
// contender runs in child processes of its own, fresh for each group (workload, key kind and
// size), all driven round by round (see measure.ts), so that no library's effect on the process
// (a wasm memory.grow invalidates the same protector), its JIT feedback or its heap reaches
// another's measurement, nor one workload's the next one's.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTENDERS, availableContenders, contenderNamed, type Contender } from './contenders.js';
import { type KeyKind, KEY_KINDS } from './data.js';
import { WORKLOADS, releaseSharedData, setBiasedSource, type Workload } from './workloads.js';
import {
  SUBCLASSED_STRING_ENV,
  declareStringSubclass,
  hostPool,
  serveChild,
  timeGroup,
  type HostPool,
  type TimingOptions,
} from './measure.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { measureSizes, type SizeResult } from './size.js';
import { benchTiers, tiersMarkdown } from './tiers.js';
import {
  type Calibration,
  type Report,
  type SpeedResult,
  calibrationTable,
  machine,
  markdown,
  printSpeed,
  spread,
  targets,
  writeMarkdownRegion,
} from './report.js';

declare const __CORTADO_BENCH_BUNDLE__: boolean | undefined;

export interface Args {
  quick: boolean;
  calibrate: boolean;
  /** undefined: calibrate in a full run, not in a quick one. */
  withCalibration: boolean | undefined;
  json: string | undefined;
  markdown: string | undefined;
  workloads: string[] | undefined;
  keys: KeyKind[] | undefined;
  sizes: number[] | undefined;
  contenders: string[] | undefined;
  memory: boolean;
  size: boolean;
  time: number | undefined;
  rounds: number | undefined;
  processes: number | undefined;
  isolate: boolean;
  bundle: boolean;
  biasedSource: boolean;
  /** Every timing process first declares `class extends String`, as node-redis does on import. */
  subclassedString: boolean;
  /** Only the two-tier (Redis) bench. */
  tiers: boolean;
}

const USAGE =
  'usage: npm run bench -- [--quick] [--calibrate] [--only names] [--workloads w1,w2] [--contenders c1,c2] ' +
  '[--keys k1,k2] [--sizes 10k,1M] [--json OUT.json] [--markdown [FILE]] [--no-memory] [--no-size] [--no-calibrate] ' +
  '[--time MS] [--rounds N] [--processes N] [--in-process] [--no-bundle] [--biased-source] [--subclassed-string] [--tiers]';

/** "10k", "1M", "10000" → entries. */
function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.replace(/_/g, ''));
  const n = m === null ? NaN : Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]!) ? 1e3 : 1e6);
  if (!(Number.isInteger(n) && n >= 16))
    throw new RangeError(`--sizes: ${JSON.stringify(text)} is not a size (e.g. 10k, 1M, 50000)`);
  return n;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    quick: false,
    calibrate: false,
    withCalibration: undefined,
    json: undefined,
    markdown: undefined,
    workloads: undefined,
    keys: undefined,
    sizes: undefined,
    contenders: undefined,
    memory: true,
    size: true,
    time: undefined,
    rounds: undefined,
    processes: undefined,
    isolate: true,
    bundle: true,
    biasedSource: false,
    subclassedString: false,
    tiers: false,
  };
  const list = (v: string | undefined, flag: string) => {
    if (v === undefined || v.startsWith('--')) throw new TypeError(`${flag} needs a comma-separated list\n${USAGE}`);
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  };
  const workloadNames = WORKLOADS.map((w) => w.name);
  const contenderNames = CONTENDERS.map((c) => c.name);
  const addWorkloads = (names: string[], flag: string) => {
    const unknown = names.filter((w) => !workloadNames.includes(w));
    if (unknown.length > 0)
      throw new RangeError(`${flag}: unknown workload ${unknown.join(', ')}; known: ${workloadNames.join(', ')}`);
    args.workloads = [...(args.workloads ?? []), ...names];
  };
  const addContenders = (names: string[]) => {
    for (const name of names) contenderNamed(name); // throws naming the known ones
    args.contenders = [...(args.contenders ?? []), ...names];
  };
  const positive = (v: string | undefined, flag: string) => {
    const n = Number(v);
    if (!(n > 0)) throw new RangeError(`${flag} needs a positive number\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') args.quick = true;
    else if (a === '--calibrate') args.calibrate = true;
    else if (a === '--no-calibrate') args.withCalibration = false;
    else if (a === '--json') {
      const file = argv[++i];
      if (file === undefined || file.startsWith('--')) throw new TypeError(`--json needs a file name\n${USAGE}`);
      args.json = file;
    } else if (a === '--markdown') {
      const file = argv[i + 1];
      args.markdown = file !== undefined && !file.startsWith('--') ? (i++, file) : 'BENCHMARKS.md';
    } else if (a === '--only') {
      // Workload and contender names do not overlap: each name goes where it belongs.
      const names = list(argv[++i], a);
      const unknown = names.filter(
        (n) => !workloadNames.includes(n) && !contenderNames.includes(n) && !/ #\d+$/.test(n),
      );
      if (unknown.length > 0) {
        throw new RangeError(
          `--only: unknown name ${unknown.join(', ')}; workloads: ${workloadNames.join(', ')}; contenders: ${contenderNames.join(', ')}`,
        );
      }
      const w = names.filter((n) => workloadNames.includes(n));
      if (w.length > 0) addWorkloads(w, a);
      const c = names.filter((n) => !workloadNames.includes(n));
      if (c.length > 0) addContenders(c);
    } else if (a === '--workloads') addWorkloads(list(argv[++i], a), a);
    else if (a === '--contenders') addContenders(list(argv[++i], a));
    else if (a === '--keys') {
      const keys = list(argv[++i], a);
      const unknown = keys.filter((k) => !KEY_KINDS.includes(k as KeyKind));
      if (unknown.length > 0)
        throw new RangeError(`--keys: unknown key kind ${unknown.join(', ')}; known: ${KEY_KINDS.join(', ')}`);
      args.keys = keys as KeyKind[];
    } else if (a === '--sizes') args.sizes = list(argv[++i], a).map(parseSize);
    else if (a === '--no-memory') args.memory = false;
    else if (a === '--no-size') args.size = false;
    else if (a === '--time') args.time = positive(argv[++i], a);
    else if (a === '--rounds') args.rounds = Math.round(positive(argv[++i], a));
    else if (a === '--processes') args.processes = Math.round(positive(argv[++i], a));
    else if (a === '--in-process') args.isolate = false;
    else if (a === '--no-bundle') args.bundle = false;
    else if (a === '--biased-source') args.biasedSource = true;
    else if (a === '--subclassed-string') args.subclassedString = true;
    else if (a === '--tiers') args.tiers = true;
    else throw new TypeError(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

/** The markers of the two-tier bench's region in BENCHMARKS.md. */
export const TIERS_MARKERS = { start: '<!-- tiers:start -->', end: '<!-- tiers:end -->' };

/** One group: a workload on one key kind and size, and the contenders timed side by side. */
export interface Group {
  workload: Workload;
  keys: KeyKind;
  size: number;
  contenders: Contender[];
}

/** Where each workload runs in a full pass: sizes, and key kinds per size. */
const FULL: Record<string, { sizes: number[] }> = {
  'get-hit': { sizes: [10_000, 1_000_000] },
  'get-zipf': { sizes: [10_000, 100_000, 1_000_000] },
  'get-miss': { sizes: [10_000] },
  'set-evict': { sizes: [10_000, 1_000_000] },
  'set-update': { sizes: [10_000] },
  'zipf-90/10': { sizes: [10_000, 1_000_000] },
  'zipf-mixed': { sizes: [10_000, 1_000_000] },
  'read-through': { sizes: [10_000, 1_000_000] },
  'read-through-load-1us': { sizes: [10_000] },
  'read-through-load-10us': { sizes: [10_000] },
  'set-costs': { sizes: [10_000] },
};
/** The workloads a quick pass also runs with short string keys (the others: integers only). */
const QUICK_SHORT = ['get-hit', 'set-evict', 'zipf-mixed'];
/** The workloads a quick pass leaves out unless named: most of their time is the simulated load. */
const QUICK_SKIPS = ['read-through-load-1us', 'read-through-load-10us'];
/** The workloads the policy sweep (every other cortado policy) runs, at 10k integer keys. */
const SWEEP_WORKLOADS = ['get-hit', 'set-evict'];
/**
 * The contenders timed at 1M entries (unless named): cortado's two rows, the three every ratio
 * is taken against (the most used LRU, the fastest pure-JS one, the bare Map), and the drop-in
 * (on its two workloads only, see Contender.workloads). Each contender's
 * child builds millions of keys and, for the Zipf mixes, a warm-up pass of 4M operations: for
 * all nine contenders that alone took ~10 of 21 minutes.
 */
export const AT_SCALE = ['cortado', 'cortado lru', 'lru-cache', 'mnemonist LRUMap', 'Map', 'cortado/lru-cache'];

/**
 * The groups of a full or quick pass. Full: every key kind below 1M, integers and short strings at
 * 1M (a million 200-character keys or objects per contender would measure the allocator) for
 * AT_SCALE; the policy sweep at 10k on integers. Quick: 10k, integers (and short strings for
 * QUICK_SHORT), the sweep on integers. Named contenders (--contenders/--only) run wherever a
 * workload runs. --keys and --sizes replace the kinds and sizes.
 */
export function plan(args: Args, contenders: readonly Contender[]): Group[] {
  const groups: Group[] = [];
  const named = args.contenders !== undefined;
  for (const workload of WORKLOADS) {
    if (
      args.workloads !== undefined
        ? !args.workloads.includes(workload.name)
        : args.quick && QUICK_SKIPS.includes(workload.name)
    )
      continue;
    const sizes = args.sizes ?? (args.quick ? [10_000] : (FULL[workload.name]?.sizes ?? [10_000]));
    for (const size of sizes) {
      let kinds: KeyKind[] = args.quick
        ? QUICK_SHORT.includes(workload.name)
          ? ['int', 'short']
          : ['int']
        : size >= 1_000_000
          ? ['int', 'short']
          : [...KEY_KINDS];
      if (args.keys !== undefined) kinds = args.keys;
      for (const keys of kinds) {
        const sweep = SWEEP_WORKLOADS.includes(workload.name) && size === 10_000 && keys === 'int';
        const chosen = contenders.filter(
          (c) =>
            workload.supports(c) &&
            (keys !== 'object' || c.primitiveKeysOnly !== true) &&
            (named ||
              ((c.sweep !== true || sweep) &&
                (c.workloads === undefined || c.workloads.includes(workload.name)) &&
                (size < 1_000_000 || AT_SCALE.includes(c.name)))),
        );
        if (chosen.length > 0) groups.push({ workload, keys, size, contenders: chosen });
      }
    }
  }
  // By size and key kind (the order of the report's tables).
  const kindOrder = (k: KeyKind) => KEY_KINDS.indexOf(k);
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => a.g.size - b.g.size || kindOrder(a.g.keys) - kindOrder(b.g.keys) || a.i - b.i)
    .map(({ g }) => g);
}

/** The calibration: four copies each of Map and of lru-cache, on these workloads at 10k integer keys. */
export const CALIBRATION = {
  workloads: ['get-hit', 'set-evict', 'zipf-mixed'],
  contenders: ['Map', 'lru-cache'],
  copies: 4,
  size: 10_000,
};

async function calibrate(options: TimingOptions, log: (line: string) => void): Promise<Calibration[]> {
  const out: Calibration[] = [];
  await withPool(options, async (pool) => {
    for (const name of CALIBRATION.workloads) {
      const workload = WORKLOADS.find((w) => w.name === name)!;
      for (const base of CALIBRATION.contenders) {
        const copies = Array.from({ length: CALIBRATION.copies }, (_, i) => contenderNamed(`${base} #${i + 1}`));
        const rows = await timeGroup(workload, copies, 'int', CALIBRATION.size, options, log, pool);
        const c: Calibration = {
          workload: name,
          keys: 'int',
          size: CALIBRATION.size,
          contender: base,
          nsPerOp: rows.map((r) => 1e9 / r.opsPerSec),
        };
        if (c.nsPerOp.length < 2) continue;
        out.push(c);
        log(
          `calibrate ${`${name}/int/${CALIBRATION.size}`.padEnd(22)} ${base.padEnd(10)} ` +
            `${c.nsPerOp.map((n) => n.toFixed(1).padStart(6)).join(' ')} ns/op   spread ${spread(c).toFixed(1)} %`,
        );
      }
    }
  });
  return out;
}

/** Runs `body` with a pool of hosts, ended (child processes and all) however `body` ends. */
async function withPool<T>(options: TimingOptions, body: (pool: HostPool) => Promise<T>): Promise<T> {
  const pool = hostPool(options);
  try {
    return await body(pool);
  } finally {
    await pool.dispose();
    releaseSharedData();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const began = Date.now();
  const log = (line: string) => console.log(line);
  if (args.tiers) {
    const report = await benchTiers(log);
    if (args.markdown !== undefined) {
      writeMarkdownRegion(args.markdown, tiersMarkdown(report), TIERS_MARKERS);
      log(`rewrote the tiers region of ${args.markdown}`);
    }
    return;
  }
  const notes: string[] = [];
  const note = (line: string) => {
    notes.push(line);
    log(line);
  };
  if (args.biasedSource) args.isolate = false; // only one process can share a loop's code
  setBiasedSource(args.biasedSource);
  if (args.subclassedString) {
    process.env[SUBCLASSED_STRING_ENV] = '1'; // the children inherit it (see serveChild)
    declareStringSubclass();
    note(
      '--subclassed-string: every timing process declared `class extends String` first (as node-redis does on import)',
    );
  }
  const options: TimingOptions = {
    time: args.time ?? (args.quick ? 80 : 800),
    rounds: args.rounds ?? (args.quick ? 2 : 4),
    isolate: args.isolate,
    // Three processes per contender in a full run: one process can land in a slower or faster
    // state for its whole life (cortado's set-evict measured 450 and 900 ns in two processes of
    // the same build), which one process per contender would report as a difference.
    processes: args.processes ?? (args.quick || args.calibrate ? 1 : 3),
  };
  const mode = !args.isolate
    ? 'all in one process'
    : options.processes === 1
      ? 'each in a child process of its own (one per contender and workload, key kind and size)'
      : `each in ${options.processes} child processes of its own (fresh per workload, key kind and size; samples pooled)`;
  log(`${machine()}; contenders ${mode}; ${options.time} ms each in ${options.rounds} rounds per group`);
  if (args.biasedSource)
    note("--biased-source: every contender's loop compiled from identical source text (the old, biased harness)");

  // A full, unrestricted run checks the harness first (the report quotes it); --calibrate does only that.
  const restricted =
    args.workloads !== undefined ||
    args.contenders !== undefined ||
    args.keys !== undefined ||
    args.sizes !== undefined;
  const calibration =
    args.calibrate || (args.withCalibration ?? (!args.quick && !restricted)) ? await calibrate(options, log) : [];
  if (args.calibrate) {
    log('');
    for (const line of calibrationTable(calibration)) log(line);
    log(`took ${((Date.now() - began) / 1000).toFixed(0)} s`);
    return;
  }

  const contenders = availableContenders(args.contenders, note);
  for (const c of contenders.filter((c) => c.primitiveKeysOnly === true)) {
    note(
      `${c.name} is left out of the object-key groups: it stores keys as property names, so every object key is "[object Object]"`,
    );
  }
  const speed: SpeedResult[] = [];
  const groups = plan(args, contenders);
  // One pool per group: every workload gets fresh child processes. A child that served the
  // workloads before it carries their JIT feedback: in one that had served seven workloads of a
  // block, lru-cache ran zipf-mixed and read-through 4x slower than in a fresh one (no single
  // earlier workload did it alone), which is the harness's doing, not the library's.
  let index = 0;
  for (const group of groups) {
    await withPool(options, async (pool) => {
      const t0 = Date.now();
      const rows = await timeGroup(group.workload, group.contenders, group.keys, group.size, options, note, pool);
      log(
        `[${++index}/${groups.length}] ${group.workload.name}/${group.keys}/${group.size}: ` +
          `${group.contenders.length} contenders, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      printSpeed(rows, log);
      speed.push(...rows);
    });
  }

  const memory: MemoryResult[] = [];
  if (args.memory) {
    for (const entries of args.quick ? [100_000] : [100_000, 1_000_000]) {
      for (const contender of contenders.filter((c) => c.sweep !== true || args.contenders !== undefined)) {
        const m = measureMemory(contender, entries);
        memory.push(m);
        log(
          `memory ${entries} ${m.contender.padEnd(18)} ${m.totalPerEntry.toFixed(1).padStart(7)} B/entry ` +
            `(heap ${m.heapPerEntry.toFixed(1)}, off-heap ${m.externalPerEntry.toFixed(1)}, wasm ${m.wasmPerEntry.toFixed(1)}); ` +
            `after clear ${m.afterClear} B, after close ${m.afterClose ?? '–'} B`,
        );
      }
    }
  }

  const sizes: SizeResult[] = args.size ? await measureSizes(contenders.filter((c) => c.sweep !== true)) : [];
  for (const s of sizes)
    log(`size ${s.name.padEnd(33)} ${String(s.minified).padStart(7)} B min  ${String(s.gzipped).padStart(6)} B min+gz`);

  const minutes = (Date.now() - began) / 60_000;
  const report: Report = {
    date: `${new Date(began).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    machine: machine(),
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    mode,
    minutes,
    notes,
    calibration,
    workloads: WORKLOADS.map((w) => ({ name: w.name, describe: w.describe })),
    speed,
    memory,
    sizes,
  };
  for (const line of targets(report)) log(line);
  if (args.json !== undefined) {
    writeFileSync(args.json, `${JSON.stringify(speed, null, 2)}\n`);
    log(`wrote ${args.json}`);
  }
  if (args.markdown !== undefined) {
    writeMarkdownRegion(args.markdown, markdown(report));
    log(`rewrote the speed region of ${args.markdown}`);
  }
  log(`took ${minutes.toFixed(1)} min`);
}

/** Bundles this file for plain node and reruns it there (see the top of this file); returns the exit code. */
async function rerunBundled(argv: readonly string[]): Promise<number> {
  const { build } = await import('esbuild');
  const root = fileURLToPath(new URL('..', import.meta.url));
  // One directory below the root, as bench/ is: size.ts finds ../build and ../src from its own URL.
  const dir = `${root}.scratch`;
  mkdirSync(dir, { recursive: true });
  const outfile = `${dir}/bench-run-${process.pid}.mjs`;
  try {
    await build({
      entryPoints: [fileURLToPath(import.meta.url)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      define: { __CORTADO_BENCH_BUNDLE__: 'true' },
      logLevel: 'warning',
    });
    const flags = process.execArgv.filter((f) => f === '--expose-gc');
    // Ctrl-C reaches the bundle (same process group), which ends; this process then removes it.
    process.on('SIGINT', () => {});
    const result = spawnSync(process.execPath, [...flags, outfile, ...argv], { stdio: 'inherit' });
    return result.status ?? 1;
  } finally {
    rmSync(outfile, { force: true });
  }
}

const bundled = typeof __CORTADO_BENCH_BUNDLE__ !== 'undefined';
const entry =
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url).replace(/\.ts$/, '') === process.argv[1].replace(/\.(ts|mjs|js)$/, '');
if (process.argv[2] === '--child') serveChild();
else if (bundled || entry) {
  const argv = process.argv.slice(2);
  const run =
    !bundled && !argv.includes('--no-bundle') ? rerunBundled(argv).then((code) => process.exit(code)) : main(argv);
  run.catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
