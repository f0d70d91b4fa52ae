// `npm run mutate [-- group ... --stryker-option ...]`: mutation testing of the core with StrykerJS,
// one group of scripts/verify/mutation/groups.mjs at a time (all of them by default), each judged by its
// own test files. Not in CI: a full run takes hours on two cores; incremental files under
// reports/mutation/ make a rerun cost only what changed. Results: docs/mutation-testing.md.
import { spawnSync } from 'node:child_process';
import { GROUPS } from './mutation/groups.mjs';

// Group names first; then `--tests a.test.ts,b.test.ts` (a narrowed run: fewer of the group's
// test files judge it); from the first other option on, everything goes to `stryker run`.
const args = process.argv.slice(2);
let tests;
const testsAt = args.indexOf('--tests');
if (testsAt >= 0) {
  tests = args[testsAt + 1];
  if (tests === undefined || tests.startsWith('-')) {
    console.error('--tests needs a comma-separated list of test files');
    process.exit(2);
  }
  args.splice(testsAt, 2);
}
const firstOption = args.findIndex((a) => a.startsWith('-'));
const names = firstOption < 0 ? args : args.slice(0, firstOption);
const strykerArgs = firstOption < 0 ? [] : args.slice(firstOption);
for (const name of names) {
  if (!(name in GROUPS)) {
    console.error(`unknown group ${JSON.stringify(name)}: one of ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
}
let status = 0;
for (const name of names.length > 0 ? names : Object.keys(GROUPS)) {
  const { note } = GROUPS[name];
  console.log(`\n── mutation group ${name}${note ? ` (${note})` : ''}`);
  const run = spawnSync('npx', ['stryker', 'run', 'scripts/verify/mutation/stryker.config.mjs', ...strykerArgs], {
    stdio: 'inherit',
    env: {
      ...process.env,
      CORTADO_MUTATE_GROUP: name,
      ...(tests === undefined ? {} : { CORTADO_MUTATE_TESTS: tests }),
    },
  });
  if (run.status !== 0) status = run.status ?? 1;
}
process.exit(status);
