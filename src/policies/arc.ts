// ARC, Adaptive Replacement Cache (Megiddo & Modha, "ARC: A Self-Tuning, Low Overhead
// Replacement Cache", FAST 2003, Fig. 4).
//   T1: resident entries seen once recently (LRU)      B1: ghosts of entries evicted from T1
//   T2: resident entries seen at least twice (LRU)     B2: ghosts of entries evicted from T2
// A hit in B1 means T1 was too small: the target p (T1's share) grows by max(1, |B2|/|B1|); a
// hit in B2 shrinks it by max(1, |B1|/|B2|). REPLACE evicts from T1 when |T1| > p (or = p on a
// B2 hit), else from T2; the victim's hash goes to the matching ghost list.
//
// Costs: p, |T1| and |T2| are in cost units (c = maxCost; each adaptation step is scaled by the
// newcomer's cost, so unit costs give exactly the paper). Ghost lists hold hashes only and are
// counted in entries: |T1| + |B1| <= C and |B1| + |B2| <= C, C = resident entries, the paper's
// |L1| <= c and |L1| + |L2| <= 2c. Ghosts are trimmed after each eviction; the paper's case IV
// deletions happen then, which for unit costs removes the same ghosts.
//
// δ = |B2|/|B1| is a real ratio as in the paper; Caffeine's simulator floors it (integer
// division), which with nothing else changed reproduces its published OLTP figures exactly
// (21.46 / 30.61 / 39.06 / 46.17 at 250 / 500 / 1000 / 2000); the real ratio gives 0.1-0.2 less.
//
// As in the paper, REPLACE runs before the newcomer x is placed (makeRoom), and x is placed after.
// Cost per operation: O(1) (one WASM index lookup on insert, one insert/remove per ghost).
// `variant: 'cachekit'` is cachekit's ARCCore instead: the same mechanism under cachekit's rules
// (cachekit/arc.ts: where p starts, its step, counting entries, and how ghosts are trimmed).

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../policy.js';
import { arcNote, checkArcNote, restoreArc } from './machinery/arc-notes.js';
import { definePolicy } from './machinery/define.js';
import { GhostLists } from './structures/ghost-list.js';
import { CostedLists } from './structures/costed-lists.js';
import { CACHEKIT_ARC } from './cachekit/arc.js';
import type { ArcRules } from './arc-rules.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

/** Megiddo & Modha's rules, costs in the budget's units (see the header). */
const PAPER_ARC: ArcRules = {
  limit: (maxCost) => maxCost,
  start: () => 0,
  adapt(p, fromB2, b1, b2, cost, limit) {
    // Case III: T2 would have kept x had it been larger; case II: T1 would have.
    if (fromB2) return Math.max(p - (b2 >= b1 ? 1 : b1 / b2) * cost, 0);
    return Math.min(p + (b1 >= b2 ? 1 : b2 / b1) * cost, limit);
  },
  countsEntries: false,
  fullMiss() {},
  // |T1| + |B1| <= C and |B1| + |B2| <= C, in entries.
  trim(g, _ghost, t1, c) {
    while (g.length(B1) > 0 && t1 + g.length(B1) > c) g.dropOldest(B1);
    while (g.length(B1) + g.length(B2) > c) g.dropOldest(g.length(B2) > 0 ? B2 : B1);
  },
};

export class ArcPolicy implements Policy {
  readonly name = 'arc';
  private readonly host: PolicyHost;
  private readonly lists: CostedLists;
  private readonly ghosts: GhostLists;
  private p: number;

  constructor(
    context: PolicyContext,
    private readonly rules: ArcRules,
  ) {
    this.host = context.host;
    this.lists = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.p = rules.start(this.limit());
  }

  /** The adaptive target for T1 (read-only; for tests and diagnostics). */
  get target(): number {
    return this.p;
  }

  reserve(n: number): void {
    this.lists.reserve(n);
  }

