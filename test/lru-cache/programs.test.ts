// lru-cache programs run unchanged but for the import: an 80-line typical lru-cache 11 program
// and the examples of lru-cache's README (test/fixtures/lru-cache/), each run in a child Node as
// written (importing lru-cache) and again with `from 'lru-cache'` changed to
// `from 'cortado/lru-cache'` (the built package, resolved by its own name). Both must exit 0 and
// print the same lines.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packedTarball, repoRoot } from '../runtimes/package.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'lru-cache');

function run(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('lru-cache programs, with only the import changed to cortado/lru-cache', () => {
  beforeAll(() => {
    packedTarball(); // rebuilds dist/ if it is older than the sources
  });

  for (const [file, lines] of [
    ['typical-program.mjs', 18],
    ['readme-usage.mjs', 2],
    ['readme-undefined.mjs', 2],
  ] as const) {
    it(`${file} prints the same with either import`, () => {
      const original = readFileSync(join(fixtures, file), 'utf8');
      const imports = original.match(/from 'lru-cache'/g) ?? [];
      expect(imports).toHaveLength(1);
      const swapped = original.replace("from 'lru-cache'", "from 'cortado/lru-cache'");
      const expected = run(original);
      expect(expected.trim().split('\n')).toHaveLength(lines);
      expect(run(swapped)).toBe(expected);
    });
  }
});
