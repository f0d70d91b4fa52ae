// The simulator's results and their text forms: a markdown table per trace (a row per policy, a
// column per cache size in entries, hit ratio in percent to two decimals) and JSON.

/** One replay's outcome. `hits`/`hitRatio` are null when the policy failed (see `error`). */
export interface SimResult {
  trace: string;
  policy: string;
  size: number;
  requests: number;
  hits: number | null;
  /** hits / requests, 0..1. */
  hitRatio: number | null;
  /** Wall time of the replay in seconds (requests / seconds = replay speed). */
  seconds?: number;
  error?: string;
}

/** `hitRatio` as a percent with two decimals, or `–` for a failed replay. */
export function percent(result: SimResult | undefined): string {
  return result?.hitRatio == null ? '–' : (result.hitRatio * 100).toFixed(2);
}

/** Distinct values in first-seen order. */
function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The traces in `results`, in first-seen order. */
export function tracesOf(results: readonly SimResult[]): string[] {
  return distinct(results.map((r) => r.trace));
}

/**
 * A markdown table of one trace's results: a row per policy, a column per size. Policies that
 * failed at every size are left out (the caller reports them). `extraRows` are appended as is.
 */
export function markdownTable(results: readonly SimResult[], trace: string, extraRows: string[][] = []): string {
  const mine = results.filter((r) => r.trace === trace);
  const sizes = distinct(mine.map((r) => r.size)).sort((a, b) => a - b);
  const cell = new Map(mine.map((r) => [`${r.policy}\u0000${r.size}`, r]));
  const policies = distinct(mine.map((r) => r.policy)).filter((p) =>
    mine.some((r) => r.policy === p && r.hits !== null),
  );
  const lines = [
    `| policy | ${sizes.map((s) => `${s.toLocaleString('en')} entries`).join(' | ')} |`,
    `|---|${sizes.map(() => '---:').join('|')}|`,
  ];
  for (const policy of policies) {
    lines.push(`| ${policy} | ${sizes.map((s) => percent(cell.get(`${policy}\u0000${s}`))).join(' | ')} |`);
  }
  for (const row of extraRows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** One line per policy that failed: `policy: message` (the first failure's message). */
export function failures(results: readonly SimResult[]): string[] {
  const seen = new Map<string, string>();
  for (const r of results) {
    if (r.error !== undefined && !seen.has(r.policy)) seen.set(r.policy, r.error);
  }
  return [...seen].map(([policy, error]) => `${policy}: ${error}`);
}

/** The results as JSON: `[{trace, policy, size, requests, hits, hitRatio, seconds}]` (+ `error` if failed). */
export function toJson(results: readonly SimResult[]): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
