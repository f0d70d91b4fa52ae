// The hit-ratio chart: a line per policy, hit ratio against cache size, one panel per trace.
// Described in Vega-Lite, compiled to Vega and rendered headless to SVG (`View.toSVG()`, no
// canvas needed); the SVG is rasterised to PNG by resvg (a Rust renderer shipped as an npm
// package with prebuilt binaries), using the system's fonts. resvg is optional: loaded on demand,
// and without it only the SVG is written.

import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { SimResult } from './report.js';

/** Renders `results` (failed replays left out) as an SVG document. */
export async function renderChart(results: readonly SimResult[]): Promise<string> {
  const values = results
    .filter((r) => r.hitRatio !== null)
    .map((r) => ({ trace: r.trace, policy: r.policy, size: r.size, hitRatio: r.hitRatio! * 100 }));
  // Panels and legend in run order (Vega-Lite sorts names alphabetically otherwise).
  const traces = [...new Set(values.map((v) => v.trace))];
  const policies = [...new Set(values.map((v) => v.policy))];
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
        color: { field: 'policy', type: 'nominal', scale: { scheme: 'tableau20', domain: policies }, title: 'policy' },
        strokeDash: {
          condition: { test: "indexof(datum.policy, 'opt') === 0", value: [6, 3] },
          value: [1, 0],
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
