// 2Q, full version (Johnson & Shasha, "2Q: A Low Overhead High Performance Buffer Management
// Replacement Algorithm", VLDB 1994, Fig. "Full Version"):
//   A1in  FIFO of entries seen once (its share Kin = probationFrac of the budget, cost units);
//         a hit there changes nothing (correlated references are not a sign of popularity).
//   A1out ghost FIFO of keys evicted from A1in (hashes only; Kout = 50% of the resident entry
//         count, the paper's recommendation).
//   Am    LRU of entries re-referenced after they left A1in (found in A1out).
// reclaimfor: when A1in holds more than Kin, its oldest entry leaves and its key goes to A1out
// (dropping A1out's oldest beyond Kout); otherwise Am's least recently used entry leaves.
// The newcomer is placed after the reclaiming (makeRoom), as the paper reclaims before adding.
// Cost per operation: O(1) (one WASM index lookup on insert).
// `variant: 'cachekit'` is cachekit's TwoQCore instead (cachekit/two-q-and-slru.ts): no A1out, and a
// hit in A1in promotes. The paper's rule is the default: it measured better on the shared traces
// (README, "Differences from cachekit").

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../policy.js';
import { hintChoice } from './machinery/hints.js';
import { requireFraction } from '../validate.js';
import { definePolicy } from './machinery/define.js';
import { GhostLists } from './structures/ghost-list.js';
import { CostedLists } from './structures/costed-lists.js';
import { ProbationProtectedPolicy, SEGMENTS } from './cachekit/two-q-and-slru.js';

const A1IN = 0;
const AM = 1;
const A1OUT = 0;

class TwoQPolicy implements Policy {
  readonly name = '2q';
  private readonly host: PolicyHost;
  private readonly lists: CostedLists;
  private readonly ghosts: GhostLists;

  constructor(
    context: PolicyContext,
    private readonly probationFrac: number,
  ) {
    this.host = context.host;
    this.lists = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 1);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
  }

  insert(slot: number): void {
    this.place(slot, this.host.costOf(slot), this.queueFor(slot));
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    // Looked up before the reclaiming, whose ghosts may push the newcomer's out of A1out.
    const queue = incoming >= 0 ? this.queueFor(incoming) : A1IN;
    // The newcomer counts in the resident entries Kout is a share of.
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      const victim = this.reclaim(sizeExtra);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.place(incoming, cost, queue);
  }

  /** A newcomer's queue: Am if A1out remembers its key (which it then forgets), else A1in. */
  private queueFor(slot: number): number {
    const k = this.host.kernels!;
    const node = this.ghosts.find(k.hashLo(slot), k.hashHi(slot));
    if (node < 0) return A1IN;
    this.ghosts.remove(node);
    return AM;
  }

  private place(slot: number, cost: number, queue: number): void {
    this.lists.setCost(slot, cost);
    this.lists.pushHead(slot, queue);
  }

  hit(slot: number): void {
    if (this.lists.lists.owner[slot] === AM) this.lists.moveToHead(slot, AM);
  }

  update(slot: number): void {
    this.lists.setCost(slot, this.host.costOf(slot));
    this.hit(slot);
  }

  remove(slot: number): void {
    this.lists.unlink(slot);
  }

  /** reclaimfor: unlinks the victim and returns it (-1: nothing resident); A1in's victim goes to A1out. */
  private reclaim(sizeExtra: number): number {
    const c = this.lists;
    const l = c.lists;
    const inA1 = l.length(A1IN);
    if (inA1 > 0 && (c.total(A1IN) > this.probationFrac * this.host.maxCost || l.length(AM) === 0)) {
      const victim = l.tail(A1IN);
      c.unlink(victim);
      this.ghosts.pushSlot(A1OUT, victim);
      const kout = Math.max(1, Math.floor(0.5 * (this.host.size - 1 + sizeExtra)));
      while (this.ghosts.length(A1OUT) > kout) this.ghosts.dropOldest(A1OUT);
      return victim;
    }
    const victim = l.tail(AM);
    if (victim >= 0) c.unlink(victim);
    return victim;
  }

  clear(): void {
    this.lists.clear();
    this.ghosts.clear();
  }

  /** dump()'s note: `segment`, 'probation' (A1in) or 'protected' (Am), as cachekit's 2Q names them. */
  hint(slot: number): PolicyHint {
    const c = this.lists;
    return { name: '2q', segment: SEGMENTS[c.lists.owner[slot]!]! };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'segment', SEGMENTS);
  }

  /** load(): each slot in its queue (A1in without a note), in the given order (as cachekit/two-q-and-slru.ts). */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    this.lists.restore(
      slots,
      (i) => (hints[i]?.segment === 'protected' ? AM : A1IN),
      (slot) => this.host.costOf(slot),
    );
  }
}

/** 2Q (Johnson & Shasha): a probation FIFO, a main LRU and a ghost queue of recent evictions. */
export const twoQ = /* @__PURE__ */ definePolicy({
  name: '2q',
  defaults: {
    /** Share of the budget for A1in, the probation FIFO (default 0.25). */
    probationFrac: 0.25,
    /**
     * 'paper' (default): Johnson & Shasha's full 2Q, with the A1out ghost queue. 'cachekit':
     * cachekit's TwoQCore, no ghosts, a re-access in probation promotes.
     */
    variant: ['paper', 'cachekit'],
  },
  check: (o) => {
    requireFraction('policy.probationFrac', o.probationFrac);
  },
  requirements: (o) => ({ hashes: o.variant === 'paper', misses: false }),
  create: (context, o) =>
    o.variant === 'cachekit'
      ? new ProbationProtectedPolicy(context, '2q', o.probationFrac)
      : new TwoQPolicy(context, o.probationFrac),
});
