// Node: the packed package installed into a temporary project, used through `import` and
// `require` (README's snippets, run as files), its export conditions, the `cortado/wasm` export,
// its type declarations under NodeNext resolution in both module systems, what a user sees of
// it when something goes wrong (class names, stack frames, console.log), the files the tarball
// holds, and the oldest Node that package.json's `engines` promises.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  examplesDir,
  inCI,
  LOADING_EXAMPLE_OUTPUT,
  packedTarball,
  projectWithPackage,
  removeProject,
  repoRoot,
} from './package.js';

let project: string | undefined;

function node(args: string[], executable = process.execPath): string {
  return execFileSync(executable, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** README's command for the loading example (node --input-type=module -e '…'), its script part. */
const LOADING_EXAMPLE_COMMAND =
  /^node --input-type=module -e '(.*)'$/m.exec(readFileSync(join(repoRoot, 'README.md'), 'utf8'))?.[1] ??
  'README has no loading command';

/** The oldest Node that `engines` allows (`>=18` → 18). */
const OLDEST = /^>=(\d+)$/.exec(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).engines.node)![1]!;

/**
 * That Node's binary, from npm's cache (`npx -p node@18`; .ci/run fetches it), or undefined when
 * it is not there: then the suite skips, unless CI=true.
 */
function oldestNode(): string | undefined {
  const run = spawnSync('npx', ['--offline', '--yes', '-p', `node@${OLDEST}`, 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
  });
  const path = run.status === 0 ? run.stdout.trim() : '';
  return path !== '' && node(['-p', 'process.version'], path).startsWith(`v${OLDEST}.`) ? path : undefined;
}

describe('node: packed package in a temporary project', () => {
  beforeAll(() => {
    project = projectWithPackage('node', {
      'node-esm.mjs': join(examplesDir, 'node-esm.mjs'),
      'node-cjs.cjs': join(examplesDir, 'node-cjs.cjs'),
      'loading.mjs': join(examplesDir, 'loading.js'),
      'metrics.mjs': join(examplesDir, 'metrics.mjs'),
    });
  });
  afterAll(() => removeProject(project));

  it("runs the loading example (memoize and fetch) with README's command", () => {
    expect(node(['--input-type=module', '-e', LOADING_EXAMPLE_COMMAND]).trim().split('\n')).toEqual(
      LOADING_EXAMPLE_OUTPUT,
    );
  });

  it('runs the ESM snippet (import): set, get, LRU eviction, TTL', () => {
    expect(node(['node-esm.mjs'])).toBe('false 1 3\nabc\nundefined\n');
  });

  it('runs the CommonJS snippet (require): TinyLFU keeps hot keys through a scan', () => {
    expect(node(['node-cjs.cjs'])).toBe('100 of 100 hot keys kept; size 100\n1\n');
  });

  it('runs the Observability example: Prometheus text served over HTTP, evictions counted through diagnostics_channel', () => {
    expect(node(['metrics.mjs'])).toBe(
      'cortado_keys_evicted_total{cache="users"} 0\ncortado_keys_evicted_total{cache="pages"} 50\n50\n',
    );
  });

  it('resolves each export condition to its entry', () => {
    const resolved = (conditions: string[], expression: string) =>
      node([
        ...conditions.map((c) => `--conditions=${c}`),
        '--input-type=module',
        '-e',
        `console.log(${expression})`,
      ]).trim();
    expect(resolved([], "import.meta.resolve('cortado')")).toMatch(/node_modules\/cortado\/dist\/index\.node\.js$/);
    expect(resolved([], "(await import('node:module')).createRequire(import.meta.url).resolve('cortado')")).toMatch(
      /node_modules\/cortado\/dist\/index\.node\.cjs$/,
    );
    expect(resolved(['browser'], "import.meta.resolve('cortado')")).toMatch(/node_modules\/cortado\/dist\/index\.js$/);
    expect(resolved(['workerd'], "import.meta.resolve('cortado')")).toMatch(
      /node_modules\/cortado\/dist\/index\.workerd\.js$/,
    );
    expect(resolved(['worker'], "import.meta.resolve('cortado')")).toMatch(
      /node_modules\/cortado\/dist\/index\.workerd\.js$/,
    );
    expect(resolved([], "import.meta.resolve('cortado/lite')")).toMatch(/node_modules\/cortado\/dist\/lite\.js$/);
    expect(resolved([], "import.meta.resolve('cortado/wasm')")).toMatch(/node_modules\/cortado\/dist\/cortado\.wasm$/);
  });

  it('cortado/keyv, cortado/redis and cortado/metrics: resolved in both module systems, loaded without their optional peers, sharing cortado’s Cache', () => {
    const resolved = (expression: string) => node(['--input-type=module', '-e', `console.log(${expression})`]).trim();
    for (const entry of ['keyv', 'redis', 'metrics']) {
      expect(resolved(`import.meta.resolve('cortado/${entry}')`)).toMatch(
        new RegExp(`node_modules/cortado/dist/${entry}\\.js$`),
      );
      expect(
        resolved(`(await import('node:module')).createRequire(import.meta.url).resolve('cortado/${entry}')`),
      ).toMatch(new RegExp(`node_modules/cortado/dist/${entry}\\.cjs$`));
    }
    // The project has neither keyv nor a Redis client installed: the entries load all the same.
    const script = `
      import { Cache } from 'cortado';
      import { CortadoStore, createKeyv } from 'cortado/keyv';
      import { TieredCache } from 'cortado/redis';
      import { createRequire } from 'node:module';
      const store = new CortadoStore({ maxCost: 10 });
      await store.set('a', 1, 1000);
      const required = createRequire(import.meta.url)('cortado/keyv');
      let error = '';
      try { await createKeyv({ maxCost: 10 }); } catch (e) { error = e.code; }
      console.log(await store.get('a'), store.cache instanceof Cache, typeof required.CortadoStore, typeof TieredCache, error);
    `;
    expect(node(['--input-type=module', '-e', script]).trim()).toBe('1 true function function ERR_MODULE_NOT_FOUND');
  });

  it('diagnostics_channel: evictions and loads reach subscribers, from caches of the import and of the require build alike', () => {
    const script = `
      import { subscribe, unsubscribe } from 'node:diagnostics_channel';
      import { createRequire } from 'node:module';
      import { Cache } from 'cortado';
      const { Cache: Required } = createRequire(import.meta.url)('cortado');
      const seen = [];
      const onEvict = (m) => seen.push(['evict', m.key, m.reason, m.cost, m.cache === cache ? 'import' : m.cache === required ? 'require' : '?']);
      const onEnd = (m) => seen.push(['end', m.key, m.kind, m.value, typeof m.duration]);
      const onError = (m) => seen.push(['error', m.key, m.kind, m.error.message]);
      subscribe('cortado:evict', onEvict);
      subscribe('cortado:load:end', onEnd);
      subscribe('cortado:load:error', onError);
      const cache = new Cache({ maxCost: 2, policy: 'lru' });
      cache.set('a', 1); cache.set('b', 2, { cost: 1 }); cache.set('c', 3);
      cache.set('t', 4, { ttl: 1 });
      await new Promise((r) => setTimeout(r, 20));
      cache.get('t');
      await cache.fetch('d', { load: async (k) => k + '!' });
      await cache.fetch('e', { load: async () => { throw new Error('down'); } }).catch(() => {});
      cache.getOrSet('f', () => 6);
      const required = new Required({ maxCost: 1, policy: 'lru' });
      required.set(1, 1); required.set(2, 2);
      console.log(JSON.stringify(seen));
      // Without subscribers nothing arrives (and the cache builds no message).
      unsubscribe('cortado:evict', onEvict);
      unsubscribe('cortado:load:end', onEnd);
      unsubscribe('cortado:load:error', onError);
      const before = seen.length;
      for (let i = 0; i < 100; i++) cache.set('x' + i, i);
      await cache.fetch('g', { load: async () => 1 });
      required.set(3, 3);
      console.log(seen.length - before);
    `;
    const [first, second] = node(['--input-type=module', '-e', script]).trim().split('\n');
    expect(JSON.parse(first!)).toEqual([
      ['evict', 'a', 'capacity', 1, 'import'],
      ['evict', 'b', 'capacity', 1, 'import'],
      ['evict', 't', 'expired', 1, 'import'],
      ['end', 'd', 'fetch', 'd!', 'number'], // published when the load returns, before the value is stored
      ['error', 'e', 'fetch', 'down'],
      ['end', 'f', 'getOrSet', 6, 'number'],
      ['evict', 'c', 'capacity', 1, 'import'], // storing f
      ['evict', 1, 'capacity', 1, 'require'],
    ]);
    expect(second).toBe('0');
  });

  it('cortado/lru-cache: LRUCache in ESM and CommonJS, evicting as lru-cache does', () => {
    const script = `
      import { LRUCache } from 'cortado/lru-cache';
      import { createRequire } from 'node:module';
      const { LRUCache: Required } = createRequire(import.meta.url)('cortado/lru-cache');
      const seen = [];
      const cache = new LRUCache({ max: 2, dispose: (v, k, reason) => seen.push(k + ':' + reason) });
      cache.set('a', 1).set('b', 2);
      cache.get('a');
      cache.set('c', 3);
      const other = new Required({ max: 1 });
      other.set('x', 1).set('y', 2);
      console.log([...cache.keys()].join(','), seen.join(','), [...other.keys()].join(','), Object.prototype.toString.call(cache));
    `;
    expect(node(['--input-type=module', '-e', script]).trim()).toBe('c,a b:evict y [object LRUCache]');
  });

  it('cortado/metrics: toPrometheus over a cache from cortado, in ESM and CommonJS', () => {
    const script = `
      import { Cache } from 'cortado';
      import { toPrometheus } from 'cortado/metrics';
      import { createRequire } from 'node:module';
      const required = createRequire(import.meta.url)('cortado/metrics');
      const cache = new Cache({ maxCost: 1, policy: 'lru', lifeExpectancy: true });
      cache.set('a', 1); cache.set('b', 2); cache.get('b');
      const text = toPrometheus(cache, { labels: { cache: 'users' } });
      console.log(text.split('\\n').filter((l) => /^cortado_(hits_total|life_expectancy_seconds_count)/.test(l)).join(' '), required.toPrometheus(cache) === toPrometheus(cache));
    `;
    expect(node(['--input-type=module', '-e', script]).trim()).toBe(
      'cortado_hits_total{cache="users"} 1 cortado_life_expectancy_seconds_count{cache="users"} 1 true',
    );
  });

  it('cortado/lite: the default policy and LRU, every other name refused with a pointer to cortado', () => {
    const script = `
      import { Cache, POLICIES, DEFAULT_POLICY } from 'cortado/lite';
      const cache = new Cache({ maxCost: 2 });
      cache.set('a', 1); cache.set('b', 2);
      const lru = new Cache({ maxCost: 1, policy: 'lru' });
      lru.set('x', 1); lru.set('y', 2);
      let error = '';
      try { new Cache({ maxCost: 1, policy: 'arc' }); } catch (e) { error = e.constructor.name + ': ' + e.message; }
      console.log(POLICIES.join(','), DEFAULT_POLICY, cache.get('a'), lru.has('x'), lru.get('y'));
      console.log(error);
    `;
    const [first, second] = node(['--input-type=module', '-e', script]).trim().split('\n');
    expect(first).toBe('w-tinylfu,lru w-tinylfu 1 false 2');
    expect(second).toMatch(
      /^RangeError: cortado: unknown policy "arc"; allowed: w-tinylfu, lru .*import from "cortado"/,
    );
  });

  it('accepts the raw cortado/wasm file, compiled by the user, as wasmModule', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { Cache } from 'cortado';
      const wasmModule = new WebAssembly.Module(readFileSync(new URL(import.meta.resolve('cortado/wasm'))));
      const cache = new Cache({ maxCost: 10, policy: 'tinylfu', wasmModule });
      for (let i = 0; i < 50; i++) cache.set(i, String(i));
      console.log(cache.size, WebAssembly.Module.exports(wasmModule).some((e) => e.name === 'drain'));
    `;
    expect(node(['--input-type=module', '-e', script]).trim()).toBe('10 true');
  });

  it('names the class Cache in every entry, and stack frames name its methods', () => {
    const script = `
      import { Cache } from 'cortado';
      import { Cache as Lite } from 'cortado/lite';
      import { createRequire } from 'node:module';
      const { Cache: Required } = createRequire(import.meta.url)('cortado');
      console.log([Cache.name, Lite.name, Required.name].join());
      try { new Cache({ maxCost: 10 }).set('a', 1, { cost: -1 }); } catch (error) { console.log(error.stack); }
    `;
    const [names, ...stack] = node(['--input-type=module', '-e', script]).trim().split('\n');
    expect(names).toBe('Cache,Cache,Cache');
    expect(stack[0]).toBe('RangeError: cortado: cost must be >= 0, got -1');
    expect(stack.join('\n')).toMatch(
      /^ +at Cache\.set \(file:\/\/\/.*\/node_modules\/cortado\/dist\/index\.js:\d+:\d+\)$/m,
    );
  });

  it('maps stack frames back to the TypeScript sources (source maps, sources included)', () => {
    const script = `import { Cache } from 'cortado'; try { new Cache({ maxCost: 10 }).set('a', 1, { ttl: -1 }); } catch (e) { console.log(e.stack); }`;
    const stack = node(['--enable-source-maps', '--input-type=module', '-e', script]);
    expect(stack).toMatch(/^ +at Cache\.set \(.*\/node_modules\/cortado\/src\/cache\.ts:\d+:\d+\)$/m);
  });

  it('prints a short report for an uncaught error: no bundle on one line, no inlined bytes', () => {
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import { Cache } from 'cortado'; new Cache({ maxCost: 0 });"],
      { cwd: project, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('RangeError: cortado: maxCost must be > 0, got 0');
    expect(run.stderr.length, run.stderr).toBeLessThan(3000);
    for (const line of run.stderr.split('\n')) expect(line.length, line.slice(0, 200)).toBeLessThan(300);
  });

  it('console.log(cache) shows the policy and the figures, not the internals', () => {
    const script = `
      import { Cache } from 'cortado';
      const cache = new Cache({ maxCost: 10, policy: 'lru' });
      cache.set('a', 1, { cost: 3 });
      console.log(cache);
      cache.close();
      console.log(cache);
    `;
    expect(node(['--input-type=module', '-e', script]).trim().split('\n')).toEqual([
      "Cache { policy: 'lru', size: 1, cost: 3, maxCost: 10 }",
      'Cache <closed>',
    ]);
  });

  it('packs the licence, the README, the readable entries and their source maps', () => {
    const listing = execFileSync('tar', ['-tzf', packedTarball()], { encoding: 'utf8' }).trim().split('\n').sort();
    const js = [
      'index.js',
      'index.cjs',
      'index.node.js',
      'index.node.cjs',
      'index.workerd.js',
      'lite.js',
      'lite.cjs',
      'core.js',
      'core.cjs',
      'policies.js',
      'policies.cjs',
      'policies-shared.js',
      'policies-shared.cjs',
      'keyv.js',
      'keyv.cjs',
      'redis.js',
      'redis.cjs',
      'metrics.js',
      'metrics.cjs',
      'lru-cache.js',
      'lru-cache.cjs',
    ];
    const expected = [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/cortado.wasm',
      ...js.flatMap((f) => [`dist/${f}`, `dist/${f}.map`]),
      ...['index', 'lite', 'core', 'policies', 'keyv', 'redis', 'metrics', 'lru-cache'].flatMap((f) => [
        `dist/${f}.d.ts`,
        `dist/${f}.d.cts`,
      ]),
    ].map((f) => `package/${f}`);
    expect(listing).toEqual(expected.sort());
    const license = readFileSync(join(project!, 'node_modules/cortado/LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(JSON.parse(readFileSync(join(project!, 'node_modules/cortado/package.json'), 'utf8')).license).toBe('MIT');
  });

  it('ships declarations that type-check under NodeNext from ESM and CommonJS', () => {
    const use = `const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
const ok: boolean = cache.set('a', 1);
const value: number | undefined = cache.get('a');
const ratio: number = cache.stats().hitRatio;
const loaded: Promise<number> = cache.fetch('a', { load: async (key, { signal, stale }) => key.length + (stale ?? 0) + (signal.aborted ? 1 : 0) });
export const out = [ok, value, ratio, loaded];
// @ts-expect-error values are typed
cache.set('b', 'not a number');
`;
    writeFileSync(join(project!, 'use.mts'), `import { Cache } from 'cortado';\n${use}`);
    writeFileSync(
      join(project!, 'use.cts'),
      `import cortado = require('cortado');\nconst { Cache } = cortado;\n${use}`,
    );
    writeFileSync(
      join(project!, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['es2022', 'dom'],
          types: [],
          skipLibCheck: false,
        },
        files: ['use.mts', 'use.cts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      output = node([tsc, '-p', 'tsconfig.json', '--traceResolution']);
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout ?? String(error);
      throw new Error(
        `tsc failed:\n${stdout
          .split('\n')
          .filter((line) => /error TS/.test(line))
          .join('\n')}`,
      );
    }
    // The CommonJS file must get the .d.cts, the ESM file the .d.ts.
    expect(output).toMatch(/'cortado' was successfully resolved to '[^']*node_modules\/cortado\/dist\/index\.d\.cts'/);
    expect(output).toMatch(/'cortado' was successfully resolved to '[^']*node_modules\/cortado\/dist\/index\.d\.ts'/);
  });

  it('ships cortado/redis declarations that type-check from ESM and CommonJS (they import cortado’s)', () => {
    const use = `declare const client: RedisClient;
const cache = new TieredCache<{ n: number }>({ local: { maxCost: 10 }, redis: client, namespace: 'app', ttl: 1000 });
export const pending: Promise<{ n: number } | undefined> = cache.get('k');
// @ts-expect-error values are typed
cache.set('k', 'text');
`;
    writeFileSync(
      join(project!, 'redis.mts'),
      `import { TieredCache, type RedisClient } from 'cortado/redis';\n${use}`,
    );
    writeFileSync(
      join(project!, 'redis.cts'),
      `import tiers = require('cortado/redis');\nconst { TieredCache } = tiers;\ntype RedisClient = tiers.RedisClient;\n${use}`,
    );
    writeFileSync(
      join(project!, 'tsconfig.redis.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['es2022', 'dom'],
          types: [],
          skipLibCheck: false,
        },
        files: ['redis.mts', 'redis.cts'],
      }),
    );
    const run = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.redis.json'],
      { cwd: project, encoding: 'utf8' },
    );
    expect(run.stdout.split('\n').filter((line) => /error TS/.test(line))).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('ships cortado/metrics declarations that type-check from ESM and CommonJS, with cortado’s Cache and a stats() histogram', () => {
    const use = `const cache = new Cache<string, number>({ maxCost: 10, lifeExpectancy: true });
const text: string = toPrometheus([{ cache, labels: { cache: 'users' } }], { name: 'app', help: false });
const h: LifeExpectancy | undefined = cache.stats().lifeExpectancy;
const p99: number = h === undefined ? 0 : percentile(h, 0.99);
declare const meter: Meter;
const stop: () => void = observe(meter, cache, { labels: { service: 'api' } });
// @ts-expect-error labels are strings, numbers or booleans
toPrometheus(cache, { labels: { a: {} } });
export const out = [text, p99, stop];
`;
    writeFileSync(
      join(project!, 'metrics.mts'),
      `import { Cache, type LifeExpectancy } from 'cortado';\nimport { toPrometheus, observe, percentile, type Meter } from 'cortado/metrics';\n${use}`,
    );
    writeFileSync(
      join(project!, 'metrics.cts'),
      `import cortado = require('cortado');\nimport metrics = require('cortado/metrics');\nconst { Cache } = cortado;\ntype LifeExpectancy = cortado.LifeExpectancy;\ntype Meter = metrics.Meter;\nconst { toPrometheus, observe, percentile } = metrics;\n${use}`,
    );
    writeFileSync(
      join(project!, 'tsconfig.metrics.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['es2022', 'dom'],
          types: [],
          skipLibCheck: false,
        },
        files: ['metrics.mts', 'metrics.cts'],
      }),
    );
    const run = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.metrics.json'],
      { cwd: project, encoding: 'utf8' },
    );
    expect(run.stdout.split('\n').filter((line) => /error TS/.test(line))).toEqual([]);
    expect(run.status).toBe(0);
  });

  it("types cortado/lite's policy option as the two policies it ships", () => {
    writeFileSync(
      join(project!, 'lite.mts'),
      `import { Cache, POLICIES, type PolicyName } from 'cortado/lite';
const a = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
const b = new Cache({ maxCost: 10, policy: { name: 'w-tinylfu', windowFrac: 0.02 } });
// @ts-expect-error cortado/lite does not ship arc
const c = new Cache({ maxCost: 10, policy: 'arc' });
// @ts-expect-error nor lru-k
const d = new Cache({ maxCost: 10, policy: { name: 'lru-k', k: 2 } });
const names: readonly PolicyName[] = POLICIES;
// @ts-expect-error PolicyName is the two names
const other: PolicyName = 'tinylfu';
export const out = [a, b, c, d, names, other];
`,
    );
    writeFileSync(
      join(project!, 'tsconfig.lite.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          lib: ['es2022', 'dom'],
          types: [],
          skipLibCheck: false,
        },
        files: ['lite.mts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.lite.json'], { cwd: project, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

const oldest = oldestNode();
const missingOldest =
  oldest === undefined
    ? `no Node ${OLDEST} in npm's cache (npx -y -p node@${OLDEST} node --version fetches it)`
    : undefined;
if (missingOldest !== undefined && !inCI) console.warn(`Node ${OLDEST} suite skipped: ${missingOldest}`);

describe.skipIf(missingOldest !== undefined && !inCI)(
  `node ${OLDEST} (engines: >=${OLDEST}): the packed package${missingOldest ? ` (skipped: ${missingOldest})` : ''}`,
  () => {
    beforeAll(() => {
      if (missingOldest !== undefined) throw new Error(`CI=true but ${missingOldest}`);
      project = projectWithPackage('node-oldest', {
        'node-esm.mjs': join(examplesDir, 'node-esm.mjs'),
        'node-cjs.cjs': join(examplesDir, 'node-cjs.cjs'),
        'loading.mjs': join(examplesDir, 'loading.js'),
        'metrics.mjs': join(examplesDir, 'metrics.mjs'),
      });
    });
    afterAll(() => removeProject(project));

    it("runs README's Node snippets", () => {
      expect(node(['node-esm.mjs'], oldest)).toBe('false 1 3\nabc\nundefined\n');
      expect(node(['node-cjs.cjs'], oldest)).toBe('100 of 100 hot keys kept; size 100\n1\n');
      expect(node(['--input-type=module', '-e', LOADING_EXAMPLE_COMMAND], oldest).trim().split('\n')).toEqual(
        LOADING_EXAMPLE_OUTPUT,
      );
      expect(node(['metrics.mjs'], oldest)).toBe(
        'cortado_keys_evicted_total{cache="users"} 0\ncortado_keys_evicted_total{cache="pages"} 50\n50\n',
      );
    });

    it('runs every policy, from every entry, with TTLs, costs and callbacks', () => {
      const script = `
      import { Cache, POLICIES } from 'cortado';
      import { Cache as Lite } from 'cortado/lite';
      import { Cache as Core } from 'cortado/core';
      import * as values from 'cortado/policies';
      import { createRequire } from 'node:module';
      let exits = 0;
      // cortado/core with each policy as a value, from ESM and from CommonJS.
      const required = createRequire(import.meta.url)('cortado/policies');
      const commonJsCore = createRequire(import.meta.url)('cortado/core').Cache;
      for (const [CoreCache, policies] of [[Core, values], [commonJsCore, required]]) {
        for (const policy of Object.values(policies)) {
          const cache = new CoreCache({ maxCost: 50, policy: { name: policy }, ttl: 60_000 });
          for (let i = 0; i < 500; i++) { cache.set(i % 120, i, { cost: 1 + (i % 3) }); cache.get(i % 17); }
          if (cache.cost > 50 || cache.size === 0) throw new Error(policy.name + ': cost ' + cache.cost);
          cache.close();
        }
      }
      for (const policy of POLICIES) {
        const cache = new Cache({ maxCost: 50, policy, ttl: 60_000, onExit: () => exits++ });
        for (let i = 0; i < 2000; i++) { cache.set(i % 120, i, { cost: 1 + (i % 3) }); cache.get(i % 17); }
        if (cache.cost > 50 || cache.size === 0) throw new Error(policy + ': cost ' + cache.cost);
        cache.close();
      }
      const lite = new Lite({ maxCost: 2 });
      lite.set('a', 1);
      console.log(process.version.split('.')[0], POLICIES.length, exits > 0, lite.get('a'), Object.keys(required).length);
    `;
      expect(node(['--input-type=module', '-e', script], oldest).trim()).toBe(`v${OLDEST} 22 true 1 22`);
    });
  },
);
