// Rebuilds what is older than its inputs, and nothing else, so that the commands that need the
// build start at once when nothing changed (`npm run sim -- --help` took 7.7 s when it rebuilt
// every time):
//   node scripts/build/build-if-stale.mjs          the kernels (asc): `npm run sim`
//   node scripts/build/build-if-stale.mjs --dist   the kernels, then dist/ (rollup): `npm run bench`,
//                                            which measures the package users install
// The runtime suites (test/runtimes/package.ts) use buildIfStale() before packing dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const WASM_INPUTS = ['assembly', 'asconfig.json', 'scripts/build/inline-wasm.mjs'];
export const WASM_OUTPUTS = ['build/cortado.wasm', 'build/cortado.testing.wasm', 'src/wasm/bytes.generated.ts'];
export const JS_INPUTS = [
  'src',
  'package.json',
  'rollup.config.mjs',
  'scripts/build/rollup-typescript.mjs',
  'tsconfig.build.json',
  'build/cortado.wasm',
];
const ENTRIES = ['index', 'lite', 'core', 'policies', 'keyv', 'redis', 'metrics'];
const DIST_JS = [
  ...ENTRIES.flatMap((entry) => [`${entry}.js`, `${entry}.cjs`]),
  'index.node.js',
  'index.node.cjs',
  'index.workerd.js',
  'policies-shared.js',
  'policies-shared.cjs',
];
/** dist/'s files, as rollup writes them (the runtime suites pack exactly these). */
export const DIST_FILES = [
  ...DIST_JS,
  ...DIST_JS.map((f) => `${f}.map`),
  'cortado.wasm',
  ...ENTRIES.flatMap((entry) => [`${entry}.d.ts`, `${entry}.d.cts`]),
];

/** The newest modification time under `path` (a file or a folder, recursively); 0 if absent. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Whether any of `outputs` under `root` is missing or older than the newest of `inputs`. */
export function isStale(root, inputs, outputs) {
  const newest = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  return outputs.some((p) => {
    const file = join(root, p);
    return !existsSync(file) || statSync(file).mtimeMs < newest;
  });
}

/** Whether any kernel output under `root` is missing or older than the newest input. */
export function wasmIsStale(root) {
  return isStale(root, WASM_INPUTS, WASM_OUTPUTS);
}

function npmRun(script, root) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['run', script, '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
}

/** Builds the kernels if stale, then (with `dist`) dist/ if stale. */
export function buildIfStale(root, { dist = false } = {}) {
  if (wasmIsStale(root)) npmRun('build:wasm', root);
  if (
    dist &&
    isStale(
      root,
      JS_INPUTS,
      DIST_FILES.map((f) => `dist/${f}`),
    )
  )
    npmRun('build:js', root);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildIfStale(fileURLToPath(new URL('../..', import.meta.url)), { dist: process.argv.includes('--dist') });
}
