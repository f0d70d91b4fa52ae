// Finds import cycles among a folder's TypeScript modules: every relative import, export-from and
// dynamic import(), type-only ones included (a cycle through a type still ties two files together:
// neither can be read, moved or tested without the other). test/import-cycles.test.ts runs it on
// src/ and assembly/, so `npm test` fails on a new cycle.
//
//   npx tsx scripts/verify/import-cycles.ts [DIR …]      (default: src assembly); exit 1 on a cycle

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Every .ts file under `dir`, recursively (declaration files too: they can import). */
function modulesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...modulesUnder(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/**
 * The relative specifiers a module imports or re-exports, statically or with import(): as
 * TypeScript's own scanner reads them (comments and strings are no trap for it).
 */
export function relativeImports(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith('./') || name.startsWith('../'));
}

/** The file a relative specifier names: NodeNext's `./x.js` is `./x.ts`; AssemblyScript writes `./x`. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.(m|c)?js$/, '.$1ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c));
}

/**
 * The import cycles among the modules under `dirs`: one per strongly connected group of modules
 * (Tarjan's algorithm), as a path of files relative to `root` that starts and ends at the same file.
 */
export function importCycles(dirs: readonly string[], root: string): string[][] {
  const files = dirs.flatMap((d) => modulesUnder(resolve(root, d)));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = relativeImports(readFileSync(file, 'utf8'))
      .map((s) => resolveSpecifier(file, s))
      .filter((t): t is string => t !== undefined);
    edges.set(file, [...new Set(targets)]);
  }

  // Tarjan's strongly connected components; a component of more than one file, or a file that
  // imports itself, holds a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (edges.get(file) ?? []).includes(file)) components.push(component);
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);

  // One cycle per component, to name in the message: a shortest way back to its first file.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    let end: string | undefined;
    while (queue.length > 0 && end === undefined) {
      const file = queue.shift()!;
      for (const target of edges.get(file) ?? []) {
        if (!members.has(target)) continue;
        if (target === start) {
          end = file;
          break;
        }
        if (!previous.has(target)) {
          previous.set(target, file);
          queue.push(target);
        }
      }
    }
    const path = [start];
    for (let file = end!; file !== start; file = previous.get(file)!) path.splice(1, 0, file);
    path.push(start);
    return path.map((f) => relative(root, f));
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['src', 'assembly'];
  const cycles = importCycles(dirs, root);
  for (const cycle of cycles) console.log(`import cycle: ${cycle.join(' → ')}`);
  console.log(cycles.length === 0 ? `no import cycles in ${dirs.join(', ')}` : `${cycles.length} import cycle(s)`);
  if (cycles.length > 0) process.exitCode = 1;
}
