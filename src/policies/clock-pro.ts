// CLOCK-Pro (Jiang, Chen, Zhang, "CLOCK-Pro: An Effective Improvement of the CLOCK Replacement",
// USENIX ATC 2005): LIRS's reuse-distance idea on one clock, so a hit only sets a reference bit.
// Every page, hot, cold resident, or cold non-resident (metadata only, here its hash), sits on
// one circular list in access order; three hands sweep it from the oldest end:
//   HAND_cold finds a victim among resident cold pages: bit set and in its test period -> the
//     page turns hot (and HAND_hot demotes a hot page); bit set, not in test -> a new test
//     period at the head; bit clear -> evicted, kept as non-resident if still in its test period.
//   HAND_hot demotes the oldest unreferenced hot page (referenced ones get another lap) and ends
//     the test period of every cold page it passes, removing non-resident ones.
//   HAND_test ends the oldest test period when non-resident pages exceed the cache's entry count.
// A fault on a non-resident page in its test period makes it hot; any other new page starts cold
// and in test. Adaptation: the cold target grows when a page is re-used within its test period
// and shrinks when a test period ends unused (bounded to 1%..99% of the budget).
//
// Costs: hot/cold shares and the cold target are in cost units (each step is the page's cost);
// non-resident pages are counted in entries (at most the resident entry count), as cachekit does.
// The paper runs HAND_cold before placing the faulted page. The page is placed lazily, at the
// policy's next call (`pending`): its warm-up test reads the cache's total cost then, which
// decides whether it starts hot. Cost per operation: O(1) amortised (each hand step clears a bit
// set by a hit, ends a test period, or moves past a page placed since the hand's last visit).
// `variant: 'cachekit'` is cachekit's simplified ClockProCache instead (cachekit/clock-pro.ts).

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { grown } from '../typed-arrays.js';
import { SimpleClockProPolicy } from './cachekit/clock-pro.js';

const HOT = 1;
/** Resident cold page whose test period has ended. */
const COLD = 2;
/** Resident cold page in its test period. */
const COLD_TEST = 3;
/** Non-resident cold page in its test period (hash in the WASM index). */
const NON_RESIDENT = 4;

/** Node 0 is the clock's sentinel, between its newest (head) and oldest (tail) page. */
const SENTINEL = 0;

/** Bounds of the adaptive cold target, as shares of the budget. */
const MIN_COLD = 0.01;
const MAX_COLD = 0.99;

export class ClockProPolicy implements Policy {
  readonly name = 'clock-pro';
  private readonly host: PolicyHost;
  private slotNode: Int32Array;

  // Nodes: `newer`/`older` links of the circular list (free list through `newer`).
  private newer: Int32Array;
  private older: Int32Array;
  private status: Uint8Array;
  private referenced: Uint8Array;
  private nodeSlot: Int32Array;
  private nodeCost: Float64Array;
  private lo: Uint32Array;
  private hi: Uint32Array;
  private top = 1;
  private free = -1;

