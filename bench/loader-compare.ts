// Measures the two ways to load the kernels: @assemblyscript/loader (the design card's package
// of record) against cortado's own synchronous loader (`new WebAssembly.Instance` with no
// imports, src/wasm/). Prints instantiation time (one process, interleaved rounds, medians) and
// the bytes each adds to a browser bundle (esbuild, minified, gzip level 9).
// Run: npm run build:wasm && npx tsx bench/loader-compare.ts
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import { build } from 'esbuild';
import { instantiateSync } from '@assemblyscript/loader';

const bytes = readFileSync(new URL('../build/cortado.wasm', import.meta.url));
const module = new WebAssembly.Module(bytes);

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function time(instantiate: () => unknown, count: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) instantiate();
  return Number(process.hrtime.bigint() - start) / count / 1000; // µs per instance
}

const own = () => new WebAssembly.Instance(module, {});
const packaged = () => instantiateSync(module, {});
const rounds = { own: [] as number[], packaged: [] as number[] };
for (let round = 0; round < 15; round++) {
  rounds.own.push(time(own, 200));
  rounds.packaged.push(time(packaged, 200));
}

async function bundleBytes(source: string): Promise<number> {
  const out = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
}

const ownBytes = await bundleBytes(`export const load = (m) => new WebAssembly.Instance(m, {}).exports;`);
const packagedBytes = await bundleBytes(
  `import { instantiateSync } from '@assemblyscript/loader'; export const load = (m) => instantiateSync(m, {}).exports;`,
);

console.log(
  `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model} (${cpus().length} cores), Node ${process.version}`,
);
console.log('| loader | instantiate (µs, median of 15 × 200) | bundle bytes (min+gz) |');
console.log('|---|---:|---:|');
console.log(`| cortado's own (WebAssembly.Instance) | ${median(rounds.own).toFixed(1)} | ${ownBytes} |`);
console.log(`| @assemblyscript/loader instantiateSync | ${median(rounds.packaged).toFixed(1)} | ${packagedBytes} |`);
