// A tiny reader for the shared traces used by the group-B policy tests (LIRS one-key-per-line
// gzip files and ARC `start count _ _` zstd files; formats in ../shared/traces/README.md).
// Deliberately local: the tests must not depend on the simulator in bench/sim.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decompress } from 'fzstd';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared/traces beside the repository, or undefined when absent. */
export const TRACES_DIR: string | undefined = (() => {
  const dir = path.resolve(repoRoot, '..', 'shared', 'traces');
  return existsSync(dir) ? dir : undefined;
})();

/** The keys of a trace, one per access. */
export function readTrace(file: string): Float64Array {
  const raw = readFileSync(path.join(TRACES_DIR!, file));
  if (file.endsWith('.gz')) {
    const keys: number[] = [];
    for (const line of gunzipSync(raw).toString('latin1').split('\n')) {
      const t = line.trim();
      if (t === '' || t === '*') continue;
      keys.push(Number(t));
    }
    return Float64Array.from(keys);
  }
  if (file.endsWith('.zst')) {
    const text = new TextDecoder().decode(decompress(raw));
    const keys: number[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [start, count] = line.split(' ');
      const s = Number(start);
      const n = Number(count);
      for (let i = 0; i < n; i++) keys.push(s + i);
    }
    return Float64Array.from(keys);
  }
  throw new Error(`unknown trace format: ${file}`);
}
