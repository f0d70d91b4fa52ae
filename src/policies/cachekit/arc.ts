// cachekit's ARCCore (v0.4.0), exactly: the `variant: 'cachekit'` of `arc`, as the rules it runs
// ArcPolicy's mechanism (../arc.ts) by. T1/T2/B1/B2 as in the paper, with cachekit's rules where
// they differ, all counted in entries:
//   - p starts at floor(cap / 2), not 0, and adapts by exactly 1 (B1 hit +1, at most cap; B2
//     hit -1, at least 0): cachekit's ratio formula can only ever produce 1.
//   - B1 and B2 are LRU lists of at most cap keys each.
//   - A full miss: if |T1| + |B1| >= cap, the B1 LRU is dropped (if any; the paper would discard
//     T1's LRU unghosted); else the B2 LRU is dropped when |T1|+|T2|+|B1|+|B2| >= 2 cap. Then
//     REPLACE if the cache is full, and the newcomer goes to T1's head.
//   - A ghost hit adapts p, leaves its ghost list, REPLACEs if full (the B2 tie rule only for a
//     B2 hit) and enters T2's head. Hits and updates move an entry to T2's head.
//   - REPLACE: T1's LRU to B1 if |T1| > 0 and (|T1| > p or (|T1| = p and a B2 hit)); else T2's
//     LRU to B2 if T2 is not empty; else T1's LRU to B1.
// Removal leaves no ghost. Every operation is O(1).

import type { ArcRules } from '../arc-rules.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

export const CACHEKIT_ARC: ArcRules = {
  // The budget in entries (cachekit's capacity).
  limit: (maxCost) => Math.max(1, Math.floor(maxCost)),
  // Half the capacity, as cachekit; an unbounded cache (maxCost Infinity) starts at 0, as the
  // paper's does: it evicts nothing, so no ghost moves p, and an infinite p would stay infinite
  // once maxCost became finite (and could not be dumped: JSON has no Infinity).
  start: (cap) => (Number.isFinite(cap) ? Math.floor(cap / 2) : 0),
  adapt: (p, fromB2, _b1, _b2, _cost, cap) => (fromB2 ? Math.max(p - 1, 0) : Math.min(p + 1, cap)),
  countsEntries: true,
  fullMiss(c, g, cap) {
    const t1 = c.lists.length(T1);
    if (t1 + g.length(B1) >= cap) {
      if (g.length(B1) > 0) g.dropOldest(B1);
    } else if (t1 + c.lists.length(T2) + g.length(B1) + g.length(B2) >= 2 * cap && g.length(B2) > 0) {
      g.dropOldest(B2);
    }
  },
  trim(g, ghost, _t1, _c, cap) {
    if (g.length(ghost) > cap) g.dropOldest(ghost);
  },
};
