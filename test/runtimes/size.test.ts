// Bundle size: every entry of the built package, minified + gzipped, with the default entry
// (kernels inlined) held to its budget. Uses the same dist/ the packed package is made from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENTRY_BUDGET, type EntrySize, entrySizes } from '../../scripts/size.js';
import { packedTarball, repoRoot } from './package.js';

describe('bundle size', () => {
  let sizes: EntrySize[];
  beforeAll(() => {
    packedTarball(); // builds dist/ if it is older than the sources
    sizes = entrySizes(join(repoRoot, 'dist'));
    for (const s of sizes) console.log(`${s.entry}: ${s.minBytes} B min, ${s.gzipBytes} B min+gz`);
  });

  it(`keeps the default entry within ${DEFAULT_ENTRY_BUDGET} B min+gz, kernels included`, () => {
    const main = sizes.find((s) => s.files.join() === 'index.js')!;
    expect(main.gzipBytes, 'default entry (dist/index.js) min+gz bytes; `npm run size` lists every entry').toBeLessThanOrEqual(DEFAULT_ENTRY_BUDGET);
  });

  it('inlines the kernels in the default entries only; the Workers entry imports the file', () => {
    const dist = join(repoRoot, 'dist');
    const base64 = readFileSync(join(dist, 'cortado.wasm')).toString('base64');
    for (const file of ['index.js', 'index.cjs']) expect(readFileSync(join(dist, file), 'utf8')).toContain(base64);
    const workers = readFileSync(join(dist, 'index.workerd.js'), 'utf8');
    expect(workers).not.toContain(base64.slice(0, 200));
    expect(workers).toMatch(/^import \w+ from"\.\/cortado\.wasm";/);
  });
});
