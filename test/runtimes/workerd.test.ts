// Cloudflare Workers without Wrangler: README's recipe ("Workers without Wrangler"), run as
// written. esbuild bundles worker.js from the packed package with the Workers export condition,
// so the kernels arrive as a .wasm module (Workers refuse to compile WebAssembly from bytes), and
// the `workerd` runtime (npm package `workerd`) serves it with examples/workerd.capnp on
// 127.0.0.1. Caches built at module scope must keep their state across requests, which fetch()
// drives here. The bundled worker.js is the suite's harness, which serves README's worker.

import { announceSkip } from '../helpers.js';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, inCI, LOADING_EXAMPLE_OUTPUT, projectWithPackage, removeProject, repoRoot } from './package.js';

/** README's recipe: the sh block that bundles worker.js and serves it, one command per line. */
function readmeRecipe(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((b) => b.includes('esbuild worker.js'));
  if (block === undefined) throw new Error('README.md has no sh block that runs `esbuild worker.js`');
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const workerdBin = join(repoRoot, 'node_modules/.bin/workerd');
const harnessDir = join(repoRoot, 'test/runtimes/workerd');
const binDir = join(repoRoot, 'node_modules/.bin');

function workerdVersion(): string | undefined {
  try {
    return execFileSync(workerdBin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

const version = workerdVersion();
const missing = version === undefined ? `workerd does not run from ${workerdBin} (npm install installs it)` : undefined;
if (missing !== undefined && !inCI) console.warn(`workerd suite skipped: ${missing}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

announceSkip('workerd', missing);
describe.skipIf(missing !== undefined && !inCI)(
  `workerd: worker bundled from the packed package${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let project: string | undefined;
    let server: ChildProcess | undefined;
    let log = '';
    let origin = '';

    beforeAll(async () => {
      if (missing !== undefined) throw new Error(`CI=true but ${missing}`);
      project = projectWithPackage('workerd', {
        'worker.js': join(harnessDir, 'harness.js'),
        'example.js': join(examplesDir, 'worker.js'),
        'loading.js': join(examplesDir, 'loading.js'),
        'workerd.capnp': join(examplesDir, 'workerd.capnp'),
      });
      // README's commands as written; `npx esbuild` runs the repository's esbuild (a user's npx
      // would fetch the same tool). The workerd command is run below, on a free port.
      const [install, bundle, serve] = readmeRecipe();
      expect(install).toBe('npm install --save-dev esbuild workerd');
      expect(serve).toBe('npx workerd serve workerd.capnp');
      execFileSync('bash', ['-c', bundle!.replace(/^npx /, '')], {
        cwd: project,
        env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(existsSync(join(project, 'out/cortado.wasm'))).toBe(true);

      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      server = spawn(workerdBin, ['serve', 'workerd.capnp', '--socket-addr', `http=127.0.0.1:${port}`], {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout!.on('data', (chunk) => (log += chunk));
      server.stderr!.on('data', (chunk) => (log += chunk));
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`workerd exited (${server.exitCode}):\n${log}`);
        try {
          await fetch(`${origin}/lru`);
          break;
        } catch {
          if (Date.now() > deadline) throw new Error(`workerd did not answer on ${origin} in 30 s:\n${log}`);
          await sleep(100);
        }
      }
    });

    afterAll(() => {
      server?.kill();
      removeProject(project);
    });

    it('bundles the Workers entry, which imports the kernels instead of inlining them', () => {
      const bundle = readFileSync(join(project!, 'out/worker.js'), 'utf8');
      expect(bundle).toContain('node_modules/cortado/dist/index.workerd.js');
      expect(bundle).toMatch(/from\s*"\.\/cortado\.wasm"/);
      expect(bundle).not.toMatch(/[A-Za-z0-9+/]{2000}/); // no inlined base64 bytes
      expect(bundle).not.toContain('diagnostics_channel'); // the Node entry's channels stay out
    });

    it("answers a bad x-ttl header with 400, not a server error (README's worker)", async () => {
      for (const ttl of ['abc', '-5', '1e3', '', '0x10', '9'.repeat(16)]) {
        const put = await fetch(`${origin}/?key=bad`, { method: 'PUT', body: 'x', headers: { 'x-ttl': ttl } });
        expect([ttl, put.status]).toEqual([ttl, 400]);
      }
      expect((await fetch(`${origin}/?key=bad`)).status).toBe(404);
    });

    it("serves README's worker: put, get, miss", async () => {
      const put = await fetch(`${origin}/?key=greeting`, { method: 'PUT', body: 'hello' });
      expect(put.status).toBe(201);
      const hit = await fetch(`${origin}/?key=greeting`);
      expect([hit.status, await hit.text()]).toEqual([200, 'hello']);
      const miss = await fetch(`${origin}/?key=absent`);
      expect([miss.status, await miss.text()]).toEqual([404, 'miss']);
    });

    it('keeps one module-scope cache across requests (stats grow request by request)', async () => {
      const before = await (await fetch(origin)).json();
      await fetch(`${origin}/?key=greeting`);
      await fetch(`${origin}/?key=greeting`);
      const after = await (await fetch(origin)).json();
      expect(after.hits - before.hits).toBe(2);
      expect(after.keysAdded).toBe(before.keysAdded);
    });

    it('expires entries by TTL between requests', async () => {
      expect(
        (await fetch(`${origin}/?key=short`, { method: 'PUT', body: 'soon gone', headers: { 'x-ttl': '100' } })).status,
      ).toBe(201);
      expect((await fetch(`${origin}/?key=short`)).status).toBe(200);
      await sleep(300);
      expect((await fetch(`${origin}/?key=short`)).status).toBe(404);
    });

    it('evicts the least recently used entry of a module-scope LRU cache', async () => {
      const call = async (query: string) => (await fetch(`${origin}/lru?${query}`)).json();
      for (const key of ['a', 'b', 'c']) expect(await call(`op=set&key=${key}&value=${key.toUpperCase()}`)).toBe(true);
      expect(await call('op=get&key=a')).toBe('A');
      expect(await call('op=set&key=d&value=D')).toBe(true);
      expect(await call('op=get&key=b')).toBe(null);
      const state = await call('op=state');
      expect([...state.keys].sort()).toEqual(['a', 'c', 'd']);
      expect(state.stats.keysEvicted).toBe(1);
    });

    it('autopurge: a cache built at module scope removes an expired entry by its timer inside a request', async () => {
      expect(await (await fetch(`${origin}/autopurge?key=a`)).json()).toEqual({ before: 1, after: 0 });
      // A later request: the timer armed then fires within it too.
      expect(await (await fetch(`${origin}/autopurge?key=b`)).json()).toEqual({ before: 1, after: 0 });
    });

    it("runs README's loading example (memoize and fetch) inside a request", async () => {
      expect(await (await fetch(`${origin}/loading`)).json()).toEqual(LOADING_EXAMPLE_OUTPUT);
    });

    it("README's worker: concurrent requests share one load; an older value is served while waitUntil refreshes it", async () => {
      const first = await Promise.all(
        Array.from({ length: 5 }, async () => (await fetch(`${origin}/loaded?key=a`)).text()),
      );
      expect(first).toEqual(Array(5).fill('a #1'));
      await sleep(1100); // past refreshAfter
      expect(await (await fetch(`${origin}/loaded?key=a`)).text()).toBe('a #1'); // served at once; the refresh runs on
      await sleep(300);
      expect(await (await fetch(`${origin}/loaded?key=a`)).text()).toBe('a #2');
    });

    it('logged no error', () => {
      expect(log).not.toMatch(/error|uncaught|disallowed/i);
    });
  },
);
