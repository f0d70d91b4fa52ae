// Reports the size of each published entry, minified (as built) and minified + gzip (level 9),
// and checks the entries against their budgets: 12 KB for `cortado/lite` (the Cache with
// w-tinylfu and lru), and a regression bound for the default entry, which carries all
// 22 policies and cannot fit 12 KB (core + one policy alone is about 12 KB). Run `npm run build` first; then
// `npm run size`. The Workers entry is counted with the .wasm file it imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Budget for `cortado/lite` (JS with the kernels inlined), min + gzip, in bytes. */
export const LITE_ENTRY_BUDGET = 12_000;
/** Regression bound for the default entry (every policy; 19.7 KB on 2026-11-23). */
export const DEFAULT_ENTRY_BUDGET = 21_000;

export interface EntrySize {
  entry: string;
  files: string[];
  minBytes: number;
  gzipBytes: number;
}

const ENTRIES: Array<{ entry: string; files: string[] }> = [
  { entry: 'default, ESM (import; node, browser)', files: ['index.js'] },
  { entry: 'default, CommonJS (require)', files: ['index.cjs'] },
  { entry: 'cortado/lite, ESM (w-tinylfu and lru)', files: ['lite.js'] },
  { entry: 'cortado/lite, CommonJS', files: ['lite.cjs'] },
  { entry: 'Workers (workerd, worker) + its .wasm', files: ['index.workerd.js', 'cortado.wasm'] },
  { entry: 'cortado/wasm (raw kernels)', files: ['cortado.wasm'] },
];

/** Sizes of every entry in `distDir`; files of one entry are gzipped one by one, as served. */
export function entrySizes(distDir: string): EntrySize[] {
  return ENTRIES.map(({ entry, files }) => {
    let minBytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const bytes = readFileSync(join(distDir, file));
      minBytes += bytes.length;
      gzipBytes += gzipSync(bytes, { level: 9 }).length;
    }
    return { entry, files, minBytes, gzipBytes };
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const sizes = entrySizes(dist);
  console.log('| entry | files | min | min+gz |\n|---|---|---:|---:|');
  for (const s of sizes) console.log(`| ${s.entry} | ${s.files.join(' + ')} | ${s.minBytes} B | ${s.gzipBytes} B |`);
  const checks: [EntrySize, number][] = [
    [sizes.find((e) => e.files.join() === 'index.js')!, DEFAULT_ENTRY_BUDGET],
    [sizes.find((e) => e.files.join() === 'lite.js')!, LITE_ENTRY_BUDGET],
  ];
  for (const [entry, budget] of checks) {
    const verdict = entry.gzipBytes <= budget ? 'within' : 'OVER';
    console.log(`${entry.files[0]}: ${entry.gzipBytes} B min+gz, ${verdict} its ${budget} B budget`);
    if (entry.gzipBytes > budget) process.exitCode = 1;
  }
}
