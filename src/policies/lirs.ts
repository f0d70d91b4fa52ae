// LIRS, Low Inter-reference Recency Set (Jiang & Zhang, "LIRS: An Efficient Low Inter-reference
// Recency Set Replacement Policy to Improve Buffer Cache Performance", SIGMETRICS 2002).
//   LIR blocks: resident, the (1 - hirFrac) share of the budget with the smallest reuse distance.
//   Resident HIR blocks: the hirFrac share (at least one entry), in queue Q (front = next victim).
//   Stack S: every LIR block and the HIR blocks (resident or not) more recent than the oldest
//   LIR block; stack pruning keeps an LIR block at the bottom.
// Hit on LIR: to the top of S (prune if it was the bottom). Hit on a resident HIR block in S: it
// becomes LIR and the bottom LIR block becomes HIR (to Q's end); not in S: to S's top and Q's end.
// Miss: Q's front leaves (kept in S as non-resident if it is in S); the newcomer becomes LIR if it
// was non-resident in S (the bottom LIR block is demoted), else a resident HIR block.
//
// Costs: the LIR share is in cost units; with other costs than 1 the exchange "newcomer in,
// bottom LIR out" becomes "demote bottom LIR blocks while the LIR cost exceeds its share".
// Non-resident blocks are kept by hash in the WASM index, and bounded (not in the paper) to
// NON_RESIDENT_FACTOR x resident entries, oldest-evicted first, so memory stays bounded.
// As in the paper, the newcomer is placed after the evictions for it: lazily, at the policy's next
// call (`pending`), since a removal in between changes the LIR share it may take.
// Cost per operation: O(1) amortised (each pruned node was pushed on S once).

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { requireFraction } from '../validate.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';
import { grown } from '../typed-arrays.js';

const LIR = 1;
const HIR = 2;
/** Non-resident HIR block in S (hash in the index, in the non-resident FIFO). */
const NON_RESIDENT = 3;
/** Non-resident block being reloaded: still in S, out of the index and the non-resident FIFO. */
const RELOADING = 4;

/** Non-resident blocks kept, per resident entry. */
const NON_RESIDENT_FACTOR = 2;

/** Node 0 is S's sentinel, node 1 the non-resident FIFO's sentinel. */
const STACK = 0;
const NR = 1;
const FIRST_NODE = 2;

class LirsPolicy implements Policy {
  readonly name = 'lirs';
  private readonly host: PolicyHost;
  /** Q: resident HIR blocks by slot; head = end (newest), tail = front (next victim). */
  private readonly queue: SlotList;
  private slotNode: Int32Array;

  // Nodes (typed arrays, free list through sNext).
  private sPrev: Int32Array;
  private sNext: Int32Array;
  private nPrev: Int32Array;
  private nNext: Int32Array;
  private status: Uint8Array;
  private inStack: Uint8Array;
  private nodeSlot: Int32Array;
  private nodeCost: Float64Array;
  private lo: Uint32Array;
  private hi: Uint32Array;
  private top = FIRST_NODE;
  private free = -1;

  private lirCost = 0;
  private lirCount = 0;
  private nonResident = 0;
  private pending = -1;
  private pendingNode = -1;

  constructor(
    context: PolicyContext,
    private readonly hirFrac: number,
  ) {
    this.host = context.host;
    this.queue = new SlotList(context.initialSlots);
    this.slotNode = new Int32Array(context.initialSlots);
    const n = FIRST_NODE + context.initialSlots;
    this.sPrev = new Int32Array(n);
    this.sNext = new Int32Array(n);
    this.nPrev = new Int32Array(n);
    this.nNext = new Int32Array(n);
    this.status = new Uint8Array(n);
    this.inStack = new Uint8Array(n);
    this.nodeSlot = new Int32Array(n);
    this.nodeCost = new Float64Array(n);
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    this.resetSentinels();
  }

  reserve(n: number): void {
    this.queue.reserve(n);
    if (n > this.slotNode.length) {
      this.slotNode = grown(this.slotNode, n);
    }
  }

  insert(slot: number): void {
    if (this.pending >= 0) this.settle();
    this.arrive(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    if (this.pending >= 0) this.settle();
    if (incoming >= 0) this.arrive(incoming);
    // The newcomer counts in the resident entries that bound the non-resident blocks.
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      const victim = this.evictNext(sizeExtra);
      if (victim < 0 || !onVictim(victim)) return;
    }
  }

  /** A newcomer, placed at the next call (settle); if S holds it as non-resident, it is reloading. */
  private arrive(slot: number): void {
    const k = this.host.kernels!;
    const lo = k.hashLo(slot);
    const hi = k.hashHi(slot);
    const node = k.indexLookup(lo, hi);
    if (node >= 0) {
      k.indexRemove(lo, hi);
      this.nrUnlink(node);
      this.status[node] = RELOADING;
    }
    this.pending = slot;
    this.pendingNode = node;
  }

