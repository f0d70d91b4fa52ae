// The hit-ratio chart: a line per policy, hit ratio against cache size, one panel per trace; each
// policy's line has its own colour and dash pattern (lineStyles), so 24 lines stay distinguishable.
// The default policy and the three best by mean hit ratio are drawn in colour and bold, the rest
// in muted greys, so the lines a reader came for stand out of 22.
// Described in Vega-Lite, compiled to Vega and rendered headless to SVG (`View.toSVG()`, no
// canvas needed); the SVG is rasterised to PNG by resvg (a Rust renderer shipped as an npm
// package with prebuilt binaries), using the system's fonts. resvg is optional: loaded on demand,
// and without it only the SVG is written.

import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { SimResult } from './report.js';
import { DEFAULT_POLICY } from '../../src/policies/machinery/registry.js';

/** Tableau's ten colours: distinct from one another, and each clear on white. */
export const PALETTE = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#79706e',
];
/** Muted tones for the lines not highlighted: with the dashes, 24 lines that differ in tone or dash. */
const MUTED = ['#a0a0a0', '#c4c4c4', '#b5a595', '#95a5b5', '#8a8a8a', '#b5b595'];
/** Solid, dashed, dotted, dash-dot: with the ten colours, 40 lines that differ in colour or dash. */
const DASHES: number[][] = [
  [1, 0],
  [6, 3],
  [1.5, 2.5],
  [8, 3, 1.5, 3],
];
/** Belady's optimum (`opt`, `opt-bypass`): black, dashed and dotted, apart from every policy. */
const ORACLE_STYLES: Record<string, LineStyle> = {
  opt: { colour: '#000000', dash: [6, 3], width: 1.5 },
  'opt-bypass': { colour: '#000000', dash: [1.5, 2.5], width: 1.5 },
};

export interface LineStyle {
  colour: string;
  dash: number[];
  /** Stroke width: bold for highlighted policies. */
  width: number;
}

/**
 * A colour, a dash pattern and a width per policy, no two alike in colour and dash (the chart has
 * up to 24 lines). Highlighted policies take the palette's colours in order, solid and bold;
 * without highlights every policy does, the i-th taking colour i mod 10 and dash ⌊i / 10⌋. With
 * highlights the others take the muted tones, the j-th tone j mod 6 and dash ⌊j / 6⌋, thin.
 */
export function lineStyles(
  policies: readonly string[],
  highlighted: ReadonlySet<string> = new Set(),
): Map<string, LineStyle> {
  const styles = new Map<string, LineStyle>();
  const muted = highlighted.size > 0;
  let bright = 0;
  let grey = 0;
  for (const policy of policies) {
    const oracle = ORACLE_STYLES[policy];
    if (oracle !== undefined) {
      styles.set(policy, oracle);
    } else if (!muted || highlighted.has(policy)) {
      const i = bright++;
      styles.set(policy, {
        colour: PALETTE[i % PALETTE.length]!,
        dash: DASHES[Math.floor(i / PALETTE.length) % DASHES.length]!,
        width: muted ? 2.5 : 1.5,
      });
    } else {
      const j = grey++;
      styles.set(policy, {
        colour: MUTED[j % MUTED.length]!,
        dash: DASHES[Math.floor(j / MUTED.length) % DASHES.length]!,
        width: 1,
      });
    }
  }
  return styles;
}

/** The default policy and the `best` policies of highest mean hit ratio (Belady's optimum aside). */
export function highlightedPolicies(
  values: readonly { policy: string; hitRatio: number }[],
  defaultPolicy: string,
  best = 3,
): Set<string> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const { policy, hitRatio } of values) {
    if (ORACLE_STYLES[policy] !== undefined) continue;
    const s = sums.get(policy) ?? { sum: 0, n: 0 };
    s.sum += hitRatio;
    s.n++;
    sums.set(policy, s);
  }
  const ranked = [...sums].sort((a, b) => b[1].sum / b[1].n - a[1].sum / a[1].n).map(([policy]) => policy);
  const chosen = new Set(ranked.filter((p) => p !== defaultPolicy).slice(0, best));
  if (sums.has(defaultPolicy)) chosen.add(defaultPolicy);
  return chosen;
}

/** Renders `results` (failed replays left out) as an SVG document. */
export async function renderChart(results: readonly SimResult[]): Promise<string> {
  const values = results
    .filter((r) => r.hitRatio !== null)
    .map((r) => ({ trace: r.trace, policy: r.policy, size: r.size, hitRatio: r.hitRatio! * 100 }));
  // Panels and legend in run order (Vega-Lite sorts names alphabetically otherwise).
  const traces = [...new Set(values.map((v) => v.trace))];
  const highlighted = highlightedPolicies(values, DEFAULT_POLICY);
  // Highlighted policies first: they lead the legend.
  const all = [...new Set(values.map((v) => v.policy))];
  const policies = [...all.filter((p) => highlighted.has(p)), ...all.filter((p) => !highlighted.has(p))];
  const styles = lineStyles(policies, highlighted);
  // Legend entries drawn as short lines, so they show the dash as well as the colour.
  const legend = { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 500 } as const;
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { field: 'trace', type: 'nominal', title: null, sort: traces },
    columns: Math.min(traces.length, 3),
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 320,
      height: 220,
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'size', type: 'quantitative', scale: { type: 'log', nice: false }, title: 'cache size (entries)' },
        y: { field: 'hitRatio', type: 'quantitative', title: 'hit ratio (%)' },
        // The channels encode the policy, so Vega-Lite draws one legend with colour, dash and width.
        color: {
          field: 'policy',
          type: 'nominal',
          scale: { domain: policies, range: policies.map((p) => styles.get(p)!.colour) },
          title: 'policy',
          legend,
        },
        strokeDash: {
          field: 'policy',
          type: 'nominal',
          scale: { domain: policies, range: policies.map((p) => styles.get(p)!.dash) },
          title: 'policy',
          legend,
        },
        // Width too, in the same legend (so the highlighted policies are bold there as well);
        // ordinal and sorted as the domain, as Vega-Lite wants a size-like channel.
        strokeWidth: {
          field: 'policy',
          type: 'ordinal',
          sort: policies,
          scale: { domain: policies, range: policies.map((p) => styles.get(p)!.width) },
          title: 'policy',
          legend,
        },
        tooltip: [{ field: 'policy' }, { field: 'size' }, { field: 'hitRatio', format: '.2f' }],
      },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG document to PNG at twice its size (sharp on high-DPI screens), or returns
 * undefined when `@resvg/resvg-js` is not installed.
 */
export async function svgToPng(svg: string): Promise<Uint8Array | undefined> {
  let resvg: typeof import('@resvg/resvg-js');
  try {
    resvg = await import('@resvg/resvg-js');
  } catch {
    return undefined;
  }
  const renderer = new resvg.Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
