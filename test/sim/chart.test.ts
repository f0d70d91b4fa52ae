// The chart: every line tells itself apart from the others by colour or dash (up to 24 lines),
// Belady's optimum is black, and the rendered SVG carries those styles and one legend.
import { describe, expect, it } from 'vitest';
import { highlightedPolicies, lineStyles, renderChart } from '../../bench/sim/chart.js';
import { allPolicies } from '../../bench/sim/replay.js';
import type { SimResult } from '../../bench/sim/report.js';

const policies: string[] = [...allPolicies(), 'opt-bypass'];

describe('chart', () => {
  it('gives every policy its own colour and dash pattern', () => {
    const styles = lineStyles(policies);
    const keys = policies.map((p) => `${styles.get(p)!.colour} ${styles.get(p)!.dash.join(',')}`);
    expect(new Set(keys).size).toBe(policies.length);
    expect(styles.get('opt')!.colour).toBe('#000000');
    expect(styles.get('opt-bypass')!.colour).toBe('#000000');
    // No two real policies share a colour with the same dash, and the first ten are solid.
    expect(policies.slice(0, 10).every((p) => styles.get(p)!.dash.join() === '1,0')).toBe(true);
  });

  it('draws those styles: as many distinct (stroke, dash) pairs in the SVG as policies', async () => {
    const results: SimResult[] = policies.flatMap((policy, i) =>
      [10, 100].map((size) => ({
        trace: 't',
        policy,
        size,
        requests: 100,
        hits: i + size / 10,
        hitRatio: (i + size / 10) / 100,
      })),
    );
    const svg = await renderChart(results);
    const pairs = new Set(
      [...svg.matchAll(/stroke="(#[0-9a-f]{6})"[^>]*?stroke-dasharray="([^"]+)"/gi)].map((m) => `${m[1]} ${m[2]}`),
    );
    expect(pairs.size).toBe(policies.length);
    expect(svg.match(/>policy</g)).toHaveLength(1); // colour and dash share one legend
  });

  it('highlights the default policy and the three best by mean hit ratio, in colour and bold; the rest muted', () => {
    const values = policies.map((policy, i) => ({ policy, hitRatio: i }));
    const highlighted = highlightedPolicies(values, 'w-tinylfu');
    const real = policies.filter((p) => p !== 'opt' && p !== 'opt-bypass');
    const best = real.slice(-3);
    expect([...highlighted].sort()).toEqual([...best, 'w-tinylfu'].sort());
    const styles = lineStyles(policies, highlighted);
    const keys = policies.map((p) => `${styles.get(p)!.colour} ${styles.get(p)!.dash.join(',')}`);
    expect(new Set(keys).size).toBe(policies.length);
    for (const p of real) {
      const style = styles.get(p)!;
      if (highlighted.has(p)) {
        expect(style.width).toBe(2.5);
        expect(style.dash.join()).toBe('1,0');
      } else {
        expect(style.width).toBe(1);
        // Muted: a grey or greyish tone, never one of the palette's colours.
        expect(['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b']).not.toContain(style.colour);
      }
    }
  });
});
