// The type tests: test/types/user-code.ts, typical user code of cortado/redis and cortado/keyv,
// and test/types/lru-cache-user-code.ts, typical lru-cache 11 code with the import changed to
// cortado/lru-cache, must compile with `tsc --strict --noEmit` against the built package's declarations (dist/,
// rebuilt first when older than the sources). Each case in it once failed to compile, or
// compiled to the wrong type.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packedTarball, repoRoot } from './runtimes/package.js';

describe('types of typical user code (tsc --strict)', () => {
  beforeAll(() => {
    packedTarball(); // rebuilds dist/ if it is older than the sources (under the runtime suites' lock)
  });

  for (const file of ['user-code.ts', 'lru-cache-user-code.ts', 'policy-options.ts']) {
    it(`test/types/${file} compiles`, () => {
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const args = [
        tsc,
        '--strict',
        '--noEmit',
        '--target',
        'es2022',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        '--types',
        'node',
        join('test', 'types', file),
      ];
      let output = '';
      try {
        execFileSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    });
  }
});
