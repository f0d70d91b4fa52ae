// The cache sizes each trace is replayed at by default: for the traces in ../shared/traces, the
// sizes others published results at (traces/README.md, "cache sizes used by others", plus the
// harness-check sizes there); for any other trace, fixed fractions of its distinct keys.

/** Literature sizes by trace name (the file name without the `arc-`/`lirs-`/… prefix). */
export const LITERATURE_SIZES: Readonly<Record<string, readonly number[]>> = {
  OLTP: [250, 500, 750, 1000, 1250, 1500, 1750, 2000],
  P2: [20_000, 160_000],
  P3: [20_000, 160_000],
  P12: [20_000, 160_000],
  loop: [100, 250, 500, 750, 1000, 1250],
  gli: [250, 500, 750, 1000, 1250, 1500, 1750, 2000],
  cpp: [20, 35, 50, 80, 100, 300, 500, 700],
  cs: [100, 200, 400, 800],
  ps: [100, 200, 400, 800],
  sprite: [100, 128, 256, 400, 512, 768, 1000],
  multi1: [128, 256, 512, 768],
  multi2: [100, 128, 256, 512, 600, 768, 1800],
  '2_pools': [128, 256, 512, 768],
  scan: [250, 500, 1000],
  zigzag: [128, 256, 500, 768, 1000],
  web07: [1000, 4000],
  'orm-busy': [5000, 20_000],
  vaultservice: [512, 5000],
};

/** The short name a shared trace goes by in the literature (`arc-OLTP` → `OLTP`). */
export function shortName(trace: string): string {
  return trace.replace(/^(arc|lirs|cache2k|corda)-/, '');
}

/** Default sizes for `trace`: its literature sizes, else 0.1 %, 1 %, 5 % and 10 % of its distinct keys. */
export function defaultSizes(trace: string, distinctKeys: number): number[] {
  const known = LITERATURE_SIZES[shortName(trace)];
  if (known !== undefined) return [...known];
  return [...new Set([0.001, 0.01, 0.05, 0.1].map((f) => Math.max(1, Math.round(distinctKeys * f))))];
}
