// CAR, Clock with Adaptive Replacement (Bansal & Modha, "CAR: Clock with Adaptive Replacement",
// FAST 2004, Fig. 2). ARC's adaptation with clocks instead of LRU lists, so a hit only sets a
// reference bit:
//   T1, T2: resident clocks (T1: seen once; T2: seen at least twice), a reference bit per entry.
//   B1, B2: ghost LRU lists of entries evicted from T1 / T2 (hashes only).
// Replace: while |T1| >= max(1, p) sweep T1's hand (bit set: clear it and move the entry to T2's
// tail; clear: evict to B1), else sweep T2's hand (bit set: clear it, move to T2's tail; clear:
// evict to B2). A hit in B1 grows p by max(1, |B2|/|B1|), a hit in B2 shrinks it by
// max(1, |B1|/|B2|); the newcomer then enters T2, else T1, with its bit clear.
//
// Costs: p, |T1| in cost units, each step scaled by the newcomer's cost (unit costs = the paper);
// ghosts counted in entries, |T1| + |B1| <= C and |B1| + |B2| <= C with C = resident entries,
// trimmed after each eviction (the paper's "discard LRU of B1/B2" steps).
// The newcomer is placed after replace() (makeRoom), as in the paper. A clock is a SlotList: its hand is the list's tail, "clock tail" its head.
// Cost per operation: O(1) amortised (each hand step clears a bit that a hit had set).
// That is `variant: 'paper'`. The default, `variant: 'cachekit'`, is cachekit's CARCore: the same
// mechanism under cachekit's rules (cachekit/car.ts: where p starts, its step, counting entries,
// a bounded sweep and how ghosts are trimmed). The two measure the same on the shared traces
// (README, "Differences from cachekit"; docs/design-measurements.md), so cachekit's rule is the default.

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { GhostLists } from './structures/ghost-list.js';
import { CostedLists } from './structures/costed-lists.js';
import { grown } from '../typed-arrays.js';
import { CACHEKIT_CAR } from './cachekit/car.js';
import type { CarRules } from './car-rules.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

/** Bansal & Modha's rules, costs in the budget's units (see the header). */
const PAPER_CAR: CarRules = {
  limit: (maxCost) => maxCost,
  start: () => 0,
  adapt(p, fromB2, b1, b2, cost, limit) {
    return fromB2 ? Math.max(p - Math.max(1, b1 / b2) * cost, 0) : Math.min(p + Math.max(1, b2 / b1) * cost, limit);
  },
  sweepsT1: (n1, t1Cost, n2, p) => n1 > 0 && (n2 === 0 || t1Cost >= p),
  // Each step clears a bit or evicts: the sweep ends without a bound.
  maxSteps: () => Infinity,
  // |T1| + |B1| <= C and |B1| + |B2| <= C (the paper's "discard LRU of B1/B2").
  trim(g, _ghost, t1, c) {
    while (g.length(B1) > 0 && t1 + g.length(B1) > c) g.dropOldest(B1);
    while (g.length(B1) + g.length(B2) > c) g.dropOldest(g.length(B2) > 0 ? B2 : B1);
  },
};

export class CarPolicy implements Policy {
  readonly name = 'car';
  private readonly host: PolicyHost;
  private readonly clocks: CostedLists;
  private readonly ghosts: GhostLists;
  private referenced: Uint8Array;
  private p: number;

  constructor(
    context: PolicyContext,
    private readonly rules: CarRules,
  ) {
    this.host = context.host;
    this.clocks = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.referenced = new Uint8Array(context.initialSlots);
    this.p = rules.start(this.limit());
  }

  /** The adaptive target for T1 (read-only; for tests and diagnostics). */
  get target(): number {
    return this.p;
  }

  reserve(n: number): void {
    this.clocks.reserve(n);
    if (n > this.referenced.length) this.referenced = grown(this.referenced, n);
  }