  hit(slot: number): void {
    if (this.pending >= 0) this.settle();
    const node = this.slotNode[slot]!;
    if (this.status[node] === LIR) {
      const wasBottom = this.sPrev[STACK] === node;
      this.stackToTop(node);
      if (wasBottom) this.prune();
    } else if (this.inStack[node] === 1) {
      // A resident HIR block re-referenced within the LIR recency: it becomes LIR.
      this.queue.unlink(slot);
      this.stackToTop(node);
      this.makeLir(node);
    } else {
      this.stackToTop(node);
      this.queue.moveToHead(slot);
      if (this.lirCount === 0) this.prune(); // no LIR block: S holds nothing
    }
  }

  update(slot: number): void {
    if (this.pending >= 0) this.settle();
    const node = this.slotNode[slot]!;
    const cost = this.host.costOf(slot);
    if (this.status[node] === LIR) this.lirCost += cost - this.nodeCost[node]!;
    this.nodeCost[node] = cost;
    this.hit(slot);
  }

  remove(slot: number): void {
    if (slot === this.pending) {
      this.dropPending();
      return;
    }
    const node = this.slotNode[slot]!;
    if (this.status[node] === LIR) {
      this.lirCost = --this.lirCount === 0 ? 0 : this.lirCost - this.nodeCost[node]!;
    } else {
      this.queue.unlink(slot);
    }
    if (this.inStack[node] === 1) this.stackUnlink(node);
    this.freeNode(node);
    this.prune();
  }

  /** Q's front leaves (kept in S as non-resident if it is in S); returns it (-1: nothing resident). */
  private evictNext(sizeExtra: number): number {
    if (this.queue.length() === 0) {
      if (this.lirCount === 0) return -1;
      this.demoteBottom();
    }
    const victim = this.queue.tail();
    this.queue.unlink(victim);
    const node = this.slotNode[victim]!;
    if (this.inStack[node] === 1) {
      // Stays in S as a non-resident HIR block: a re-reference soon makes it LIR.
      const k = this.host.kernels!;
      this.lo[node] = k.hashLo(victim);
      this.hi[node] = k.hashHi(victim);
      this.nodeSlot[node] = -1;
      this.status[node] = NON_RESIDENT;
      k.indexInsert(this.lo[node]!, this.hi[node]!, node);
      this.nrPush(node);
      const limit = NON_RESIDENT_FACTOR * (this.host.size + sizeExtra - 1);
      while (this.nonResident > limit) this.dropNonResident(this.nPrev[NR]!);
    } else {
      this.freeNode(node);
    }
    return victim;
  }

  clear(): void {
    this.host.kernels!.indexClear();
    this.queue.clear();
    this.top = FIRST_NODE;
    this.free = -1;
    this.lirCost = 0;
    this.lirCount = 0;
    this.nonResident = 0;
    this.pending = -1;
    this.pendingNode = -1;
    this.inStack.fill(0);
    this.resetSentinels();
  }

  /** Places the newcomer once the evictions made for it are done. */
  private settle(): void {
    const slot = this.pending;
    const cost = this.host.costOf(slot);
    this.pending = -1;
    let node = this.pendingNode;
    this.pendingNode = -1;
    if (node >= 0) {
      // Non-resident in S: its reuse distance beat the oldest LIR block's recency.
      this.attach(node, slot, cost);
      this.stackToTop(node);
      this.makeLir(node);
      return;
    }
    node = this.allocate();
    this.attach(node, slot, cost);
    this.stackToTop(node);
    if (this.lirCost + cost <= this.lirShare()) {
      this.status[node] = LIR; // warming up: LIR blocks fill their share first
      this.lirCost += cost;
      this.lirCount++;
    } else {
      this.status[node] = HIR;
      this.queue.pushHead(slot);
      if (this.lirCount === 0) this.prune(); // no LIR block (costs larger than its share): S stays empty
    }
  }

  private dropPending(): void {
    this.pending = -1;
    if (this.pendingNode >= 0) {
      this.stackUnlink(this.pendingNode);
      this.freeNode(this.pendingNode);
      this.pendingNode = -1;
      this.prune();
    }
  }

  private lirShare(): number {
    const max = this.host.maxCost;
    return max - Math.max(this.hirFrac * max, 1);
  }

  private attach(node: number, slot: number, cost: number): void {
    this.nodeSlot[node] = slot;
    this.nodeCost[node] = cost;
    this.slotNode[slot] = node;
  }

