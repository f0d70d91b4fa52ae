// Replays cachekit's golden data (../shared/cachekit-golden: per policy 110 seeded sequences,
// 12,464 operations, recorded from cachekit v0.4.0 itself) through `new Cache({ maxCost:
// capacity, policy })` and compares every operation: hit or miss, evicted keys, resident set.
// With `variant: 'cachekit'` (or the default, for a policy whose default is cachekit's rule)
// every operation must agree; the default's agreement is pinned to the figure README's
// "Differences from cachekit" quotes (`npm run golden` prints the table). The full data is
// skipped when ../shared is absent; the committed subset (test/fixtures/cachekit-golden, 16
// sequences of every policy) is replayed on every clone, where the cachekit rule must agree on
// every operation too.
import { announceSkip } from './helpers.js';
import { afterAll, describe, expect, it } from 'vitest';
import {
  agreement,
  cachekitSpec,
  readGolden,
  formatAgreement,
  formatDivergence,
  GOLDEN_POLICIES,
  haveGolden,
  type Agreement,
  type GoldenPolicy,
} from '../scripts/verify/golden-replay.js';

/** Operations (of 12,464) on which each policy's default agrees with cachekit. */
const DEFAULT_AGREEMENT: Record<GoldenPolicy, number> = {
  fifo: 12_464,
  lru: 12_464,
  'fast-lru': 12_464,
  'lru-k': 8_815,
  lfu: 12_464,
  'heap-lfu': 12_464,
  '2q': 4_574,
  's3-fifo': 12_464,
  arc: 8_098,
  car: 12_464,
  lifo: 12_464,
  mfu: 12_464,
  mru: 12_464,
  slru: 12_464,
  clock: 12_464,
  'clock-pro': 6_000,
  nru: 12_464,
};

const golden = haveGolden();
const skipped = golden ? '' : ' (skipped: ../shared/cachekit-golden not found beside the repository)';
const table: string[] = [];

announceSkip(
  'cachekit golden data (full set)',
  golden ? undefined : '../shared/cachekit-golden is absent (the committed subset still runs)',
);
describe.skipIf(!golden)(`cachekit golden data${skipped}`, () => {
  afterAll(() => {
    if (table.length > 0) console.info(`agreement with cachekit (operations matching / total):\n${table.join('\n')}`);
  });

  const explain = (a: Agreement): string =>
    a.first === undefined ? '' : `first divergence: ${formatDivergence(a.first)}`;

  for (const policy of GOLDEN_POLICIES) {
    it(`${policy}: the default agrees on the operations README quotes`, () => {
      const a = agreement(policy);
      table.push(`  ${policy.padEnd(10)} default ${formatAgreement(a)}`);
      expect(a.matching, explain(a)).toBe(DEFAULT_AGREEMENT[policy]);
    });

    const spec = cachekitSpec(policy);
    it(`${policy}: ${spec === policy ? 'the default' : "variant: 'cachekit'"} agrees with cachekit on every operation`, () => {
      const a = agreement(policy, spec);
      if (spec !== policy) table.push(`  ${policy.padEnd(10)} cachekit ${formatAgreement(a)}`);
      expect(a.matching, explain(a)).toBe(a.total);
      expect(a.sequencesMatching).toBe(a.sequences);
    });
  }
});

describe('cachekit golden subset (committed, replayed on every clone)', () => {
  for (const policy of GOLDEN_POLICIES) {
    const spec = cachekitSpec(policy);
    it(`${policy}: ${spec === policy ? 'the default' : "variant: 'cachekit'"} agrees with cachekit on every operation of the subset`, () => {
      const a = agreement(policy, spec, 'subset');
      expect(a.sequences).toBe(16);
      expect(a.total).toBeGreaterThan(1000);
      expect(a.matching, a.first === undefined ? '' : `first divergence: ${formatDivergence(a.first)}`).toBe(a.total);
    });
  }

  it.skipIf(!golden)("the subset is the full data set's first two sequences of each capacity, unchanged", () => {
    for (const policy of GOLDEN_POLICIES) {
      const full = new Map(readGolden(policy).map((s) => [s.seed, JSON.stringify(s)]));
      for (const sequence of readGolden(policy, 'subset'))
        expect(JSON.stringify(sequence)).toBe(full.get(sequence.seed));
    }
  });
});