  insert(slot: number): void {
    const cost = this.host.costOf(slot);
    this.place(slot, cost, this.arrive(slot, cost));
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    const ghost = incoming >= 0 ? this.arrive(incoming, cost) : -1;
    // T1 and C as they will be once the newcomer is placed (the ghost bounds count it).
    const t1Extra = incoming >= 0 && ghost < 0 ? 1 : 0;
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      const victim = this.replace(ghost === B2, t1Extra, sizeExtra);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.place(incoming, cost, ghost);
  }

  hit(slot: number): void {
    this.referenced[slot] = 1;
  }

  update(slot: number): void {
    this.clocks.setCost(slot, this.host.costOf(slot));
    this.referenced[slot] = 1;
  }

  remove(slot: number): void {
    this.clocks.unlink(slot);
  }

  clear(): void {
    this.clocks.clear();
    this.ghosts.clear();
    this.p = this.rules.start(this.limit());
  }

  private limit(): number {
    return this.rules.limit(this.host.maxCost);
  }

  /** A newcomer found in a ghost list adapts p and leaves it; returns that list (-1: none). */
  private arrive(slot: number, cost: number): number {
    const k = this.host.kernels!;
    const g = this.ghosts;
    const node = g.find(k.hashLo(slot), k.hashHi(slot));
    if (node < 0) return -1;
    const ghost = g.listOf(node);
    this.p = this.rules.adapt(this.p, ghost === B2, g.length(B1), g.length(B2), cost, this.limit());
    g.remove(node);
    return ghost;
  }

  /** Places a newcomer at its clock's tail (the list's head), its bit clear: T2 after a ghost hit, else T1. */
  private place(slot: number, cost: number, ghost: number): void {
    this.clocks.setCost(slot, cost);
    this.referenced[slot] = 0;
    this.clocks.pushHead(slot, ghost < 0 ? T1 : T2);
  }

  /**
   * replace(): sweeps to a victim, records its ghost and returns it (-1: nothing resident).
   * `fromB2`: the newcomer was found in B2; the extras count it, not placed yet, in T1 and C.
   */
  private replace(fromB2: boolean, t1Extra: number, sizeExtra: number): number {
    const c = this.clocks;
    const l = c.lists;
    if (l.length(T1) + l.length(T2) === 0) return -1;
    const steps = this.rules.maxSteps(this.limit());
    for (let step = 0; step < steps; step++) {
      const list = this.handList(fromB2);
      const slot = l.tail(list);
      if (this.referenced[slot] === 0) return this.evictTo(slot, list, t1Extra, sizeExtra);
      this.referenced[slot] = 0;
      if (list === T1) {
        c.unlink(slot);
        c.pushHead(slot, T2);
      } else {
        c.moveToHead(slot, T2);
      }
    }
    // Every step found a bit set (more entries than the bound, costs below 1): the hand's entry goes.
    const list = this.handList(fromB2);
    return this.evictTo(l.tail(list), list, t1Extra, sizeExtra);
  }

  /** The clock replace works on now. */
  private handList(fromB2: boolean): number {
    const c = this.clocks;
    const l = c.lists;
    return this.rules.sweepsT1(l.length(T1), c.total(T1), l.length(T2), this.p, fromB2) ? T1 : T2;
  }

  private evictTo(slot: number, list: number, t1Extra: number, sizeExtra: number): number {
    const c = this.clocks;
    c.unlink(slot);
    const ghost = list === T1 ? B1 : B2;
    this.ghosts.pushSlot(ghost, slot);
    this.rules.trim(this.ghosts, ghost, c.lists.length(T1) + t1Extra, this.host.size - 1 + sizeExtra, this.limit());
    return slot;
  }
}

/** CAR (Bansal & Modha): ARC's adaptation over two clocks; cachekit's CARCore by default. */
export const car = /* @__PURE__ */ definePolicy({
  name: 'car',
  defaults: {
    /**
     * 'cachekit' (default): cachekit's CARCore (target from cap/2, floored steps, ghost lists of
     * cap each). 'paper': Bansal & Modha's CAR (target from 0, real-ratio steps, directory of 2c).
     */
    variant: ['cachekit', 'paper'],
  },
  requirements: () => ({ hashes: true, misses: false }),
  create: (context, o) => new CarPolicy(context, o.variant === 'cachekit' ? CACHEKIT_CAR : PAPER_CAR),
});