  private handHot = SENTINEL;
  private handCold = SENTINEL;
  private handTest = SENTINEL;
  private hotCost = 0;
  private hotCount = 0;
  private coldCount = 0;
  private nonResident = 0;
  private coldTarget: number;
  /** The newcomer not placed yet (-1: none): settle() places it at the next call. */
  private pending = -1;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.slotNode = new Int32Array(context.initialSlots);
    const n = 1 + context.initialSlots;
    this.newer = new Int32Array(n);
    this.older = new Int32Array(n);
    this.status = new Uint8Array(n);
    this.referenced = new Uint8Array(n);
    this.nodeSlot = new Int32Array(n);
    this.nodeCost = new Float64Array(n);
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    this.coldTarget = this.minCold();
  }

  /** The adaptive target for resident cold pages, in cost units (read-only; for tests). */
  get target(): number {
    return this.coldTarget;
  }

  reserve(n: number): void {
    if (n > this.slotNode.length) {
      this.slotNode = grown(this.slotNode, n);
    }
  }

  insert(slot: number): void {
    if (this.pending >= 0) this.settle(0);
    this.pending = slot;
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    // The last newcomer is placed now, as the cache stands with this one's cost counted.
    if (this.pending >= 0) this.settle(incoming >= 0 ? cost : 0);
    // The newcomer counts in the resident entries that bound the non-resident pages.
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      if (this.coldCount === 0 && this.hotCount === 0) break;
      if (!onVictim(this.runHandCold(sizeExtra))) break;
    }
    if (incoming >= 0) this.pending = incoming;
  }

  hit(slot: number): void {
    if (this.pending >= 0) this.settle(0);
    this.referenced[this.slotNode[slot]!] = 1;
  }

  update(slot: number): void {
    if (this.pending >= 0) this.settle(0);
    const node = this.slotNode[slot]!;
    const cost = this.host.costOf(slot);
    if (this.status[node] === HOT) this.hotCost += cost - this.nodeCost[node]!;
    this.nodeCost[node] = cost;
    this.referenced[node] = 1;
  }

  remove(slot: number): void {
    if (slot === this.pending) {
      this.pending = -1;
      return;
    }
    const node = this.slotNode[slot]!;
    const s = this.status[node];
    if (s === HOT) this.loseHot(node);
    else {
      this.coldCount--;
    }
    this.unlink(node);
    this.freeNode(node);
  }

  clear(): void {
    this.host.kernels!.indexClear();
    this.top = 1;
    this.free = -1;
    this.newer[SENTINEL] = SENTINEL;
    this.older[SENTINEL] = SENTINEL;
    this.handHot = this.handCold = this.handTest = SENTINEL;
    this.hotCost = 0;
    this.hotCount = 0;
    this.coldCount = 0;
    this.nonResident = 0;
    this.coldTarget = this.minCold();
    this.pending = -1;
  }

  /**
   * Places the faulted page once HAND_cold has made room for it; `extra` is the cost of a
   * newcomer the store has not counted yet.
   */
  private settle(extra: number): void {
    const slot = this.pending;
    this.pending = -1;
    const cost = this.host.costOf(slot);
    const k = this.host.kernels!;
    const lo = k.hashLo(slot);
    const hi = k.hashHi(slot);
    let node = k.indexLookup(lo, hi);
    if (node >= 0) {
      // Re-used within its test period: its reuse distance beats the oldest hot page's recency.
      k.indexRemove(lo, hi);
      this.nonResident--;
      this.adjustColdTarget(cost);
      this.unlink(node);
      this.attach(node, slot, cost, HOT);
      this.balanceHot();
      return;
    }
    node = this.allocate();
    // Warming up (the budget not yet full): pages are hot until only the cold minimum is left.
    const warming = this.host.totalCost + extra <= this.host.maxCost - this.minCold();
    this.attach(node, slot, cost, warming ? HOT : COLD_TEST);
  }

  private attach(node: number, slot: number, cost: number, status: number): void {
    this.nodeSlot[node] = slot;
    this.nodeCost[node] = cost;
    this.slotNode[slot] = node;
    this.referenced[node] = 0;
    this.status[node] = status;
    if (status === HOT) {
      this.hotCost += cost;
      this.hotCount++;
    } else {
      this.coldCount++;
    }
    this.pushHead(node);
  }

  /** HAND_cold: returns the evicted slot; `sizeExtra` counts a newcomer not stored yet. */
  private runHandCold(sizeExtra: number): number {
    for (;;) {
      if (this.coldCount === 0) this.runHandHot();
      let n = this.handCold;
      while (this.status[n] !== COLD && this.status[n] !== COLD_TEST) n = this.step(n);
      this.handCold = n;
      if (this.referenced[n] === 1) {
        this.referenced[n] = 0;
        this.unlink(n);
        this.pushHead(n);
        if (this.status[n] === COLD_TEST) {
          // Re-used within its test period: the page turns hot.
          this.adjustColdTarget(this.nodeCost[n]!);
          this.status[n] = HOT;
          this.coldCount--;
          this.hotCost += this.nodeCost[n]!;
          this.hotCount++;
          this.balanceHot();
        } else {
          this.status[n] = COLD_TEST;
        }
        continue;
      }
      const slot = this.nodeSlot[n]!;
      this.coldCount--;
      if (this.status[n] === COLD_TEST) {
        // Evicted but still in its test period: remembered by hash until the period ends.
        const k = this.host.kernels!;
        this.lo[n] = k.hashLo(slot);
        this.hi[n] = k.hashHi(slot);
        this.status[n] = NON_RESIDENT;
        this.nodeSlot[n] = -1;
        k.indexInsert(this.lo[n]!, this.hi[n]!, n);
        this.nonResident++;
        this.handCold = this.step(n);
        const limit = Math.max(1, this.host.size + sizeExtra - 1);
        while (this.nonResident > limit) this.runHandTest();
      } else {
        this.unlink(n);
        this.freeNode(n);
      }
      return slot;
    }
  }

  /** Demotes hot pages while the hot share exceeds its target. */
  private balanceHot(): void {
    while (this.hotCount > 0 && this.hotCost > this.host.maxCost - this.coldTarget) this.runHandHot();
  }

  /** HAND_hot: demotes one unreferenced hot page, ending the test periods it passes. */
  private runHandHot(): void {
    while (this.hotCount > 0) {
      const n = this.handHot === SENTINEL ? this.step(SENTINEL) : this.handHot;
      const s = this.status[n];
      if (s === HOT) {
        this.unlink(n);
        this.pushHead(n);
        if (this.referenced[n] === 1) {
          this.referenced[n] = 0;
          continue;
        }
        this.loseHot(n);
        this.status[n] = COLD;
        this.coldCount++;
        return;
      }
      this.handHot = this.step(n);
      if (s === COLD_TEST || s === NON_RESIDENT) this.endTest(n);
    }
  }

  /** HAND_test: ends the oldest test period. */
  private runHandTest(): void {
    let n = this.handTest;
    while (this.status[n] !== COLD_TEST && this.status[n] !== NON_RESIDENT) n = this.step(n);
    this.handTest = this.step(n);
    this.endTest(n);
  }

  /** Ends a cold page's test period; a non-resident page leaves the clock. */
  private endTest(node: number): void {
    const cost = this.nodeCost[node]!;
    // Re-used but not yet seen by HAND_cold still counts as re-used in the test period.
    this.adjustColdTarget(this.referenced[node] === 1 ? cost : -cost);
    if (this.status[node] === COLD_TEST) {
      this.status[node] = COLD;
      return;
    }
    this.host.kernels!.indexRemove(this.lo[node]!, this.hi[node]!);
    this.nonResident--;
    this.unlink(node);
    this.freeNode(node);
  }

  private loseHot(node: number): void {
    this.hotCount--;
    this.hotCost = this.hotCount === 0 ? 0 : this.hotCost - this.nodeCost[node]!;
  }

  private minCold(): number {
    const max = this.host.maxCost;
    return Math.min(Math.max(MIN_COLD * max, 1), max);
  }

  private adjustColdTarget(delta: number): void {
    const max = this.host.maxCost;
    const low = this.minCold();
    const high = Math.max(low, MAX_COLD * max);
    this.coldTarget = Math.min(Math.max(this.coldTarget + delta, low), high);
  }

  // ─── the circular list ────────────────────────────────────────────────────────────────

  /** The next page toward the head, wrapping from the head to the tail (skipping the sentinel). */
  private step(node: number): number {
    const n = this.newer[node]!;
    return n === SENTINEL ? this.newer[SENTINEL]! : n;
  }

  private pushHead(node: number): void {
    const h = this.older[SENTINEL]!;
    this.newer[h] = node;
    this.older[node] = h;
    this.newer[node] = SENTINEL;
    this.older[SENTINEL] = node;
  }

  /** Unlinks a node; a hand resting on it moves on to the next page. */
  private unlink(node: number): void {
    const o = this.older[node]!;
    const n = this.newer[node]!;
    if (this.handHot === node) this.handHot = n;
    if (this.handCold === node) this.handCold = n;
    if (this.handTest === node) this.handTest = n;
    this.newer[o] = n;
    this.older[n] = o;
  }

  // ─── node pool ────────────────────────────────────────────────────────────────────────

  private allocate(): number {
    let node = this.free;
    if (node >= 0) this.free = this.newer[node]!;
    else {
      if (this.top === this.status.length) this.grow();
      node = this.top++;
    }
    return node;
  }

  private freeNode(node: number): void {
    this.status[node] = 0;
    this.nodeSlot[node] = -1;
    this.newer[node] = this.free;
    this.free = node;
  }

  private grow(): void {
    const n = this.status.length * 2;
    this.newer = grown(this.newer, n);
    this.older = grown(this.older, n);
    this.nodeSlot = grown(this.nodeSlot, n);
    this.status = grown(this.status, n);
    this.referenced = grown(this.referenced, n);
    this.lo = grown(this.lo, n);
    this.hi = grown(this.hi, n);
    this.nodeCost = grown(this.nodeCost, n);
  }
}

/** CLOCK-Pro (Jiang, Chen and Zhang): hot and cold entries on one clock with test periods; `variant: 'cachekit'` for cachekit's ClockProCache. */
export const clockPro = /* @__PURE__ */ definePolicy({
  name: 'clock-pro',
  defaults: {
    /**
     * 'paper' (default): Jiang, Chen and Zhang's CLOCK-Pro (three hands, test periods, adaptive
     * cold target). 'cachekit': cachekit's simplified ClockProCache (one hand, a hot ratio).
     */
    variant: ['paper', 'cachekit'],
  },
  requirements: () => ({ hashes: true, misses: false }),
  create: (context, o) => (o.variant === 'cachekit' ? new SimpleClockProPolicy(context) : new ClockProPolicy(context)),
});
