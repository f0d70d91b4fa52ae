// StrykerJS configuration for one group of scripts/verify/mutation/groups.mjs, named by the
// CORTADO_MUTATE_GROUP environment variable (scripts/verify/mutate.mjs sets it). Incremental: each
// group's results are kept in reports/mutation/<group>.incremental.json, so a rerun tests only
// the mutants whose code or tests changed.
import { GROUPS } from './groups.mjs';

const name = process.env.CORTADO_MUTATE_GROUP ?? '';
const group = GROUPS[name];
if (group === undefined)
  throw new Error(`CORTADO_MUTATE_GROUP must be one of ${Object.keys(GROUPS).join(', ')}, got ${JSON.stringify(name)}`);

// A narrowed run (fewer test files, CORTADO_MUTATE_TESTS) keeps its own reports and incremental
// file, so that it neither reuses nor overwrites the whole group's results.
const label = process.env.CORTADO_MUTATE_TESTS ? `${name}-narrowed` : name;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'scripts/verify/mutation/vitest.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: group.mutate,
  ignoreStatic: group.ignoreStatic ?? false,
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: one test process unless asked for more (--concurrency 2).
  concurrency: 1,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `reports/mutation/${label}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${label}.html` },
  jsonReporter: { fileName: `reports/mutation/${label}.json` },
  // The sandbox needs the built wasm (build/) and its inlined bytes, which git ignores.
  ignorePatterns: ['dist', 'reports', 'sim-out', 'bench-out', 'coverage', '.scratch', '*.tgz'],
  // The AssemblyScript sources (assembly/) are not TypeScript to Babel: leave them as they are.
  disableTypeChecks: '{src,test}/**/*.{ts,mts,cts}',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