  /** Makes a node (already at S's top) LIR, demoting bottom LIR blocks beyond the LIR share. */
  private makeLir(node: number): void {
    this.status[node] = LIR;
    this.lirCost += this.nodeCost[node]!;
    this.lirCount++;
    while (this.lirCost > this.lirShare() && this.lirCount > 1) this.demoteBottom();
  }

  /** The bottom LIR block of S becomes a resident HIR block at Q's end; then prune. */
  private demoteBottom(): void {
    const node = this.sPrev[STACK]!;
    this.status[node] = HIR;
    this.lirCost = --this.lirCount === 0 ? 0 : this.lirCost - this.nodeCost[node]!;
    this.stackUnlink(node);
    this.queue.pushHead(this.nodeSlot[node]!);
    this.prune();
  }

  /** Removes HIR blocks from S's bottom until an LIR block is there. */
  private prune(): void {
    for (;;) {
      const node = this.sPrev[STACK]!;
      if (node === STACK || this.status[node] === LIR) return;
      this.stackUnlink(node);
      const s = this.status[node];
      if (s === NON_RESIDENT) this.dropNonResident(node);
      else if (s === RELOADING) {
        this.freeNode(node);
        this.pendingNode = -1; // the newcomer arrives as a block never seen
      }
    }
  }

  private dropNonResident(node: number): void {
    if (this.inStack[node] === 1) this.stackUnlink(node);
    this.host.kernels!.indexRemove(this.lo[node]!, this.hi[node]!);
    this.nrUnlink(node);
    this.freeNode(node);
  }

  // ─── S (stack) links ──────────────────────────────────────────────────────────────────

  private stackToTop(node: number): void {
    if (this.inStack[node] === 1) {
      if (this.sNext[STACK] === node) return;
      this.stackUnlink(node);
    }
    const h = this.sNext[STACK]!;
    this.sNext[node] = h;
    this.sPrev[node] = STACK;
    this.sPrev[h] = node;
    this.sNext[STACK] = node;
    this.inStack[node] = 1;
  }

  private stackUnlink(node: number): void {
    const p = this.sPrev[node]!;
    const n = this.sNext[node]!;
    this.sNext[p] = n;
    this.sPrev[n] = p;
    this.inStack[node] = 0;
  }

  // ─── non-resident FIFO links ──────────────────────────────────────────────────────────

  private nrPush(node: number): void {
    const h = this.nNext[NR]!;
    this.nNext[node] = h;
    this.nPrev[node] = NR;
    this.nPrev[h] = node;
    this.nNext[NR] = node;
    this.nonResident++;
  }

  private nrUnlink(node: number): void {
    const p = this.nPrev[node]!;
    const n = this.nNext[node]!;
    this.nNext[p] = n;
    this.nPrev[n] = p;
    this.nonResident--;
  }

  // ─── node pool ────────────────────────────────────────────────────────────────────────

  private resetSentinels(): void {
    this.sPrev[STACK] = STACK;
    this.sNext[STACK] = STACK;
    this.nPrev[NR] = NR;
    this.nNext[NR] = NR;
  }

  private allocate(): number {
    let node = this.free;
    if (node >= 0) this.free = this.sNext[node]!;
    else {
      if (this.top === this.status.length) this.grow();
      node = this.top++;
    }
    this.inStack[node] = 0;
    this.status[node] = 0;
    return node;
  }

  private freeNode(node: number): void {
    this.status[node] = 0;
    this.inStack[node] = 0;
    this.nodeSlot[node] = -1;
    this.sNext[node] = this.free;
    this.free = node;
  }

  private grow(): void {
    const n = this.status.length * 2;
    this.sPrev = grown(this.sPrev, n);
    this.sNext = grown(this.sNext, n);
    this.nPrev = grown(this.nPrev, n);
    this.nNext = grown(this.nNext, n);
    this.nodeSlot = grown(this.nodeSlot, n);
    this.status = grown(this.status, n);
    this.inStack = grown(this.inStack, n);
    this.lo = grown(this.lo, n);
    this.hi = grown(this.hi, n);
    this.nodeCost = grown(this.nodeCost, n);
  }
}

/** LIRS (Jiang & Zhang): ranks entries by reuse distance; a small share of the budget holds the rest. */
export const lirs = /* @__PURE__ */ definePolicy({
  name: 'lirs',
  defaults: {
    /** Share of the budget for resident HIR blocks (default 0.01). */
    hirFrac: 0.01,
  },
  check: (o) => {
    requireFraction('policy.hirFrac', o.hirFrac);
  },
  requirements: () => ({ hashes: true, misses: false }),
  create: (context, o) => new LirsPolicy(context, o.hirFrac),
});
