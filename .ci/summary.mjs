// CI's summary line, "N passed, N failed", from vitest's JSON report (the path is the argument).
// vitest counts the tests of a suite that failed outside any test (a beforeAll that threw, a file
// that did not load) as skipped, not failed: such a file is reported as failed with no failing
// assertion, so each one counts here as one failure, named below the line.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const suiteFailures = report.testResults.filter(
  (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
);
let failed = report.numFailedTests + suiteFailures.length;
// A run vitest marks unsuccessful with nothing counted above (an unhandled error) still failed.
if (!report.success && failed === 0) failed = 1;
const skipped = (report.numPendingTests || 0) + (report.numTodoTests || 0);
if (skipped > 0) console.log(`(${skipped} skipped)`);
for (const file of suiteFailures) {
  const why = file.message ? `: ${file.message.split('\n')[0]}` : ' (a hook threw: see the log above)';
  console.log(`suite failed outside its tests: ${relative(process.cwd(), file.name)}${why}`);
}
console.log(`${report.numPassedTests} passed, ${failed} failed`);
if (report.numTotalTests === 0) process.exitCode = 1;
