// One table over many replays: how each policy does across every (trace, size) pair, judged
// against the best real policy at that pair (the oracles, Belady's `opt` and `opt-bypass`, are
// left out of "best"). The worst gap is what picking a policy blind risks; it is how the default
// policy was chosen (README, "Choosing a policy").

import { ORACLES } from './replay.js';
import type { SimResult } from './report.js';

export interface PolicySummary {
  policy: string;
  /** Mean hit ratio over the pairs, in %. */
  meanHitRatio: number;
  /** Largest shortfall against the best policy at a pair, in percentage points (0 = never behind). */
  worstGap: number;
  /** Where the worst gap happens: `trace @ size`. */
  worstAt: string;
  /** Pairs where this policy is within 1 point of the best. */
  withinOnePoint: number;
  /** Pairs replayed (a policy that failed somewhere has fewer). */
  pairs: number;
}

const isOracle = (policy: string) => (ORACLES as readonly string[]).includes(policy);

/** A summary per policy that replayed without error, smallest worst gap first. */
export function summarize(results: readonly SimResult[]): PolicySummary[] {
  const best = new Map<string, number>();
  const pairOf = (r: SimResult) => `${r.trace} @ ${r.size.toLocaleString('en')}`;
  for (const r of results) {
    if (r.hitRatio === null || isOracle(r.policy)) continue;
    best.set(pairOf(r), Math.max(best.get(pairOf(r)) ?? 0, r.hitRatio));
  }
  const byPolicy = new Map<string, SimResult[]>();
  for (const r of results) {
    if (r.hitRatio === null || isOracle(r.policy)) continue;
    const rows = byPolicy.get(r.policy);
    if (rows === undefined) byPolicy.set(r.policy, [r]);
    else rows.push(r);
  }
  const summaries: PolicySummary[] = [];
  for (const [policy, rows] of byPolicy) {
    let worstGap = 0;
    let worstAt = '';
    let within = 0;
    let sum = 0;
    for (const r of rows) {
      const gap = (best.get(pairOf(r))! - r.hitRatio!) * 100;
      if (gap > worstGap || worstAt === '') [worstGap, worstAt] = [gap, pairOf(r)];
      if (gap <= 1) within++;
      sum += r.hitRatio! * 100;
    }
    summaries.push({
      policy,
      meanHitRatio: sum / rows.length,
      worstGap,
      worstAt,
      withinOnePoint: within,
      pairs: rows.length,
    });
  }
  return summaries.sort((a, b) => a.worstGap - b.worstGap || b.meanHitRatio - a.meanHitRatio);
}

/** The summary as a markdown table. */
export function summaryTable(results: readonly SimResult[]): string {
  const lines = [
    '| policy | mean hit % | worst gap to the best, points (sorted by this, smallest first) | worst at (trace @ size in entries) | pairs within 1 point of the best |',
    '|---|---:|---:|---|---:|',
  ];
  for (const s of summarize(results)) {
    lines.push(
      `| ${s.policy} | ${s.meanHitRatio.toFixed(2)} | ${s.worstGap.toFixed(2)} | ${s.worstAt} | ${s.withinOnePoint} of ${s.pairs} |`,
    );
  }
  return lines.join('\n');
}

const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/**
 * The note under the built-in workloads' summary: they are synthetic stress cases, where the
 * default policy need not have the best worst case, while README says it was chosen for its worst
 * case on real traces. Says where the default ranks here, so the two do not seem to disagree.
 * Undefined when the default was not replayed.
 */
export function builtInNote(
  results: readonly SimResult[],
  defaultPolicy: string,
  realTraces: number,
): string | undefined {
  const summaries = summarize(results);
  const rank = summaries.findIndex((s) => s.policy === defaultPolicy);
  if (rank < 0) return undefined;
  const mine = summaries[rank]!;
  const standing =
    summaries.length === 1
      ? `${defaultPolicy}'s worst gap here is ${mine.worstGap.toFixed(2)} points`
      : `the default policy, ${defaultPolicy}, ranks ${ordinal(rank + 1)} of ${summaries.length} by worst gap ` +
        `(${mine.worstGap.toFixed(2)} points, at ${mine.worstAt})`;
  return (
    `Note: the built-in workloads are synthetic stress cases, not samples of real traffic; here ${standing}. ` +
    `The default was chosen for its worst case on ${realTraces} real traces (README, "Choosing a policy"; ` +
    '`npm run sim -- --all-traces DIR` replays them, README "Traces" says where to get them).'
  );
}
