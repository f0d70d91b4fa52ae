// Shipped size: each contender's entry bundled by esbuild (browser platform, ESM, minified,
// only the export a user imports) and gzipped at level 9. For cortado the bundle is
// src/index.ts with the WebAssembly inlined as base64 (what `import { Cache } from 'cortado'`
// ships), also split into the JavaScript alone and the .wasm file alone.

import type { Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Contender } from './contenders.js';

export interface SizeResult {
  /** What was measured: a contender's name, or a part of cortado ("cortado JS alone"). */
  name: string;
  minified: number;
  gzipped: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Leaves the inlined WebAssembly out, to measure cortado's JavaScript alone. */
const noWasm: Plugin = {
  name: 'no-wasm',
  setup(b) {
    b.onResolve({ filter: /bytes\.generated(\.js)?$/ }, () => ({ path: 'bytes', namespace: 'no-wasm' }));
    b.onLoad({ filter: /.*/, namespace: 'no-wasm' }, () => ({
      contents: "export const WASM_BASE64 = '';",
      loader: 'js',
    }));
  },
};

async function bundle(contents: string, plugins: Plugin[] = [], ignoreAnnotations = false): Promise<Uint8Array> {
  // Loaded here, not at the top: the benchmark's child processes never measure sizes, and
  // loading esbuild would double their start-up time.
  const { build } = await import('esbuild');
  const result = await build({
    ignoreAnnotations,
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]!.contents;
}

function sized(name: string, bytes: Uint8Array): SizeResult {
  return { name, minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

/** Min+gz sizes: cortado (whole, JS alone, wasm alone), then each other contender once. */
export async function measureSizes(contenders: readonly Contender[]): Promise<SizeResult[]> {
  const out: SizeResult[] = [];
  const cortadoEntry = "export { Cache } from './src/index.ts';";
  // package.json says "sideEffects": false, which makes esbuild drop src/index.ts's module-scope
  // registration of the inlined wasm (the bundle would then fail at `new Cache`); bundling with
  // ignoreAnnotations keeps it, so the size is that of a bundle that works.
  out.push(sized('cortado (JS + inlined wasm)', await bundle(cortadoEntry, [], true)));
  out.push(sized('cortado JS alone', await bundle(cortadoEntry, [noWasm], true)));
  out.push(sized('cortado wasm alone', readFileSync(new URL('../build/cortado.wasm', import.meta.url))));
  // The small entry (a few policies), where the repository has one.
  if (existsSync(new URL('../src/lite.ts', import.meta.url))) {
    out.push(
      sized('cortado/lite (JS + inlined wasm)', await bundle("export { Cache } from './src/lite.ts';", [], true)),
    );
  }
  for (const contender of contenders) {
    const entry = contender.entry;
    if (entry === undefined || entry.specifier === 'cortado') continue;
    out.push(sized(contender.name, await bundle(`export { ${entry.exportName} } from '${entry.specifier}';`)));
  }
  return out;
}
