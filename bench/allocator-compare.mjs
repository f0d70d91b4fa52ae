// Compares the arenas' allocator (assembly/memory.ts) with AssemblyScript's own TLSF (runtime
// "minimal", heap.alloc/heap.free), as issue 22 asked: the same random workload through both,
// compiled here with the options of the shipped module. 1,024 live blocks of 16 B to 64 KiB
// (powers of two, like the kernels' tables); each step frees one at random and allocates another,
// whose first and last bytes the owner then writes. TLSF's blocks are zero-filled after
// heap.alloc, since the kernels need zeroed tables and TLSF cannot tell fresh memory from reused.
// Prints time per free + alloc pair and the memory each ends with.
//
//   node bench/allocator-compare.mjs [steps]      (default 1,000,000)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'cortado-allocators-'));

const workload = (allocate, release) => `
const SLOTS: u32 = 1024;
let ptrs: usize = 0;
let sizes: usize = 0;
let rng: u64 = 88172645463325252;
function next(): u32 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return <u32>(rng >> 32); }
export function run(steps: u32): u32 {
  if (ptrs == 0) { ptrs = ${allocate('SLOTS * 4')}; sizes = ${allocate('SLOTS * 4')}; }
  for (let i: u32 = 0; i < steps; i++) {
    const at = <usize>(next() % SLOTS) << 2;
    const p = load<u32>(ptrs + at);
    if (p != 0) ${release('p', 'load<u32>(sizes + at)')};
    const s = <usize>16 << (next() % 13);
    const q = ${allocate('s')};
    store<u8>(q, 1);
    store<u8>(q + s - 1, 1);
    store<u32>(ptrs + at, <u32>q);
    store<u32>(sizes + at, <u32>s);
  }
  return memory.size();
}
`;

const memoryTs = relative(dir, join(root, 'assembly', 'memory'))
  .split('\\')
  .join('/');
writeFileSync(
  join(dir, 'ours.ts'),
  `import { alloc, free } from "${memoryTs}";\n${workload(
    (n) => `alloc(${n})`,
    (p, n) => `free(${p}, ${n})`,
  )}`,
);
writeFileSync(
  join(dir, 'tlsf.ts'),
  `function zeroed(n: usize): usize { const p = heap.alloc(n); memory.fill(p, 0, n); return p; }\n${workload(
    (n) => `zeroed(${n})`,
    (p) => `heap.free(${p})`,
  )}`,
);

const asc = join(root, 'node_modules', '.bin', 'asc');
for (const [name, runtime] of [
  ['ours', 'stub'],
  ['tlsf', 'minimal'],
]) {
  const r = spawnSync(
    asc,
    [
      join(dir, `${name}.ts`),
      '--runtime',
      runtime,
      '-O3',
      '--noAssert',
      '--use',
      'abort=',
      '--initialMemory',
      '64',
      '-o',
      join(dir, `${name}.wasm`),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`asc ${name}: ${r.stderr}`);
}

for (const name of ['ours', 'tlsf', 'ours', 'tlsf']) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(dir, `${name}.wasm`))), {});
  exports.run(10_000); // warm-up
  const started = performance.now();
  const pages = exports.run(steps);
  const ms = performance.now() - started;
  console.log(
    `${name.padEnd(4)}  ${((ms * 1000) / steps).toFixed(2)} µs per free + alloc, memory ${(pages / 16).toFixed(1)} MiB`,
  );
}
rmSync(dir, { recursive: true, force: true });
