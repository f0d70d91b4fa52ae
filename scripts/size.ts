// Reports the size of each published entry, minified (as built) and minified + gzip (level 9),
// and checks the default entry against its budget. Run `npm run build` first; then
// `npm run size`. The Workers entry is counted with the .wasm file it imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Budget for the default entry (JS with the kernels inlined), min + gzip, in bytes. */
export const DEFAULT_ENTRY_BUDGET = 12_000;

export interface EntrySize {
  entry: string;
  files: string[];
  minBytes: number;
  gzipBytes: number;
}

const ENTRIES: Array<{ entry: string; files: string[] }> = [
  { entry: 'default, ESM (import; node, browser)', files: ['index.js'] },
  { entry: 'default, CommonJS (require)', files: ['index.cjs'] },
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
  const main = sizes[0]!;
  const verdict = main.gzipBytes <= DEFAULT_ENTRY_BUDGET ? 'within' : 'OVER';
  console.log(`default entry: ${main.gzipBytes} B min+gz, ${verdict} the ${DEFAULT_ENTRY_BUDGET} B budget`);
  if (main.gzipBytes > DEFAULT_ENTRY_BUDGET) process.exitCode = 1;
}
