// The rules on which the paper's CAR and cachekit's CARCore differ, as an interface: car.ts runs
// the one mechanism under either rules object (its PAPER_CAR, or CACHEKIT_CAR of cachekit/car.ts).
// Its own file, so that car.ts and cachekit/car.ts do not import each other.

import type { GhostLists } from './structures/ghost-list.js';

/** Where two CARs differ (the paper's, PAPER_CAR in car.ts; cachekit's, cachekit/car.ts). */
export interface CarRules {
  /** The bound of p for a budget: the paper's c. */
  limit(maxCost: number): number;
  /** p at the start and after clear(). */
  start(limit: number): number;
  /** p after a newcomer costing `cost` was found in B2 (`fromB2`) or B1, the ghost lists `b1` and `b2` long. */
  adapt(p: number, fromB2: boolean, b1: number, b2: number, cost: number, limit: number): number;
  /** Whether replace works on T1 (else T2): T1 holds `n1` entries costing `t1Cost`, T2 `n2`. */
  sweepsT1(n1: number, t1Cost: number, n2: number, p: number, fromB2: boolean): boolean;
  /** Hand steps before replace takes the entry at the hand whatever its bit. */
  maxSteps(limit: number): number;
  /**
   * After a victim went to `ghost`: trims the ghost lists. `t1` counts T1's entries and `c` the
   * resident ones, each as they will be once the victim is gone and the newcomer placed.
   */
  trim(ghosts: GhostLists, ghost: number, t1: number, c: number, limit: number): void;
}
