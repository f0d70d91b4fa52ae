// No import cycles among the library's modules (src/) and the kernels (assembly/): each file can be
// read, moved and tested with only what it imports. A type-only import counts, as it ties two
// files together all the same. The checker is scripts/verify/import-cycles.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importCycles } from '../scripts/verify/import-cycles.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

describe('import cycles', () => {
  it('src/ and assembly/ have none', () => {
    expect(importCycles(['src', 'assembly'], repoRoot)).toEqual([]);
  });

  describe('the checker', () => {
    const root = mkdtempSync(join(tmpdir(), 'cortado-cycles-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, source: string) => {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), source);
    };

    it('finds a cycle through a type-only import, one across folders, and none in a chain', () => {
      // a ↔ b, one side for a type only, as loading.ts and cache.ts once were.
      write('lib/a.ts', "import type { B } from './b.js';\nexport class A { b?: B; }\n");
      write('lib/b.ts', "import { A } from './a.js';\nexport class B extends A {}\n");
      // c → wasm/d → wasm/e → c, with a re-export and a dynamic import.
      write('lib/c.ts', "export { D } from './wasm/d.js';\n");
      write('lib/wasm/d.ts', "export class D {}\nexport const e = () => import('./e.js');\n");
      write('lib/wasm/e.ts', "/* import { nothing } from './d.js'; */\nimport '../c.js';\n");
      // f → g: no cycle; an import named in a comment or a string is no import.
      write('lib/f.ts', "import { g } from './g.js';\n// see './f.js'\nexport const f = g + \"from './f.js'\";\n");
      write('lib/g.ts', 'export const g = 1;\n');
      expect(importCycles(['lib'], root)).toEqual(
        expect.arrayContaining([
          ['lib/a.ts', 'lib/b.ts', 'lib/a.ts'],
          ['lib/c.ts', 'lib/wasm/d.ts', 'lib/wasm/e.ts', 'lib/c.ts'],
        ]),
      );
      expect(importCycles(['lib'], root)).toHaveLength(2);
    });

    it('reads AssemblyScript imports, which name no extension', () => {
      write('as/x.ts', 'import { y } from "./y";\nexport const x = y;\n');
      write('as/y.ts', 'import { x } from "./x";\nexport const y = 2;\nexport const z = x;\n');
      expect(importCycles(['as'], root)).toEqual([['as/x.ts', 'as/y.ts', 'as/x.ts']]);
    });
  });
});
