// The rules on which the paper's ARC and cachekit's ARCCore differ, as an interface: arc.ts runs
// the one mechanism under either rules object (its PAPER_ARC, or CACHEKIT_ARC of cachekit/arc.ts).
// Its own file, so that arc.ts and cachekit/arc.ts do not import each other.

import type { GhostLists } from './structures/ghost-list.js';
import type { CostedLists } from './structures/costed-lists.js';

/** Where two ARCs differ (the paper's, PAPER_ARC in arc.ts; cachekit's, cachekit/arc.ts). */
export interface ArcRules {
  /** The bound of p (and of a loaded target) for a budget: the paper's c. */
  limit(maxCost: number): number;
  /** p at the start and after clear(). */
  start(limit: number): number;
  /** p after a newcomer costing `cost` was found in B2 (`fromB2`) or B1, the ghost lists `b1` and `b2` long. */
  adapt(p: number, fromB2: boolean, b1: number, b2: number, cost: number, limit: number): number;
  /** Whether |T1| is compared with p in entries (cachekit) rather than cost units. */
  countsEntries: boolean;
  /** A newcomer in no ghost list (case IV), before REPLACE: trims the ghost lists as the rules say. */
  fullMiss(lists: CostedLists, ghosts: GhostLists, limit: number): void;
  /**
   * After a victim went to `ghost`: trims the ghost lists. `t1` counts T1's entries and `c` the
   * resident ones, each as they will be once the victim is gone and the newcomer placed.
   */
  trim(ghosts: GhostLists, ghost: number, t1: number, c: number, limit: number): void;
}
