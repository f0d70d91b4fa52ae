// The window chart: W-TinyLFU's window share over a trace (top panel) above the hit ratio of
// w-tinylfu and lru over the same intervals (bottom panel), x = requests, a colour per cache size.
// Rendered like chart.ts (Vega-Lite → Vega → SVG; svgToPng there makes the PNG), so the two charts
// share a palette and a look.

import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { PALETTE } from './chart.js';
import type { WindowPoint } from './window-series.js';

/** The two replayed policies, in legend order: w-tinylfu solid, lru dashed (both in the size's colour). */
const POLICY_DASHES: Record<string, number[]> = { 'w-tinylfu': [1, 0], lru: [6, 3] };

/** Renders the samples of one trace (any number of sizes) as an SVG document titled `trace`. */
export async function renderWindowChart(trace: string, points: readonly WindowPoint[]): Promise<string> {
  // Sizes as labels in numeric order, so the legend reads 100, 1000 rather than 1000, 100.
  const sizes = [...new Set(points.map((p) => p.size))].sort((a, b) => a - b).map(String);
  const shares = points.map((p) => ({ size: String(p.size), requests: p.requests, share: p.share * 100 }));
  // lru's rows first: lines are drawn in the order their rows first appear, so w-tinylfu's
  // lands on top where the two coincide.
  const ratios = [
    ...points.map((p) => ({ size: String(p.size), requests: p.requests, policy: 'lru', hitRatio: p.lru * 100 })),
    ...points.map((p) => ({
      size: String(p.size),
      requests: p.requests,
      policy: 'w-tinylfu',
      hitRatio: p.wTinyLfu * 100,
    })),
  ];
  const policies = Object.keys(POLICY_DASHES);
  // The first sample closes the first interval, so its request count is the interval's length.
  const every = (points[0]?.requests ?? 0).toLocaleString('en');
  // 20k, 1.5M: short labels for traces of any length ('~s' alone would print 0 as "0k").
  const x = {
    field: 'requests',
    type: 'quantitative',
    title: 'requests',
    axis: { tickCount: 8, labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')" },
  } as const;
  // One colour scale over both panels (shared by default in a vconcat), so one size legend.
  const color = {
    field: 'size',
    type: 'nominal',
    sort: sizes,
    scale: { domain: sizes, range: PALETTE.slice(0, sizes.length) },
    title: 'cache size',
  } as const;
  const legend = { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 500 } as const;
  const spec: vegaLite.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `W-TinyLFU's window on ${trace}`, anchor: 'start' },
    vconcat: [
      {
        width: 640,
        height: 180,
        data: { values: shares },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { ...x, title: null },
          // The whole 0-100 range always: a window stuck at 1 % should look small, not fill the panel.
          y: {
            field: 'share',
            type: 'quantitative',
            title: 'window share (% of the cache)',
            scale: { domain: [0, 100] },
          },
          color: { ...color, legend },
        },
      },
      {
        width: 640,
        height: 220,
        data: { values: ratios },
        mark: { type: 'line', strokeWidth: 1.2 },
        encoding: {
          x,
          y: { field: 'hitRatio', type: 'quantitative', title: `hit ratio per ${every} requests (%)` },
          color: { ...color, legend },
          strokeDash: {
            field: 'policy',
            type: 'nominal',
            sort: policies,
            scale: { domain: policies, range: policies.map((p) => POLICY_DASHES[p]!) },
            title: 'policy',
            legend,
          },
          // lru fainter: where the window has grown to most of the cache the two lines coincide,
          // and w-tinylfu's must stay visible on top. Same title and field as the dash: one legend.
          opacity: {
            field: 'policy',
            type: 'nominal',
            sort: policies,
            scale: { domain: policies, range: policies.map((p) => (p === 'lru' ? 0.6 : 1)) },
            title: 'policy',
            legend,
          },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
