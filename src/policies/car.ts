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
// The newcomer is held aside (`pending`) while the store evicts for it, as the paper places it
// after replace(). A clock is a SlotList: its hand is the list's tail, "clock tail" its head.
// Cost per operation: O(1) amortised (each hand step clears a bit that a hit had set).

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { definePolicy } from './define.js';
import { GhostLists } from './ghost-list.js';
import { SlotList } from './slot-list.js';
import { grown } from '../typed-arrays.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

export class CarPolicy implements Policy {
  readonly name = 'car';
  private readonly host: PolicyHost;
  private readonly clocks: SlotList;
  private readonly ghosts: GhostLists;
  private costs: Float64Array;
  private referenced: Uint8Array;
  private t1Cost = 0;
  private p = 0;
  private pending = -1;
  private pendingList = T1;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.clocks = new SlotList(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.costs = new Float64Array(context.initialSlots);
    this.referenced = new Uint8Array(context.initialSlots);
  }

  /** The adaptive target for T1, in cost units (read-only; for tests and diagnostics). */
  get target(): number {
    return this.p;
  }

  reserve(n: number): void {
    this.clocks.reserve(n);
    if (n > this.costs.length) {
      this.costs = grown(this.costs, n);
      this.referenced = grown(this.referenced, n);
    }
  }

  insert(slot: number): void {
    if (this.pending >= 0) this.settle();
    const cost = this.host.costOf(slot);
    this.costs[slot] = cost;
    this.referenced[slot] = 0;
    const k = this.host.kernels!;
    const node = this.ghosts.find(k.hashLo(slot), k.hashHi(slot));
    this.pendingList = T1;
    if (node >= 0) {
      const b1 = this.ghosts.length(B1);
      const b2 = this.ghosts.length(B2);
      if (this.ghosts.listOf(node) === B1) {
        this.p = Math.min(this.p + Math.max(1, b2 / b1) * cost, this.host.maxCost);
      } else {
        this.p = Math.max(this.p - Math.max(1, b1 / b2) * cost, 0);
      }
      this.ghosts.remove(node);
      this.pendingList = T2;
    }
    this.pending = slot;
  }

  hit(slot: number): void {
    if (this.pending >= 0) this.settle();
    this.referenced[slot] = 1;
  }

  miss(): void {}

  update(slot: number): void {
    if (this.pending >= 0) this.settle();
    const cost = this.host.costOf(slot);
    if (this.clocks.owner[slot] === T1) this.t1Cost += cost - this.costs[slot]!;
    this.costs[slot] = cost;
    this.referenced[slot] = 1;
  }

  remove(slot: number): void {
    if (slot === this.pending) {
      this.pending = -1;
      return;
    }
    this.unlink(slot);
  }

  evict(incoming: number): number {
    if (this.pending >= 0 && this.pending !== incoming) this.settle();
    const c = this.clocks;
    for (;;) {
      const n1 = c.length(T1);
      const n2 = c.length(T2);
      if (n1 === 0 && n2 === 0) {
        if (incoming >= 0 && incoming === this.pending) this.pending = -1;
        return incoming >= 0 ? incoming : -1;
      }
      if (n1 > 0 && (n2 === 0 || this.t1Cost >= this.p)) {
        const slot = c.tail(T1);
        if (this.referenced[slot] === 0) return this.evictTo(slot, B1);
        this.referenced[slot] = 0;
        this.unlink(slot);
        c.pushHead(slot, T2);
      } else {
        const slot = c.tail(T2);
        if (this.referenced[slot] === 0) return this.evictTo(slot, B2);
        this.referenced[slot] = 0;
        c.moveToHead(slot, T2);
      }
    }
  }

  clear(): void {
    this.clocks.clear();
    this.ghosts.clear();
    this.t1Cost = 0;
    this.p = 0;
    this.pending = -1;
  }

  flush(): void {}

  private evictTo(slot: number, ghost: number): number {
    this.unlink(slot);
    this.ghosts.pushSlot(ghost, slot);
    // |T1| + |B1| <= C and |B1| + |B2| <= C, C = entries resident once this victim is gone.
    const cap = this.host.size - 1;
    const t1 = this.clocks.length(T1) + (this.pending >= 0 && this.pendingList === T1 ? 1 : 0);
    const g = this.ghosts;
    while (g.length(B1) > 0 && t1 + g.length(B1) > cap) g.dropOldest(B1);
    while (g.length(B1) + g.length(B2) > cap) g.dropOldest(g.length(B2) > 0 ? B2 : B1);
    return slot;
  }

  /** Places the newcomer at its clock's tail once the evictions made for it are done. */
  private settle(): void {
    const slot = this.pending;
    this.pending = -1;
    this.clocks.pushHead(slot, this.pendingList);
    if (this.pendingList === T1) this.t1Cost += this.costs[slot]!;
  }

  private unlink(slot: number): void {
    const list = this.clocks.owner[slot]!;
    if (list < 0) return;
    this.clocks.unlink(slot);
    if (list === T1) this.t1Cost = this.clocks.length(T1) === 0 ? 0 : this.t1Cost - this.costs[slot]!;
  }
}

export const car = definePolicy({
  name: 'car',
  defaults: {},
  requirements: () => ({ hashes: true, misses: false }),
  create: (context) => new CarPolicy(context),
});
