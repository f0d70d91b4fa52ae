// A minimal rollup plugin that strips TypeScript types with esbuild (no type checking: `npm run
// typecheck` does that) and resolves the `./x.js` specifiers NodeNext requires to `./x.ts`.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { transform } from 'esbuild';

/** @returns {import('rollup').Plugin} */
export function typescript() {
  return {
    name: 'cortado-typescript',
    resolveId(source, importer) {
      if (importer === undefined || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolve(dirname(importer), `${source.slice(0, -3)}.ts`);
      return existsSync(candidate) ? candidate : null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const result = await transform(code, {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        sourcefile: id,
        sourcemap: true,
      });
      return { code: result.code, map: result.map };
    },
  };
}
