// Bundle size: every entry of the built package as a bundler ships it, minified (terser, the
// settings of bench/size.ts) and gzipped: cortado/lite and the default entry (all 22 policies)
// within their regression bounds. dist/ itself is readable (not minified) and
// carries source maps; these tests check that too. Uses the same dist/ the packed package is made from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CORE_ENTRY_BUDGET,
  DEFAULT_ENTRY_BUDGET,
  FURTHER_POLICY_BUDGET,
  KEYV_ENTRY_BUDGET,
  LITE_ENTRY_BUDGET,
  LRU_CACHE_ENTRY_BUDGET,
  METRICS_ENTRY_BUDGET,
  REDIS_ENTRY_BUDGET,
  type EntrySize,
  entrySizes,
  measureSizes,
  misplacedCode,
  bundleFromDist,
  policyValueSizes,
} from '../../bench/size.js';
import * as policyValues from '../../src/policies.js';
import { CONTENDERS } from '../../bench/contenders.js';
import { packedTarball, repoRoot } from './package.js';

const dist = join(repoRoot, 'dist');

describe('bundle size', () => {
  let sizes: EntrySize[];
  beforeAll(async () => {
    packedTarball(); // builds dist/ if it is older than the sources
    sizes = await entrySizes(dist);
    for (const s of sizes)
      console.log(`${s.entry}: ${s.shippedBytes} B shipped, ${s.minBytes} B min, ${s.gzipBytes} B min+gz`);
  });

  it(`keeps cortado/lite within ${LITE_ENTRY_BUDGET} B min+gz, kernels included`, () => {
    const lite = sizes.find((s) => s.files.join() === 'lite.js')!;
    expect(
      lite.gzipBytes,
      'cortado/lite (dist/lite.js) min+gz bytes; `npm run size` lists every entry',
    ).toBeLessThanOrEqual(LITE_ENTRY_BUDGET);
  });

  it(`keeps the default entry (every policy) within ${DEFAULT_ENTRY_BUDGET} B min+gz`, () => {
    const main = sizes.find((s) => s.files.join() === 'index.js')!;
    expect(main.gzipBytes, 'default entry (dist/index.js) min+gz bytes').toBeLessThanOrEqual(DEFAULT_ENTRY_BUDGET);
  });

  it(`keeps the adapters within their bounds (cortado/keyv ${KEYV_ENTRY_BUDGET} B, cortado/redis ${REDIS_ENTRY_BUDGET} B, cortado/metrics ${METRICS_ENTRY_BUDGET} B, cortado/lru-cache ${LRU_CACHE_ENTRY_BUDGET} B), out of the core entries (as is diagnostics_channel), and without a Cache of their own`, () => {
    expect(
      sizes.find((s) => s.files.join() === 'metrics.js')!.gzipBytes,
      'dist/metrics.js min+gz bytes',
    ).toBeLessThanOrEqual(METRICS_ENTRY_BUDGET);
    expect(sizes.find((s) => s.files.join() === 'keyv.js')!.gzipBytes, 'dist/keyv.js min+gz bytes').toBeLessThanOrEqual(
      KEYV_ENTRY_BUDGET,
    );
    expect(
      sizes.find((s) => s.files.join() === 'redis.js')!.gzipBytes,
      'dist/redis.js min+gz bytes',
    ).toBeLessThanOrEqual(REDIS_ENTRY_BUDGET);
    expect(
      sizes.find((s) => s.files.join() === 'lru-cache.js')!.gzipBytes,
      'dist/lru-cache.js min+gz bytes',
    ).toBeLessThanOrEqual(LRU_CACHE_ENTRY_BUDGET);
    expect(misplacedCode(dist)).toEqual([]);
  });

  it(`keeps cortado/core alone within ${CORE_ENTRY_BUDGET} B min+gz, and each further policy imported as a value within ${FURTHER_POLICY_BUDGET} B on average`, async () => {
    const values = await policyValueSizes(dist);
    expect(values.core, 'import { Cache } from "cortado/core", bundled, min+gz bytes').toBeLessThanOrEqual(
      CORE_ENTRY_BUDGET,
    );
    expect(values.each.size).toBe(Object.keys(policyValues).length - 1);
    expect(values.average, 'bytes each further policy adds on average').toBeLessThanOrEqual(FURTHER_POLICY_BUDGET);
    for (const [name, bytes] of values.each) expect(bytes, name).toBeGreaterThan(0);
  }, 300_000); // 23 bundles, each minified: minutes on a loaded machine

  it('bundles only the policies a page imports from cortado/policies, beside cortado/core', async () => {
    // A policy is in a bundle when its definition or its class is: `name: "lirs"`, `name = "lirs"`.
    const names = Object.values(policyValues).map((d) => d.name);
    const defined = (code: string) =>
      names.filter((n) => code.includes(`name: "${n}"`) || code.includes(`name = "${n}"`)).sort();
    expect(defined(await bundleFromDist(dist, "export { Cache } from './core.js';"))).toEqual(['w-tinylfu']);
    for (const [exported, value] of Object.entries(policyValues)) {
      if (exported === 'wTinyLfu') continue;
      const code = await bundleFromDist(
        dist,
        `export { Cache } from './core.js'; export { ${exported} } from './policies.js';`,
      );
      expect(defined(code), exported).toEqual(['w-tinylfu', value.name].sort());
    }
  });

  it('measures something smaller than what ships: dist/ is readable, the figure is minified', () => {
    for (const s of sizes.filter((e) => !e.files.includes('cortado.wasm')))
      expect(s.minBytes).toBeLessThan(s.shippedBytes * 0.8);
  });

  it('ships readable JavaScript with a source map per file, sources included', () => {
    for (const file of ['index.js', 'index.cjs', 'lite.js', 'lite.cjs', 'index.workerd.js']) {
      const code = readFileSync(join(dist, file), 'utf8');
      expect(code, file).toMatch(/^(class Cache|let [\w$]+ = class Cache) \{$/m); // cortado/lite binds it under another name
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${file}.map`), file).toBe(true);
      const map = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8'));
      expect(map.sources, file).toContain('../src/cache.ts');
      const cache = map.sourcesContent[map.sources.indexOf('../src/cache.ts')];
      expect(cache, file).toContain('export class Cache<K = unknown, V = unknown>');
    }
  });

  it('inlines the kernels in the default entries only; the Workers entry imports the file', () => {
    const base64 = readFileSync(join(dist, 'cortado.wasm')).toString('base64');
    for (const file of ['index.js', 'index.cjs', 'lite.js', 'lite.cjs'])
      expect(readFileSync(join(dist, file), 'utf8')).toContain(base64);
    const workers = readFileSync(join(dist, 'index.workerd.js'), 'utf8');
    expect(workers).not.toContain(base64.slice(0, 200));
    expect(workers).toMatch(/^import \w+ from '\.\/cortado\.wasm';$/m);
  });

  it("gives npm run bench's size table the same cortado figures, and bundles each other contender's import", async () => {
    const rows = await measureSizes(CONTENDERS.filter((c) => c.name === 'lru-cache'));
    const row = (name: string) => rows.find((r) => r.name === name)!;
    const entry = (file: string) => sizes.find((s) => s.files.join() === file)!;
    expect(row('cortado (JS + inlined wasm)').gzipped).toBe(entry('index.js').gzipBytes);
    expect(row('cortado/lite (JS + inlined wasm)').gzipped).toBe(entry('lite.js').gzipBytes);
    expect(row('cortado wasm alone').minified).toBe(readFileSync(join(dist, 'cortado.wasm')).length);
    // lru-cache's LRUCache, bundled then minified: a few kilobytes, far below its package's source.
    const lru = row('lru-cache');
    expect(lru.gzipped).toBeGreaterThan(1_000);
    expect(lru.gzipped).toBeLessThan(lru.minified);
    expect(rows.map((r) => r.name)).toEqual([
      'cortado (JS + inlined wasm)',
      'cortado JS alone (Workers entry)',
      'cortado wasm alone',
      'cortado/lite (JS + inlined wasm)',
      'lru-cache',
    ]);
  });
});
