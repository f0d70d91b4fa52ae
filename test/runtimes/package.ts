// Shared by the runtime suites: the packed package (`npm pack` of a fresh dist/), built once per
// change and cached in the OS temp folder, and temporary projects that install it the way a user
// does, so the suites test the artifact users get rather than the sources.
//
// Suites run in parallel processes, so building and packing happen under a lock (an atomic
// mkdir); the tarball's folder is named by a hash of its contents' inputs.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const examplesDir = join(repoRoot, 'examples');
/** CI sets CI=true: there a missing runtime is a failure, elsewhere the suite skips. */
export const inCI = process.env.CI === 'true';

const DIST_JS = ['index.js', 'index.cjs', 'index.workerd.js', 'lite.js', 'lite.cjs', 'keyv.js', 'keyv.cjs', 'redis.js', 'redis.cjs'];
const DIST_TYPES = ['index', 'lite', 'keyv', 'redis'].flatMap((entry) => [`${entry}.d.ts`, `${entry}.d.cts`]);
const DIST_FILES = [...DIST_JS, ...DIST_JS.map((f) => `${f}.map`), 'cortado.wasm', ...DIST_TYPES];
const JS_INPUTS = ['src', 'package.json', 'rollup.config.mjs', 'scripts/rollup-typescript.mjs', 'tsconfig.build.json'];
const WASM_INPUTS = ['assembly', 'asconfig.json', 'scripts/inline-wasm.mjs'];
const LOCK_STALE_MS = 5 * 60_000;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function oldestMtime(paths: string[]): number {
  let oldest = Infinity;
  for (const path of paths) oldest = Math.min(oldest, existsSync(path) ? statSync(path).mtimeMs : 0);
  return oldest;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
}

/** Rebuilds what is older than its inputs: the kernels (asc), then dist/ (rollup). */
function buildIfStale(): void {
  const wasmOutputs = [join(repoRoot, 'build/cortado.wasm'), join(repoRoot, 'src/wasm/bytes.generated.ts')];
  const wasmInputs = Math.max(...WASM_INPUTS.map((p) => newestMtime(join(repoRoot, p))));
  if (oldestMtime(wasmOutputs) < wasmInputs) npm(['run', 'build:wasm', '--silent'], repoRoot);
  const distOutputs = DIST_FILES.map((f) => join(repoRoot, 'dist', f));
  const jsInputs = Math.max(...[...JS_INPUTS, 'build/cortado.wasm'].map((p) => newestMtime(join(repoRoot, p))));
  if (oldestMtime(distOutputs) < jsInputs) npm(['run', 'build:js', '--silent'], repoRoot);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(name: string, run: () => T): T {
  const lock = join(tmpdir(), `${name}.lock`);
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run: take it over once it is clearly abandoned.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      sleep(100);
    }
  }
  try {
    return run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

let tarball: string | undefined;

/** The path of `npm pack`'s tarball of the current sources (built first if dist/ is stale). */
export function packedTarball(): string {
  tarball ??= withLock('cortado-runtimes-pack', () => {
    buildIfStale();
    const hash = createHash('sha256');
    for (const file of ['package.json', 'README.md', 'LICENSE', ...DIST_FILES.map((f) => `dist/${f}`)]) {
      hash.update(file).update(readFileSync(join(repoRoot, file)));
    }
    const folder = join(tmpdir(), `cortado-pack-${hash.digest('hex').slice(0, 16)}`);
    const existing = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('.tgz')) : undefined;
    if (existing !== undefined) return join(folder, existing);
    mkdirSync(folder, { recursive: true });
    const name = npm(['pack', '--pack-destination', folder, '--ignore-scripts', '--silent'], repoRoot).trim().split('\n').pop()!;
    return join(folder, basename(name));
  });
  return tarball;
}

/**
 * A new temporary project with the packed package installed by npm (offline: it has no
 * dependencies) and the given files copied in. Returns the project's folder.
 */
export function projectWithPackage(label: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `cortado-${label}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `cortado-${label}-test`, private: true, type: 'module' }, null, 2));
  npm(['install', packedTarball(), '--offline', '--no-package-lock', '--ignore-scripts', '--silent'], dir);
  for (const [target, source] of Object.entries(files)) {
    mkdirSync(join(dir, target, '..'), { recursive: true });
    copyFileSync(source, join(dir, target));
  }
  return dir;
}

/** Removes a temporary project (kept when CORTADO_KEEP_TMP is set, for debugging). */
export function removeProject(dir: string | undefined): void {
  if (dir !== undefined && process.env.CORTADO_KEEP_TMP === undefined) rmSync(dir, { recursive: true, force: true });
}
