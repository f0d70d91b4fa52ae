// Node: the packed package installed into a temporary project, used through `import` and
// `require` (README's snippets, run as files), its export conditions, the `cortado/wasm` export,
// and its type declarations under NodeNext resolution in both module systems.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, projectWithPackage, removeProject, repoRoot } from './package.js';

let project: string | undefined;

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('node: packed package in a temporary project', () => {
  beforeAll(() => {
    project = projectWithPackage('node', {
      'node-esm.mjs': join(examplesDir, 'node-esm.mjs'),
      'node-cjs.cjs': join(examplesDir, 'node-cjs.cjs'),
    });
  });
  afterAll(() => removeProject(project));

  it('runs the ESM snippet (import): set, get, LRU eviction, TTL', () => {
    expect(node(['node-esm.mjs'])).toBe('false 1 3\nabc\nundefined\n');
  });

  it('runs the CommonJS snippet (require): TinyLFU keeps hot keys through a scan', () => {
    expect(node(['node-cjs.cjs'])).toBe('100 of 100 hot keys kept; size 100\n1\n');
  });

  it('resolves each export condition to its entry', () => {
    const resolved = (conditions: string[], expression: string) =>
      node([...conditions.map((c) => `--conditions=${c}`), '--input-type=module', '-e', `console.log(${expression})`]).trim();
    expect(resolved([], "import.meta.resolve('cortado')")).toMatch(/node_modules\/cortado\/dist\/index\.js$/);
    expect(resolved([], "(await import('node:module')).createRequire(import.meta.url).resolve('cortado')")).toMatch(/node_modules\/cortado\/dist\/index\.cjs$/);
    expect(resolved(['workerd'], "import.meta.resolve('cortado')")).toMatch(/node_modules\/cortado\/dist\/index\.workerd\.js$/);
    expect(resolved(['worker'], "import.meta.resolve('cortado')")).toMatch(/node_modules\/cortado\/dist\/index\.workerd\.js$/);
    expect(resolved([], "import.meta.resolve('cortado/lite')")).toMatch(/node_modules\/cortado\/dist\/lite\.js$/);
    expect(resolved([], "import.meta.resolve('cortado/wasm')")).toMatch(/node_modules\/cortado\/dist\/cortado\.wasm$/);
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
    expect(second).toMatch(/^RangeError: cortado: unknown policy "arc"; allowed: w-tinylfu, lru .*import from "cortado"/);
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

  it('ships declarations that type-check under NodeNext from ESM and CommonJS', () => {
    const use = `const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
const ok: boolean = cache.set('a', 1);
const value: number | undefined = cache.get('a');
const ratio: number = cache.stats().hitRatio;
export const out = [ok, value, ratio];
// @ts-expect-error values are typed
cache.set('b', 'not a number');
`;
    writeFileSync(join(project!, 'use.mts'), `import { Cache } from 'cortado';\n${use}`);
    writeFileSync(join(project!, 'use.cts'), `import cortado = require('cortado');\nconst { Cache } = cortado;\n${use}`);
    writeFileSync(
      join(project!, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, lib: ['es2022', 'dom'], types: [], skipLibCheck: false },
        files: ['use.mts', 'use.cts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      output = node([tsc, '-p', 'tsconfig.json', '--traceResolution']);
    } catch (error) {
      const stdout = (error as { stdout?: string }).stdout ?? String(error);
      throw new Error(`tsc failed:\n${stdout.split('\n').filter((line) => /error TS/.test(line)).join('\n')}`);
    }
    // The CommonJS file must get the .d.cts, the ESM file the .d.ts.
    expect(output).toMatch(/'cortado' was successfully resolved to '[^']*node_modules\/cortado\/dist\/index\.d\.cts'/);
    expect(output).toMatch(/'cortado' was successfully resolved to '[^']*node_modules\/cortado\/dist\/index\.d\.ts'/);
  });
});
