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
// The paper runs REPLACE before placing the newcomer x; the store calls insert(x) first and then
// evict(x), so x is held aside (`pending`) until the evictions for it are done.
// Cost per operation: O(1) (one WASM index lookup on insert, one insert/remove per ghost).

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { definePolicy } from './define.js';
import { GhostLists } from './ghost-list.js';
import { SlotList } from './slot-list.js';
import { grown } from '../typed-arrays.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

export class ArcPolicy implements Policy {
  readonly name = 'arc';
  private readonly host: PolicyHost;
  private readonly lists: SlotList;
  private readonly ghosts: GhostLists;
  /** Each resident slot's cost as counted in t1Cost / t2Cost. */
  private costs: Float64Array;
  private t1Cost = 0;
  private t2Cost = 0;
  private p = 0;
  /** The newcomer not yet placed (-1: none), the list it goes to, and whether it was in B2. */
  private pending = -1;
  private pendingList = T1;
  private pendingFromB2 = false;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.lists = new SlotList(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.costs = new Float64Array(context.initialSlots);
  }

  /** The adaptive target for T1, in cost units (read-only; for tests and diagnostics). */
  get target(): number {
    return this.p;
  }

  reserve(n: number): void {
    this.lists.reserve(n);
    if (n > this.costs.length) {
      this.costs = grown(this.costs, n);
    }
  }

  insert(slot: number): void {
    if (this.pending >= 0) this.settle();
    const cost = this.host.costOf(slot);
    this.costs[slot] = cost;
    const k = this.host.kernels!;
    const node = this.ghosts.find(k.hashLo(slot), k.hashHi(slot));
    this.pendingList = T1;
    this.pendingFromB2 = false;
    if (node >= 0) {
      const b1 = this.ghosts.length(B1);
      const b2 = this.ghosts.length(B2);
      if (this.ghosts.listOf(node) === B1) {
        // Case II: T1 would have kept x had it been larger.
        const delta = b1 >= b2 ? 1 : b2 / b1;
        this.p = Math.min(this.p + delta * cost, this.host.maxCost);
      } else {
        // Case III: T2 would have kept x had it been larger.
        const delta = b2 >= b1 ? 1 : b1 / b2;
        this.p = Math.max(this.p - delta * cost, 0);
        this.pendingFromB2 = true;
      }
      this.ghosts.remove(node);
      this.pendingList = T2;
    }
    this.pending = slot;
  }

  hit(slot: number): void {
    if (this.pending >= 0) this.settle();
    if (this.lists.owner[slot] === T1) {
      const cost = this.costs[slot]!;
      this.t1Cost -= cost;
      this.t2Cost += cost;
    }
    this.lists.moveToHead(slot, T2);
  }

  miss(): void {}

  update(slot: number): void {
    if (this.pending >= 0) this.settle();
    const cost = this.host.costOf(slot);
    const delta = cost - this.costs[slot]!;
    this.costs[slot] = cost;
    if (this.lists.owner[slot] === T1) this.t1Cost += delta;
    else this.t2Cost += delta;
    this.hit(slot);
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
    const fromB2 = incoming >= 0 && incoming === this.pending && this.pendingFromB2;
    const n1 = this.lists.length(T1);
    const n2 = this.lists.length(T2);
    if (n1 === 0 && n2 === 0) {
      if (incoming >= 0 && incoming === this.pending) this.pending = -1;
      return incoming >= 0 ? incoming : -1;
    }
    // REPLACE(x, p).
    const fromT1 = n1 > 0 && (n2 === 0 || this.t1Cost > this.p || (fromB2 && this.t1Cost === this.p));
    const list = fromT1 ? T1 : T2;
    const victim = this.lists.tail(list);
    this.unlink(victim);
    this.ghosts.pushSlot(fromT1 ? B1 : B2, victim);
    this.trimGhosts();
    return victim;
  }

  clear(): void {
    this.lists.clear();
    this.ghosts.clear();
    this.t1Cost = 0;
    this.t2Cost = 0;
    this.p = 0;
    this.pending = -1;
  }

  flush(): void {}

  /** Places the newcomer once the evictions made for it are done. */
  private settle(): void {
    const slot = this.pending;
    this.pending = -1;
    this.lists.pushHead(slot, this.pendingList);
    if (this.pendingList === T1) this.t1Cost += this.costs[slot]!;
    else this.t2Cost += this.costs[slot]!;
  }

  private unlink(slot: number): void {
    const list = this.lists.owner[slot]!;
    if (list < 0) return;
    this.lists.unlink(slot);
    if (list === T1) this.t1Cost = this.lists.length(T1) === 0 ? 0 : this.t1Cost - this.costs[slot]!;
    else this.t2Cost = this.lists.length(T2) === 0 ? 0 : this.t2Cost - this.costs[slot]!;
  }

  /** |T1| + |B1| <= C and |B1| + |B2| <= C, in entries, C = entries resident once the victim is gone. */
  private trimGhosts(): void {
    const c = this.host.size - 1;
    const t1 = this.lists.length(T1) + (this.pending >= 0 && this.pendingList === T1 ? 1 : 0);
    const g = this.ghosts;
    while (g.length(B1) > 0 && t1 + g.length(B1) > c) g.dropOldest(B1);
    while (g.length(B1) + g.length(B2) > c) g.dropOldest(g.length(B2) > 0 ? B2 : B1);
  }
}

export const arc = definePolicy({
  name: 'arc',
  defaults: {},
  requirements: () => ({ hashes: true, misses: false }),
  create: (context) => new ArcPolicy(context),
});
