// Builds the published package into dist/ (`npm run build:js`):
//   index.js / index.cjs    default entry (Node, browsers, bundlers): the kernels' bytes inlined
//   lite.js / lite.cjs      small entry: the same Cache with w-tinylfu and lru only
//   index.workerd.js        Workers entry: imports ./cortado.wasm as a module (kept external)
//   cortado.wasm            the raw kernels, for the Workers entry and the `cortado/wasm` export
//   *.d.ts / *.d.cts        bundled declarations for the ESM and CommonJS entries
// Each entry is a self-contained bundle (no shared chunks), so a user loads one file.
import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { typescript } from './scripts/rollup-typescript.mjs';

const WASM_FILE = 'build/cortado.wasm';

const minify = (module) =>
  terser({ module, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });

/** Keeps `./cortado.wasm` an import in the output and ships the file beside the bundle. */
const wasmModule = {
  name: 'cortado-wasm-module',
  resolveId(source) {
    return source === './cortado.wasm' ? { id: './cortado.wasm', external: true } : null;
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'cortado.wasm', source: readFileSync(WASM_FILE) });
  },
};

export default [
  {
    input: 'src/index.ts',
    plugins: [typescript()],
    output: [
      { file: 'dist/index.js', format: 'es', plugins: [minify(true)] },
      { file: 'dist/index.cjs', format: 'cjs', exports: 'named', plugins: [minify(false)] },
    ],
  },
  {
    input: 'src/lite.ts',
    plugins: [typescript()],
    output: [
      { file: 'dist/lite.js', format: 'es', plugins: [minify(true)] },
      { file: 'dist/lite.cjs', format: 'cjs', exports: 'named', plugins: [minify(false)] },
    ],
  },
  {
    input: 'src/index.workerd.ts',
    plugins: [typescript(), wasmModule],
    output: { file: 'dist/index.workerd.js', format: 'es', plugins: [minify(true)] },
  },
  ...['index', 'lite'].map((name) => ({
    input: `src/${name}.ts`,
    plugins: [dts({ tsconfig: 'tsconfig.build.json' })],
    // Cache implements [Symbol.dispose]: name the lib that declares it, so projects whose own
    // lib stops at ES2022 (and do not skip lib checks) still type-check against the package.
    output: [`dist/${name}.d.ts`, `dist/${name}.d.cts`].map((file) => ({
      file,
      format: 'es',
      banner: '/// <reference lib="esnext.disposable" />',
    })),
  })),
];
