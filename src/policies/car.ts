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
// That is `variant: 'paper'`. The default, `variant: 'cachekit'`, is cachekit's CARCore
// (cachekit-car.ts): the two measure the same on the shared traces (mean within 0.1 point:
// README, "Differences from cachekit"), so cachekit's rule is the default.

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { definePolicy } from './define.js';
import { GhostLists } from './ghost-list.js';
import { CostedLists } from './costed-lists.js';
import { grown } from '../typed-arrays.js';
import { CachekitCarPolicy } from './cachekit-car.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

export class CarPolicy implements Policy {
  readonly name = 'car';
  private readonly host: PolicyHost;
  private readonly clocks: CostedLists;
  private readonly ghosts: GhostLists;
  private referenced: Uint8Array;
  private p = 0;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.clocks = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.referenced = new Uint8Array(context.initialSlots);
  }

  /** The adaptive target for T1, in cost units (read-only; for tests and diagnostics). */
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
    const list = incoming >= 0 ? this.arrive(incoming, cost) : T1;
    // T1 and C as they will be once the newcomer is placed (the ghost bounds count it).
    const t1Extra = incoming >= 0 && list === T1 ? 1 : 0;
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      const victim = this.replace(t1Extra, sizeExtra);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.place(incoming, cost, list);
  }

  /** A newcomer found in a ghost list adapts p and leaves it; returns its clock (T2 if found, else T1). */
  private arrive(slot: number, cost: number): number {
    const k = this.host.kernels!;
    const node = this.ghosts.find(k.hashLo(slot), k.hashHi(slot));
    if (node < 0) return T1;
    const b1 = this.ghosts.length(B1);
    const b2 = this.ghosts.length(B2);
    if (this.ghosts.listOf(node) === B1) {
      this.p = Math.min(this.p + Math.max(1, b2 / b1) * cost, this.host.maxCost);
    } else {
      this.p = Math.max(this.p - Math.max(1, b1 / b2) * cost, 0);
    }
    this.ghosts.remove(node);
    return T2;
  }

  /** Places a newcomer at its clock's tail (the list's head), its bit clear. */
  private place(slot: number, cost: number, list: number): void {
    this.clocks.setCost(slot, cost);
    this.referenced[slot] = 0;
    this.clocks.pushHead(slot, list);
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

  /** The paper's replace(): sweeps to a victim, records its ghost and returns it (-1: nothing resident). */
  private replace(t1Extra: number, sizeExtra: number): number {
    const c = this.clocks;
    const l = c.lists;
    for (;;) {
      const n1 = l.length(T1);
      const n2 = l.length(T2);
      if (n1 === 0 && n2 === 0) return -1;
      if (n1 > 0 && (n2 === 0 || c.total(T1) >= this.p)) {
        const slot = l.tail(T1);
        if (this.referenced[slot] === 0) return this.evictTo(slot, B1, t1Extra, sizeExtra);
        this.referenced[slot] = 0;
        c.unlink(slot);
        c.pushHead(slot, T2);
      } else {
        const slot = l.tail(T2);
        if (this.referenced[slot] === 0) return this.evictTo(slot, B2, t1Extra, sizeExtra);
        this.referenced[slot] = 0;
        c.moveToHead(slot, T2);
      }
    }
  }

  clear(): void {
    this.clocks.clear();
    this.ghosts.clear();
    this.p = 0;
  }

  private evictTo(slot: number, ghost: number, t1Extra: number, sizeExtra: number): number {
    const c = this.clocks;
    c.unlink(slot);
    this.ghosts.pushSlot(ghost, slot);
    // |T1| + |B1| <= C and |B1| + |B2| <= C, C = entries resident once this victim is gone (and
    // the newcomer placed).
    const cap = this.host.size - 1 + sizeExtra;
    const t1 = c.lists.length(T1) + t1Extra;
    const g = this.ghosts;
    while (g.length(B1) > 0 && t1 + g.length(B1) > cap) g.dropOldest(B1);
    while (g.length(B1) + g.length(B2) > cap) g.dropOldest(g.length(B2) > 0 ? B2 : B1);
    return slot;
  }
}

export const car = definePolicy({
  name: 'car',
  defaults: { variant: 'cachekit' as 'cachekit' | 'paper' },
  variants: ['cachekit', 'paper'],
  requirements: () => ({ hashes: true, misses: false }),
  create: (context, o) => (o.variant === 'cachekit' ? new CachekitCarPolicy(context) : new CarPolicy(context)),
});
