// `npm run profile`: where the time of one workload goes, for BENCHMARKS.md's "Where the time goes".
// Runs the workload against the built package (dist/index.js) in a child process under
// `node --cpu-prof`, then sums the profile's self time per function of dist/index.js (each tick
// charged to the method whose source line it fell on, so time inlined into a caller still counts
// for the method that wrote it), per WebAssembly function, and for the rest (the loop, GC).
//
//   npm run profile -- [--workload set-evict|zipf|get-hit] [--policy NAME] [--size N] [--top N] [--lines N]
//
//   --lines N  also the N source lines of dist/index.js with the most self time (which line of
//              a method the time is in: e.g. the Map lookup inside Cache.get)
//
//   set-evict  set() of a new key on a full cache (keys cycle through 4 x size string keys)
//   zipf       read-through: get() of Zipf(0.99) keys over 10 x size keys, set() on 10 % of misses
//   get-hit    get() of resident keys in uniform random order
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist/index.js');
const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'set-evict' },
    policy: { type: 'string' },
    size: { type: 'string', default: '10000' },
    top: { type: 'string', default: '20' },
    lines: { type: 'string', default: '0' },
    child: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
if (!['set-evict', 'zipf', 'get-hit'].includes(values.workload))
  throw new RangeError(`--workload: set-evict, zipf or get-hit, got ${values.workload}`);
if (!(Number.isInteger(size) && size >= 16))
  throw new RangeError(`--size: an integer of at least 16, got ${values.size}`);

/** xorshift32: the same keys and order in every run. */
function random(seed) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

async function child() {
  const { Cache } = await import(pathToFileURL(dist).href);
  const cache = new Cache({ maxCost: size, seed: 1, ...(values.policy ? { policy: values.policy } : {}) });
  const next = random(12345);
  let run;
  if (values.workload === 'set-evict') {
    const keys = Array.from({ length: 4 * size }, (_, i) => `user:${i}`);
    let p = 0;
    run = (n) => {
      for (let i = 0; i < n; i++) {
        cache.set(keys[p], i);
        if (++p === keys.length) p = 0;
      }
    };
  } else if (values.workload === 'get-hit') {
    const keys = Array.from({ length: size }, (_, i) => `user:${i}`);
    for (const k of keys) cache.set(k, 1);
    const order = Int32Array.from({ length: 1 << 16 }, () => Math.floor(next() * size));
    let p = 0;
    run = (n) => {
      for (let i = 0; i < n; i++) {
        cache.get(keys[order[p]]);
        p = (p + 1) & 0xffff;
      }
    };
  } else {
    const distinct = 10 * size;
    const keys = Array.from({ length: distinct }, (_, i) => `user:${i}`);
    const cdf = new Float64Array(distinct);
    let total = 0;
    for (let i = 0; i < distinct; i++) cdf[i] = total += 1 / (i + 1) ** 0.99;
    const order = Int32Array.from({ length: 1 << 20 }, () => {
      const u = next() * total;
      let lo = 0;
      let hi = distinct - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    });
    let p = 0;
    run = (n) => {
      for (let i = 0; i < n; i++) {
        const k = keys[order[p]];
        if (cache.get(k) === undefined && (p & 7) === 0) cache.set(k, i);
        p = (p + 1) & 0xfffff;
      }
    };
  }
  run(200_000); // warm-up
  const ops = values.workload === 'set-evict' ? 3_000_000 : 20_000_000;
  const start = performance.now();
  run(ops);
  console.log(JSON.stringify({ nsPerOp: ((performance.now() - start) * 1e6) / ops, ops }));
}

