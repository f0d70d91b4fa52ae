// Packaging from a fresh checkout (no dist/, no build/): `npm pack` runs the `prepare` script, which
// builds, so the tarball holds a working package (before `prepare`, it held README and
// package.json only). `npm install <git url>` runs the same script in npm's clone. And the
// simulator's `npm run sim` builds the kernels only when their sources changed.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, removeProject, repoRoot } from './package.js';

const quiet = { npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

/** Copies the checkout's files (tracked and new, not ignored: what a clone of them holds) to `to`. */
function copyCheckout(to: string): void {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).split('\0');
  for (const file of files) {
    if (file === '' || !existsSync(join(repoRoot, file)) || statSync(join(repoRoot, file)).isDirectory()) continue;
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(to, file));
  }
}

describe('npm pack on a fresh checkout', () => {
  let checkout: string | undefined;
  let project: string | undefined;
  let packed: { filename: string; files: { path: string }[] };

  beforeAll(() => {
    checkout = mkdtempSync(join(tmpdir(), 'cortado-checkout-'));
    copyCheckout(checkout);
    expect(existsSync(join(checkout, 'dist'))).toBe(false);
    // The dependencies `npm ci` would install, without installing them again.
    symlinkSync(join(repoRoot, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', checkout], {
      cwd: checkout,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...quiet },
    });
    packed = JSON.parse(json.slice(json.indexOf('[')))[0];
  }, 300_000);

  afterAll(() => {
    removeProject(checkout);
    removeProject(project);
  });

  it('builds first (prepare), so the tarball holds dist/, the licence and the README', () => {
    const paths = packed.files.map((f) => f.path);
    for (const file of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.js.map',
      'dist/lite.js',
      'dist/index.workerd.js',
      'dist/cortado.wasm',
      'dist/index.d.ts',
      'LICENSE',
      'README.md',
      'package.json',
    ]) {
      expect(paths, file).toContain(file);
    }
  });

  it('installs and runs in a project', () => {
    project = mkdtempSync(join(tmpdir(), 'cortado-packed-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'cortado-packed-test', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', join(checkout!, packed.filename), '--offline', '--no-package-lock', '--silent'], {
      cwd: project,
      env: { ...process.env, ...quiet },
    });
    copyFileSync(join(examplesDir, 'node-esm.mjs'), join(project, 'node-esm.mjs'));
    expect(execFileSync(process.execPath, ['node-esm.mjs'], { cwd: project, encoding: 'utf8' })).toBe(
      'false 1 3\nabc\nundefined\n',
    );
  });
});

describe('build-if-stale (npm run sim, npm run bench)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cortado-stale-'));
    mkdirSync(join(root, 'scripts/build'), { recursive: true });
    mkdirSync(join(root, 'assembly'));
    copyFileSync(join(repoRoot, 'scripts/build/build-if-stale.mjs'), join(root, 'scripts/build/build-if-stale.mjs'));
    // A stand-in build:wasm that records each run.
    const build = "node -e \"require('fs').appendFileSync('builds', 'x')\"";
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'stale', private: true, scripts: { 'build:wasm': build } }),
    );
    for (const file of ['assembly/index.ts', 'asconfig.json', 'scripts/build/inline-wasm.mjs'])
      writeFileSync(join(root, file), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = () => {
    const result = spawnSync(process.execPath, ['scripts/build/build-if-stale.mjs'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...quiet },
    });
    expect(result.status, result.stderr).toBe(0);
    return existsSync(join(root, 'builds'))
      ? execFileSync('cat', ['builds'], { cwd: root, encoding: 'utf8' }).length
      : 0;
  };
  const touch = (file: string, seconds: number) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    if (!existsSync(join(root, file))) writeFileSync(join(root, file), '');
    const t = new Date(Date.now() + seconds * 1000);
    utimesSync(join(root, file), t, t);
  };

  it('builds when an output is missing, not when every output is newer than every input, again after an input changes', () => {
    expect(run()).toBe(1); // no outputs yet
    for (const out of ['build/cortado.wasm', 'build/cortado.testing.wasm', 'src/wasm/bytes.generated.ts'])
      touch(out, 10);
    expect(run()).toBe(1);
    touch('assembly/index.ts', 20);
    expect(run()).toBe(2);
  });
});
