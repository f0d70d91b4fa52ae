// cachekit's CARCore (v0.4.0), exactly: the `variant: 'cachekit'` of `car`, as the rules it runs
// CarPolicy's mechanism (../car.ts) by. The paper's two clocks
// (recent T1, frequent T2, a reference bit each) and ghost lists B1/B2, with cachekit's rules
// where they differ, all counted in entries:
//   - the target for T1 starts at floor(cap / 2); a B1 hit grows it by max(1, floor(|B2|/|B1|))
//     (at most cap), a B2 hit shrinks it by max(1, floor(|B1|/|B2|)) (at least 0), with the
//     ghost lengths before the hit key leaves;
//   - no directory trimming on a full miss: each ghost list is an LRU of at most cap keys;
//   - replace takes at most 2 cap + 1 hand steps, on T1 while |T1| > 0 and (|T1| > target or
//     (|T1| = target and the newcomer was a B2 hit)), else on T2 (or T1 if T2 is empty).
// Newcomers enter T1 (ghost hits T2) just behind its hand, unreferenced; hits and updates set
// the bit; removal leaves no ghost. O(1) amortised.

import type { CarRules } from '../car-rules.js';

export const CACHEKIT_CAR: CarRules = {
  // The budget in entries (cachekit's capacity).
  limit: (maxCost) => Math.max(1, Math.floor(maxCost)),
  // Half the capacity, as cachekit; an unbounded cache (maxCost Infinity) starts at 0, as the
  // paper's does: it evicts nothing, so no ghost moves p, and an infinite p would stay infinite
  // once maxCost became finite (and could not be dumped: JSON has no Infinity).
  start: (cap) => (Number.isFinite(cap) ? Math.floor(cap / 2) : 0),
  adapt(p, fromB2, b1, b2, _cost, cap) {
    return fromB2
      ? Math.max(p - Math.max(1, Math.floor(b1 / b2)), 0)
      : Math.min(p + Math.max(1, Math.floor(b2 / b1)), cap);
  },
  sweepsT1: (n1, _t1Cost, n2, p, fromB2) => n1 > 0 && (n1 > p || (n1 === p && fromB2) || n2 === 0),
  maxSteps: (cap) => 2 * cap + 1,
  trim(g, ghost, _t1, _c, cap) {
    if (g.length(ghost) > cap) g.dropOldest(ghost);
  },
};
