// cachekit's 2Q and SLRU, which are one algorithm there (TwoQCore and SlruCore, v0.4.0): the
// `variant: 'cachekit'` of `2q` and of `slru`. A probation FIFO whose share of the budget
// (probationFrac) is a soft cap, and a protected LRU with no cap of its own. New entries enter
// probation; a hit in probation promotes the entry to the protected head, a hit in protected
// moves it there; updates change nothing. The victim is the probation tail while probation is
// over its share (or protected is empty), else the protected tail. No ghost queue, no demotion
// from protected back to probation. As cachekit, the newcomer is placed after the evictions for
// it (makeRoom). Every operation is O(1).

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../../policy.js';
import { CostedLists } from '../structures/costed-lists.js';
import { hintChoice } from '../machinery/hints.js';
import { evictInTurn, reuseNextVictim } from '../machinery/evict-in-turn.js';

/** dump()'s names for the two segments (2q's A1in and Am; slru's probationary and protected). */
export const SEGMENTS = ['probation', 'protected'] as const;

const PROBATION = 0;
const PROTECTED = 1;

export class ProbationProtectedPolicy implements Policy {
  private readonly host: PolicyHost;
  private readonly lists: CostedLists;

  constructor(
    context: PolicyContext,
    readonly name: string,
    private readonly probationFrac: number,
  ) {
    this.host = context.host;
    this.lists = new CostedLists(context.initialSlots, 2);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
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

  private place(slot: number, cost: number): void {
    this.lists.setCost(slot, cost);
    this.lists.pushHead(slot, PROBATION);
  }

  hit(slot: number): void {
    this.lists.moveToHead(slot, PROTECTED);
  }

  update(slot: number): void {
    this.lists.setCost(slot, this.host.costOf(slot));
  }

  remove(slot: number): void {
    this.lists.unlink(slot);
  }

  /** Unlinks and returns the next victim (-1: none); `keep` (a slot being updated) only if it is the last. */
  evictNext(keep: number): number {
    const c = this.lists;
    const l = c.lists;
    // cachekit compares the probation length with floor(capacity * frac); for whole costs
    // `total > frac * maxCost` is the same test.
    const fromProbation =
      l.length(PROBATION) > 0 &&
      (c.total(PROBATION) > this.probationFrac * this.host.maxCost || l.length(PROTECTED) === 0);
    for (const list of fromProbation ? [PROBATION, PROTECTED] : [PROTECTED, PROBATION]) {
      // An entry whose update grew its cost is not a candidate while others are.
      let victim = l.tail(list);
      if (victim >= 0 && victim === keep) victim = l.newer(victim);
      if (victim >= 0) {
        c.unlink(victim);
        return victim;
      }
    }
    if (keep >= 0) c.unlink(keep);
    return keep;
  }

  clear(): void {
    this.lists.clear();
  }

  /** dump()'s note: `segment`, 'probation' or 'protected'. */
  hint(slot: number): PolicyHint {
    const c = this.lists;
    return { name: this.name, segment: SEGMENTS[c.lists.owner[slot]!]! };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'segment', SEGMENTS);
  }

  /**
   * load(): each slot in its segment (probation without a note), in the given order. Within a
   * segment victims leave from the tail, and which segment gives the next one depends only on
   * the segments' totals, so an empty cache gives that order back.
   */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    this.lists.restore(
      slots,
      (i) => (hints[i]?.segment === 'protected' ? PROTECTED : PROBATION),
      (slot) => this.host.costOf(slot),
    );
  }
}
