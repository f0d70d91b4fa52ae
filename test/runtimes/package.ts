// Shared by the runtime suites: the packed package (`npm pack` of a fresh dist/), built once per
// change and cached in the OS temp folder, and temporary projects that install it the way a user
// does, so the suites test the artifact users get rather than the sources.
//
// Suites run in parallel processes, so building and packing happen under a lock (an atomic
// mkdir); the tarball's folder is named by a hash of its contents' inputs.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, DIST_FILES } from '../../scripts/build/build-if-stale.mjs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const examplesDir = join(repoRoot, 'examples');
/** What examples/loading.js's main() logs, line by line, in every runtime. */
export const LOADING_EXAMPLE_OUTPUT = ['300 300 600 2', '100 800 3', 'no price for unknown', '1 1 false'];

/** CI sets CI=true: there a missing runtime is a failure, elsewhere the suite skips. */
export const inCI = process.env.CI === 'true';

const LOCK_STALE_MS = 5 * 60_000;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
  });
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
      if (held !== undefined && Date.now() - held.mtimeMs > LOCK_STALE_MS)
        rmSync(lock, { recursive: true, force: true });
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
    buildIfStale(repoRoot, { dist: true });
    const hash = createHash('sha256');
    for (const file of ['package.json', 'README.md', 'LICENSE', ...DIST_FILES.map((f) => `dist/${f}`)]) {
      hash.update(file).update(readFileSync(join(repoRoot, file)));
    }
    const folder = join(tmpdir(), `cortado-pack-${hash.digest('hex').slice(0, 16)}`);
    const existing = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('.tgz')) : undefined;
    if (existing !== undefined) return join(folder, existing);
    mkdirSync(folder, { recursive: true });
    const name = npm(['pack', '--pack-destination', folder, '--ignore-scripts', '--silent'], repoRoot)
      .trim()
      .split('\n')
      .pop()!;
    return join(folder, basename(name));
  });
  return tarball;
}

/**
 * A new temporary project with the packed package installed by npm (offline: it has no
 * dependencies) and the given files copied in. Returns the project's folder. Its package.json is
 * CommonJS, as `npm init -y` writes it, so README's commands are checked where users run them.
 */
export function projectWithPackage(label: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `cortado-${label}-`));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `cortado-${label}-test`, private: true, type: 'commonjs' }, null, 2),
  );
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
