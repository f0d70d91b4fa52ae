// SLRU, segmented LRU (Karedla, Love, Wherry, "Caching strategies to improve disk system
// performance", IEEE Computer 1994): two LRU segments. New entries enter the probationary
// segment; a hit there promotes the entry to the head of the protected segment, which is capped
// at (1 - probationaryFrac) of the budget in cost units; its overflow is demoted, least recent
// first, to the head of the probationary segment. Victims come from the probationary tail (the
// protected tail only when probation holds nothing else), so one-time scans never displace
// entries that were re-referenced. Both segments share one SlotList in typed arrays; every
// operation is O(1) (a promotion demotes as many entries as its cost needs).
// That is `variant: 'paper'`. The default, `variant: 'cachekit'`, is cachekit's SlruCore
// (cachekit/two-q-and-slru.ts, the same algorithm as its 2Q): no cap on protected, no demotion, and
// probation evicted only while over its share; the two measure the same on the shared traces
// (mean within 0.1 point: README, "Differences from cachekit"), so cachekit's rule is the default.

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../policy.js';
import { hintChoice } from './machinery/hints.js';
import { requireFraction } from '../validate.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';
import { grown } from '../typed-arrays.js';
import { ProbationProtectedPolicy, SEGMENTS } from './cachekit/two-q-and-slru.js';
import { evictInTurn, reuseNextVictim } from './machinery/evict-in-turn.js';

const PROBATION = 0;
const PROTECTED = 1;

class SlruPolicy implements Policy {
  readonly name = 'slru';
  private readonly host: PolicyHost;
  private readonly lists: SlotList;
  /** Each slot's cost as last counted here (the store may change it in an update). */
  private costs: Float64Array;
  private protectedCost = 0;

  constructor(
    context: PolicyContext,
    private readonly protectedFrac: number,
  ) {
    this.host = context.host;
    this.lists = new SlotList(context.initialSlots, 2);
    this.costs = new Float64Array(context.initialSlots);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
    if (n <= this.costs.length) return;
    this.costs = grown(this.costs, n);
  }

  insert(slot: number): void {
    this.place(slot, this.host.costOf(slot));
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.place(incoming, cost);
  }

  reuseVictim(): number {
    return reuseNextVictim(this);
  }

  /** A newcomer enters the probationary head. */
  private place(slot: number, cost: number): void {
    this.costs[slot] = cost;
    this.lists.pushHead(slot, PROBATION);
  }

  hit(slot: number): void {
    if (this.lists.owner[slot] !== PROTECTED) this.protectedCost += this.costs[slot]!;
    this.lists.moveToHead(slot, PROTECTED);
    // Also after a plain move: an update may have grown the cost, or maxCost may have shrunk.
    this.demoteOverflow();
  }

  update(slot: number): void {
    const cost = this.host.costOf(slot);
    if (this.lists.owner[slot] === PROTECTED) this.protectedCost += cost - this.costs[slot]!;
    this.costs[slot] = cost;
    this.hit(slot);
  }

  remove(slot: number): void {
    if (this.lists.owner[slot] === PROTECTED) this.leaveProtected(slot);
    this.lists.unlink(slot);
  }

  /** Unlinks and returns the next victim (-1: none); `keep` (a slot being updated) only if it is the last. */
  evictNext(keep: number): number {
    let victim = this.oldest(PROBATION, keep);
    if (victim < 0) victim = this.oldest(PROTECTED, keep);
    if (victim < 0) victim = keep; // it is the only entry (or -1: none)
    if (victim >= 0) this.remove(victim);
    return victim;
  }

  clear(): void {
    this.lists.clear();
    this.protectedCost = 0;
  }

  /** dump()'s note: `segment`, 'probation' or 'protected'. */
  hint(slot: number): PolicyHint {
    return { name: 'slru', segment: SEGMENTS[this.lists.owner[slot]!]! };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'segment', SEGMENTS);
  }

  /**
   * load(): each slot in its segment (probationary without a note), in the given order; the
   * protected segment's overflow (a smaller budget than the dump's) is demoted as usual.
   */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      this.costs[slot] = this.host.costOf(slot);
      const segment = hints[i]?.segment === 'protected' ? PROTECTED : PROBATION;
      if (segment === PROTECTED) this.protectedCost += this.costs[slot]!;
      this.lists.pushHead(slot, segment);
    }
    this.demoteOverflow();
  }

  /** The tail of a segment other than `exclude`, or -1. */
  private oldest(list: number, exclude: number): number {
    const tail = this.lists.tail(list);
    return tail >= 0 && tail === exclude ? this.lists.newer(tail) : tail;
  }

  private demoteOverflow(): void {
    const cap = this.host.maxCost * this.protectedFrac;
    const lists = this.lists;
    while (this.protectedCost > cap) {
      const tail = lists.tail(PROTECTED);
      if (tail < 0) break;
      this.leaveProtected(tail);
      lists.unlink(tail);
      lists.pushHead(tail, PROBATION);
    }
  }

  private leaveProtected(slot: number): void {
    this.protectedCost -= this.costs[slot]!;
    if (this.lists.length(PROTECTED) === 1) this.protectedCost = 0; // no float drift once empty
  }
}

/** Segmented LRU: a probationary and a protected segment; cachekit's SlruCore by default. */
export const slru = /* @__PURE__ */ definePolicy({
  name: 'slru',
  defaults: {
    /** Share of the budget for the probationary segment (default 0.25). */
    probationaryFrac: 0.25,
    /**
     * 'cachekit' (default): cachekit's SlruCore (the same algorithm as its 2Q): protected has no
     * cap and no demotion. 'paper': Karedla et al.'s SLRU, protected capped, demoting into probation.
     */
    variant: ['cachekit', 'paper'],
  },
  check(options) {
    requireFraction('policy.probationaryFrac', options.probationaryFrac);
  },
  create: (context, options) =>
    options.variant === 'cachekit'
      ? new ProbationProtectedPolicy(context, 'slru', options.probationaryFrac)
      : new SlruPolicy(context, 1 - options.probationaryFrac),
});
