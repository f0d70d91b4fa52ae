// vitest for a mutation run (scripts/verify/mutation/stryker.config.mjs): only the test files of the
// group named by CORTADO_MUTATE_GROUP (scripts/verify/mutation/groups.mjs), or those listed in
// CORTADO_MUTATE_TESTS for a narrowed run, from the repository root.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain ES module without types, shared with the Stryker config
import { GROUPS } from './groups.mjs';

const groups = GROUPS as Record<string, { tests: string[] }>;
const group = groups[process.env.CORTADO_MUTATE_GROUP ?? ''];
if (group === undefined) throw new Error(`CORTADO_MUTATE_GROUP must be one of ${Object.keys(groups).join(', ')}`);
// A narrowed run (`--tests` of scripts/verify/mutate.mjs) judges by fewer of the group's test files.
const narrowed = process.env.CORTADO_MUTATE_TESTS;

export default defineConfig({
  root: resolve(import.meta.dirname, '..', '..', '..'),
  test: {
    include: narrowed ? narrowed.split(',') : group.tests,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
