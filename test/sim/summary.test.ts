// The across-traces summary: best per pair excludes the oracles, gaps and counts per policy.
import { describe, expect, it } from 'vitest';
import type { SimResult } from '../../bench/sim/report.js';
import { summarize, summaryTable } from '../../bench/sim/summary.js';

const result = (trace: string, size: number, policy: string, hitRatio: number | null): SimResult => ({
  trace,
  policy,
  size,
  requests: 100,
  hits: hitRatio === null ? null : hitRatio * 100,
  hitRatio,
});

const results: SimResult[] = [
  result('a', 10, 'lru', 0.5),
  result('a', 10, 'arc', 0.52),
  result('a', 10, 'opt', 0.9),
  result('a', 20, 'lru', 0.7),
  result('a', 20, 'arc', 0.6),
  result('a', 20, 'opt', 0.95),
  result('b', 10, 'lru', 0.3),
  result('b', 10, 'arc', 0.3),
  result('b', 10, 'opt-bypass', 0.99),
  result('b', 20, 'lru', 0.4),
  result('b', 20, 'arc', null),
];

describe('summarize', () => {
  it('judges each policy against the best real policy per pair, oracles left out', () => {
    const [first, second] = summarize(results);
    expect(first).toMatchObject({ policy: 'lru', worstAt: 'a @ 10', withinOnePoint: 3, pairs: 4 });
    expect(first!.worstGap).toBeCloseTo(2, 9);
    expect(first!.meanHitRatio).toBeCloseTo(47.5, 9);
    expect(second).toMatchObject({ policy: 'arc', worstAt: 'a @ 20', withinOnePoint: 2, pairs: 3 });
    expect(second!.worstGap).toBeCloseTo(10, 9);
    expect(summarize(results).map((s) => s.policy)).toEqual(['lru', 'arc']);
  });

  it('renders one row per policy, smallest worst gap first', () => {
    const rows = summaryTable(results).split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toBe('| lru | 47.50 | 2.00 | a @ 10 | 3 of 4 |');
    expect(rows[3]).toBe('| arc | 47.33 | 10.00 | a @ 20 | 2 of 3 |');
  });
});