/** For each line of dist/index.js, the Class.method (or function) it belongs to. */
function ownersOfLines(source) {
  const owners = [''];
  let cls = '';
  let method = '';
  for (const line of source.split('\n')) {
    let m;
    if ((m = /^(?:export )?class (\w+)/.exec(line))) cls = m[1];
    else if ((m = /^function\*? (\w+)/.exec(line))) [cls, method] = ['', m[1]];
    else if ((m = /^ {2}(?:static |get |set |async |\*)?(#?\w+|\[[^\]]+\])\(.*\) \{$/.exec(line))) method = m[1];
    owners.push(cls === '' ? method : `${cls}.${method}`);
  }
  return owners;
}

/**
 * Function index -> name, from build/cortado.wat (written by the same asc run as the shipped
 * binary, which keeps no names): functions are numbered in the order they appear, after imports.
 */
function wasmFunctionNames() {
  const names = new Map();
  let wat;
  try {
    wat = readFileSync(join(root, 'build/cortado.wat'), 'utf8');
  } catch {
    return names; // no text file: functions go by number
  }
  let index = 0;
  for (const m of wat.matchAll(/^ \((import "[^"]*" "[^"]*" \(func|func) \$assembly\/([\w/-]+)/gm))
    names.set(index++, m[2]);
  return names;
}

function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'cortado-profile-'));
  try {
    const args = [
      fileURLToPath(import.meta.url),
      '--child',
      '--workload',
      values.workload,
      '--size',
      String(size),
      ...(values.policy ? ['--policy', values.policy] : []),
    ];
    const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`the profiled run failed:\n${result.stderr}`);
    const { nsPerOp, ops } = JSON.parse(result.stdout.trim().split('\n').pop());
    const profile = JSON.parse(
      readFileSync(
        join(
          dir,
          readdirSync(dir).find((f) => f.endsWith('.cpuprofile')),
        ),
        'utf8',
      ),
    );
    const source = readFileSync(dist, 'utf8');
    const owners = ownersOfLines(source);
    const byLine = new Map();
    const wasmNames = wasmFunctionNames();
    const shares = new Map();
    let total = 0;
    const add = (name, ticks) => shares.set(name, (shares.get(name) ?? 0) + ticks);
    for (const node of profile.nodes) {
      total += node.hitCount;
      const { url, functionName } = node.callFrame;
      if (url.endsWith('/dist/index.js') && node.positionTicks !== undefined) {
        for (const { line, ticks } of node.positionTicks) {
          add(owners[line] || functionName || '(anonymous)', ticks);
          byLine.set(line, (byLine.get(line) ?? 0) + ticks);
        }
      } else if (node.hitCount > 0) {
        const wasm = /^wasm-function\[(\d+)\]$/.exec(functionName);
        if (url.startsWith('wasm://') && wasm !== null) {
          add(`WebAssembly ${wasmNames.get(Number(wasm[1])) ?? `function ${wasm[1]}`}`, node.hitCount);
        } else {
          const where = url.endsWith('profile.mjs') ? 'the workload loop' : url === '' ? '' : 'Node';
          add(`${functionName || '(anonymous)'}${where === '' ? '' : ` [${where}]`}`, node.hitCount);
        }
      }
    }
    const label = `${values.workload} @ ${size.toLocaleString('en-US')}, ${values.policy ?? 'default policy'}`;
    console.log(
      `${label}: ${nsPerOp.toFixed(1)} ns/op over ${ops.toLocaleString('en-US')} ops, Node ${process.version}`,
    );
    console.log('| share | where (self time, inlined code charged to its own method) |');
    console.log('|---:|---|');
    for (const [name, ticks] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
      console.log(`| ${((100 * ticks) / total).toFixed(1)} % | ${name} |`);
    }
    const lines = Number(values.lines);
    if (lines > 0) {
      const text = source.split('\n');
      console.log('\n| share | line of dist/index.js |');
      console.log('|---:|---|');
      for (const [line, ticks] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, lines)) {
        console.log(
          `| ${((100 * ticks) / total).toFixed(1)} % | ${owners[line]}: \`${text[line - 1].trim().replace(/\|/g, '\\|')}\` |`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.child) await child();
else parent();
