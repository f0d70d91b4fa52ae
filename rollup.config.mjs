// Builds the published package into dist/ (`npm run build:js`):
//   index.js / index.cjs    default entry (browsers, bundlers, Node): the kernels' bytes inlined
//   index.node.js / .cjs    Node entry (export condition `node`): creates the diagnostics_channel
//                           channels, then re-exports ./index.js (kept external: one Cache class)
//   lite.js / lite.cjs      small entry: the same Cache with w-tinylfu and lru only
//   core.js / core.cjs      `cortado/core`: the Cache with the default policy; others as values
//   policies.js / .cjs      `cortado/policies`: every policy as a value (tree-shaken by bundlers),
//                           with policies-shared.js / .cjs, the code it shares with core.js
//   index.workerd.js        Workers entry: imports ./cortado.wasm as a module (kept external)
//   cortado.wasm            the raw kernels, for the Workers entry and the `cortado/wasm` export
//   keyv.js / keyv.cjs      `cortado/keyv`: the Keyv store adapter
//   redis.js / redis.cjs    `cortado/redis`: TieredCache (a cortado L1 over Redis)
//   metrics.js / .cjs       `cortado/metrics`: toPrometheus (stats() as Prometheus text)
//   lru-cache.js / .cjs     `cortado/lru-cache`: lru-cache 11's LRUCache on a cortado Cache
//   *.d.ts / *.d.cts        bundled declarations for the ESM and CommonJS entries
//   *.map                   source maps back to src/*.ts (sources included, as src/ is not shipped)
// Each entry is a self-contained bundle (no shared chunks), so a user loads one file; except
// cortado/core and cortado/policies, which share one file, and the
// adapters (keyv, redis, metrics, lru-cache), which import `cortado` itself, so they share its Cache class (and its one
// wasm instance) with the user's code instead of carrying a second copy.
//
// The JavaScript is shipped readable, not minified: stack traces name `Cache.set`, an uncaught
// error prints one source line rather than the whole bundle, and bundlers minify anyway. The
// minified size is a measured figure (`npm run size`, bench/size.ts), not the shipped form.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dts } from 'rollup-plugin-dts';
import { typescript } from './scripts/build/rollup-typescript.mjs';

const WASM_FILE = 'build/cortado.wasm';

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

/**
 * Makes the adapters' imports of the public entry (src/index.ts) imports of the package itself,
 * `cortado`, which the export conditions resolve (ESM, CommonJS, Workers) for the user.
 */
const publicEntry = {
  name: 'cortado-public-entry',
  resolveId(source, importer) {
    if (importer === undefined || !source.startsWith('.')) return null;
    return resolve(importer, '..', source) === resolve('src/index.js') ? { id: 'cortado', external: true } : null;
  },
};
/**
 * The Node entry's import of the default entry stays an import of the file beside it, of the
 * same module system, so that Node loads one Cache class whichever entry it came through.
 */
const defaultEntryBeside = (file) => ({
  name: 'cortado-default-entry-beside',
  resolveId(source, importer) {
    if (importer === undefined || !source.startsWith('.')) return null;
    return resolve(importer, '..', source) === resolve('src/index.js') ? { id: file, external: true } : null;
  },
});

/** The adapters' entries, and the optional peer dependencies they may import. */
const ADAPTERS = ['keyv', 'redis', 'metrics', 'lru-cache'];
const PEERS = ['keyv'];
/**
 * An entry's source: src/NAME.ts for the core entries; an adapter's is src/adapters/NAME.ts, or
 * src/adapters/NAME/index.ts for the adapters of several files.
 */
const source = (name) => {
  if (!ADAPTERS.includes(name)) return `src/${name}.ts`;
  return name === 'redis' || name === 'lru-cache' ? `src/adapters/${name}/index.ts` : `src/adapters/${name}.ts`;
};

/** One output file with its source map beside it. */
const output = (file, format) => ({ file, format, sourcemap: true, ...(format === 'cjs' ? { exports: 'named' } : {}) });

export default [
  {
    input: 'src/index.ts',
    plugins: [typescript()],
    output: [output('dist/index.js', 'es'), output('dist/index.cjs', 'cjs')],
  },
  {
    input: 'src/lite.ts',
    plugins: [typescript()],
    output: [output('dist/lite.js', 'es'), output('dist/lite.cjs', 'cjs')],
  },
  // cortado/core and cortado/policies in one build: what both use (the policies' structures and
  // machinery, W-TinyLFU) goes into one shared file, so a page that imports both carries one copy.
  {
    input: { core: 'src/core.ts', policies: 'src/policies.ts' },
    plugins: [typescript()],
    output: ['es', 'cjs'].map((format) => {
      const ext = format === 'es' ? 'js' : 'cjs';
      return {
        dir: 'dist',
        format,
        entryFileNames: `[name].${ext}`,
        chunkFileNames: `policies-shared.${ext}`,
        sourcemap: true,
        ...(format === 'cjs' ? { exports: 'named' } : {}),
      };
    }),
  },
  ...[
    ['es', 'dist/index.node.js', './index.js'],
    ['cjs', 'dist/index.node.cjs', './index.cjs'],
  ].map(([format, file, beside]) => ({
    input: 'src/index.node.ts',
    external: ['node:diagnostics_channel'],
    plugins: [defaultEntryBeside(beside), typescript()],
    output: output(file, format),
  })),
  {
    input: 'src/index.workerd.ts',
    plugins: [typescript(), wasmModule],
    output: output('dist/index.workerd.js', 'es'),
  },
  ...ADAPTERS.map((name) => ({
    input: source(name),
    external: PEERS,
    plugins: [publicEntry, typescript()],
    output: [output(`dist/${name}.js`, 'es'), output(`dist/${name}.cjs`, 'cjs')],
  })),
  ...['index', 'lite', 'core', 'policies', ...ADAPTERS].map((name) => ({
    input: source(name),
    external: PEERS,
    plugins: [publicEntry, dts({ tsconfig: 'tsconfig.build.json' })],
    // Cache implements [Symbol.dispose]: name the lib that declares it, so projects whose own
    // lib stops at ES2022 (and do not skip lib checks) still type-check against the package.
    output: [`dist/${name}.d.ts`, `dist/${name}.d.cts`].map((file) => ({
      file,
      format: 'es',
      banner: '/// <reference lib="esnext.disposable" />',
    })),
  })),
];