  insert(slot: number): void {
    const cost = this.host.costOf(slot);
    this.place(slot, cost, this.arrive(slot, cost));
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    // Cases II and III adapt p before REPLACE, which breaks its tie by where x was found.
    const ghost = incoming >= 0 ? this.arrive(incoming, cost) : -1;
    // T1 and C as they will be once x is placed (the ghost bounds count it).
    const t1Extra = incoming >= 0 && ghost < 0 ? 1 : 0;
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      const victim = this.replace(ghost === B2, t1Extra, sizeExtra);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.place(incoming, cost, ghost);
  }

  hit(slot: number): void {
    this.lists.moveToHead(slot, T2);
  }

  update(slot: number): void {
    this.lists.setCost(slot, this.host.costOf(slot));
    this.hit(slot);
  }

  remove(slot: number): void {
    this.lists.unlink(slot);
  }

  /** dump()'s note (machinery/arc-notes.ts): the entry's list, and the target p. */
  hint(slot: number): PolicyHint {
    return arcNote(this.lists, slot, this.p);
  }

  checkHint(hint: PolicyHint, where: string): void {
    checkArcNote(hint, where);
  }

  /** load(): each slot in its list, in the given order, and the notes' target (machinery/arc-notes.ts). */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    const target = restoreArc(this.lists, slots, hints, (slot) => this.host.costOf(slot));
    if (target !== undefined) this.p = Math.min(target, this.limit());
  }

  clear(): void {
    this.lists.clear();
    this.ghosts.clear();
    this.p = this.rules.start(this.limit());
  }

  private limit(): number {
    return this.rules.limit(this.host.maxCost);
  }

  /**
   * A newcomer: found in a ghost list (cases II and III), p adapts and the ghost goes; else
   * (case IV) the rules' trimming. Returns the ghost list it was found in (-1: none).
   */
  private arrive(slot: number, cost: number): number {
    const k = this.host.kernels!;
    const g = this.ghosts;
    const node = g.find(k.hashLo(slot), k.hashHi(slot));
    if (node < 0) {
      this.rules.fullMiss(this.lists, g, this.limit());
      return -1;
    }
    const ghost = g.listOf(node);
    this.p = this.rules.adapt(this.p, ghost === B2, g.length(B1), g.length(B2), cost, this.limit());
    g.remove(node);
    return ghost;
  }

  /** Places a newcomer: in T2 if it was found in a ghost list, else in T1. */
  private place(slot: number, cost: number, ghost: number): void {
    this.lists.setCost(slot, cost);
    this.lists.pushHead(slot, ghost < 0 ? T1 : T2);
  }

  /**
   * REPLACE(x, p): unlinks the victim, records its ghost and returns it (-1: nothing resident).
   * `fromB2`: x was found in B2; the extras count x, not placed yet, in T1 and C.
   */
  private replace(fromB2: boolean, t1Extra: number, sizeExtra: number): number {
    const c = this.lists;
    const n1 = c.lists.length(T1);
    const n2 = c.lists.length(T2);
    if (n1 === 0 && n2 === 0) return -1;
    const t1 = this.rules.countsEntries ? n1 : c.total(T1);
    const fromT1 = n1 > 0 && (n2 === 0 || t1 > this.p || (fromB2 && t1 === this.p));
    const victim = c.lists.tail(fromT1 ? T1 : T2);
    c.unlink(victim);
    const ghost = fromT1 ? B1 : B2;
    this.ghosts.pushSlot(ghost, victim);
    this.rules.trim(this.ghosts, ghost, n1 - (fromT1 ? 1 : 0) + t1Extra, this.host.size - 1 + sizeExtra, this.limit());
    return victim;
  }
}

/** ARC (Megiddo & Modha): recency and frequency lists whose split adapts to ghost hits; `variant: 'cachekit'` for cachekit's ARCCore. */
export const arc = /* @__PURE__ */ definePolicy({
  name: 'arc',
  defaults: {
    /**
     * 'paper' (default): Megiddo & Modha's ARC (p from 0, adaptive steps |B2|/|B1|, ghost
     * directory trimmed to 2c). 'cachekit': cachekit's ARCCore (p from cap/2, steps of 1).
     */
    variant: ['paper', 'cachekit'],
  },
  requirements: () => ({ hashes: true, misses: false }),
  create: (context, o) => new ArcPolicy(context, o.variant === 'cachekit' ? CACHEKIT_ARC : PAPER_ARC),
});
