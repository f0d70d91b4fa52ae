// CI has ../shared beside the clone (the traces and cachekit's golden data). Without it the
// trace and golden suites skip, which is right on a bare clone but would let CI pass with those
// guards silently off: under CI=true a missing ../shared is a failure, as a missing tool is.
import { expect, it } from 'vitest';
import { GOLDEN_DIR, haveGolden } from '../scripts/verify/golden-replay.js';
import { inCI } from './runtimes/package.js';
import { TRACES_DIR } from './policies/trace-reader.js';

it.runIf(inCI)('../shared holds the traces and the cachekit golden data (CI)', () => {
  expect(TRACES_DIR, 'CI=true but ../shared/traces is absent: the trace suites would all skip').toBeDefined();
  expect(haveGolden(), `CI=true but ${GOLDEN_DIR}/README.md is absent: the golden suite would skip`).toBe(true);
});
