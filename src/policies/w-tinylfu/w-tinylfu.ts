// W-TinyLFU (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
// TOS 2017) with an adaptive window sized by miniature simulations (miniature-simulations.ts).
//   - New entries enter a small LRU window. What overflows the window becomes a candidate for
//     the main space, a segmented LRU: probation, then protected (80 % of main) once hit there.
//   - When the cache is over budget, the newest candidate is weighed against probation's LRU
//     victim by their count-min sketch estimates (the WASM sketch, no doorkeeper, as Caffeine);
//     the candidate enters only if strictly more frequent (by two against an established victim:
//     its own admitting access is discounted). A candidate whose frequency is at least
//     ADMIT_WARM is also let in at random 1 time in 128, so that an attacker who makes a victim
//     hot (hash flooding) cannot lock every newcomer out. The rule is tinylfu-admission.ts.
//   - A sample of the keys (by hash) is replayed through small W-TinyLFU caches, one per window
//     share from 1 % to 99 %; when one share clearly scores more hits than the current one, the
//     window moves to it: recency-biased traffic grows the window (toward LRU), frequency-biased
//     traffic shrinks it (toward LFU). The entries follow, up to QUEUE_TRANSFER at once and the
//     rest RESIZE_STEP per insert.
// Budgets are in cost units, so entries of any cost work; a change of maxCost rescales them.
// Hits are deferred (pending-hits.ts): a hit marks its slot, and the marks are applied in a batch
// (sketch records, list moves in order of last hit, the miniatures' sampled accesses) before any insert,
// eviction, update or flush() looks at the segments, so every decision sees every hit. While
// the batches between writes hold few repeated hits, hits are applied at once instead (cheaper
// there; see EAGER_BELOW). Both ways leave the same segments and the same sketch records by
// the time a decision reads them.
// Cost per operation: O(1) amortized (a hit is a load and a store; applying it later is a list
// move and a sketch record per distinct slot; an eviction compares two sketch estimates); a
// sampled access (1 in 2^k, see miniature-simulations.ts) costs a step in each miniature; a
// window adjustment moves at most QUEUE_TRANSFER entries at once.

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../../policy.js';
import { hintChoice, hintInteger } from '../machinery/hints.js';
import type { Kernels } from '../../wasm/kernels.js';
import { requireFraction } from '../../validate.js';
import { SlotList } from '../structures/slot-list.js';
import { PendingHits } from './pending-hits.js';
import { forkVictims } from '../machinery/fork.js';
import { MiniatureSimulations, REBUILD_DRIFT } from './miniature-simulations.js';
import { admits, type RandomSource } from './tinylfu-admission.js';

const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;
/** dump()'s names for the segments, by their list numbers. */
const SEGMENTS = ['window', 'probation', 'protected'] as const;
/** Share of the main space held by the protected segment (Caffeine's and the paper's 80 %). */
const PROTECTED_SHARE = 0.8;
/** Bound on entries moved per window adjustment (Caffeine's QUEUE_TRANSFER_THRESHOLD). */
const QUEUE_TRANSFER = 1000;
/** Entries an insert moves while a resized window's entries are still moving. */
const RESIZE_STEP = 64;
/**
 * Deferring hits pays when a batch holds repeated hits: a drain costs about as much per slot as
 * applying one hit at once (the sort, the ring walk), and saves the moves of the repeats. Below
 * this many hits per distinct slot in the last batch, hits are applied at once instead (measured
 * on Zipf 90/10 at 10k entries, where batches are short: docs/design-measurements.md).
 */
const EAGER_BELOW = 2;
/** While hits are applied at once, every this many hits and inserts the next batch is deferred. */
const PROBE_EVERY = 1024;

export interface WTinyLfuOptions {
  windowFrac: number;
  adaptive: boolean;
}

export class WTinyLfuPolicy implements Policy, RandomSource {
  readonly name = 'w-tinylfu';
  private readonly host: PolicyHost;
  private readonly kernels: Kernels;
  private readonly lists: SlotList;
  /** Hits not yet applied to the lists, the sketch and the miniatures. */
  private readonly pending: PendingHits;
  /**
   * Each slot's cost as this policy last accounted it (to keep segment totals exact when the
   * store changes a cost). Undefined while every cost has been 1, the common case: no per-slot
   * array at all until the first other cost.
   */
  private costs: Float64Array | undefined = undefined;
  /** Summed cost per segment (window, probation, protected). */
  private readonly segmentCost = new Float64Array(3);
  /** The miniature simulations that size the window (`adaptive`), else undefined. */
  private minis: MiniatureSimulations | undefined;
  /** The window was resized and its entries are still moving (moveToSplit). */
  private resizing = false;
  private readonly windowFrac: number;
  /** The budget the maxima below were sized for. */
  private budget = 0;
  private windowMax = 0;
  private protectedMax = 0;
  /**
   * The window's share of the budget (0..1), kept apart from windowMax: an unbounded budget
   * (maxCost Infinity) has unbounded maxima, and the share must survive to size the window when
   * the budget becomes finite again (Infinity / Infinity would be NaN for good).
   */
  private share = 0;

  /** xorshift32 state for the random warm admission; seeded lazily from a (seeded) key hash. */
  private random = 0;
  /** The candidate being judged: its key hash seeds the random state at the first draw. */
  private judged = -1;

  // The victim's estimate, reused while the sketch is unchanged: within one eviction round
  // several candidates may face the same victim. Every insert records its newcomer, so the
  // estimate never outlives a round of its own. Exact: every record, clear() and the victim's
  // removal forget it (estimatedSlot = -1).
  private estimatedSlot = -1;
  private estimate = 0;

  /** Hits are applied at once (the batches were short, see EAGER_BELOW), not deferred. */
  private eager = false;
  /** Hits and inserts left before the next deferred batch, while eager. */
  private probeIn = 0;

  constructor(context: PolicyContext, options: WTinyLfuOptions) {
    this.host = context.host;
    this.kernels = context.host.kernels!;
    this.lists = new SlotList(context.initialSlots, 3);
    this.pending = new PendingHits(context.initialSlots);
    this.windowFrac = options.windowFrac;
    this.resize(context.host.maxCost);
    // Sized for unit costs until the cache shows its mean cost (sample()).
    if (options.adaptive) this.minis = new MiniatureSimulations(this.budget);
  }

  /** `count` accesses of a key in the miniatures' sample (hashLo under their threshold). */
  private sample(minis: MiniatureSimulations, hashLo: number, count: number): void {
    // The miniatures count entries: resize them when the real entry count (budget / mean cost,
    // once the cache is half full) has drifted from what they assumed.
    const segmentCost = this.segmentCost;
    const totalCost = segmentCost[WINDOW]! + segmentCost[PROBATION]! + segmentCost[PROTECTED]!;
    if (totalCost >= this.budget / 2) {
      const lists = this.lists;
      const size = lists.length(WINDOW) + lists.length(PROBATION) + lists.length(PROTECTED);
      const entries = (size * this.budget) / totalCost;
      if (entries > REBUILD_DRIFT * minis.entries || entries * REBUILD_DRIFT < minis.entries) {
        this.minis = new MiniatureSimulations(Math.round(entries));
        return;
      }
    }
    const share = minis.access(hashLo, count, this.windowShare);
    if (share >= 0) this.setWindow(share);
  }

  /** Resizes the window to `share` of the budget; the entries follow (moveToSplit). */
  private setWindow(share: number): void {
    const budget = this.budget;
    if (Number.isFinite(budget)) this.setLimits(Math.max(Math.min(1, budget), Math.min(budget, share * budget)));
    else this.setShare(share);
    this.demoteProtected();
    this.resizing = true;
    this.moveToSplit(QUEUE_TRANSFER);
  }

  /**
   * Moves up to `limit` entries so that the segments match the window's size: a larger window
   * takes main's LRU entries (probation's, then protected's) as its oldest, a smaller one hands
   * its LRU entries to probation. What is left is moved a few at a time by later inserts, so
   * that one resize of a large cache is not one long pause.
   */
  private moveToSplit(limit: number): void {
    const lists = this.lists;
    const segmentCost = this.segmentCost;
    let moved = 0;
    for (; moved < limit && segmentCost[WINDOW]! < this.windowMax; moved++) {
      let slot = lists.tail(PROBATION);
      let from = PROBATION;
      if (slot < 0) {
        slot = lists.tail(PROTECTED);
        from = PROTECTED;
      }
      if (slot < 0 || segmentCost[WINDOW]! + this.costOf(slot) > this.windowMax) break;
      this.moveSegmentToTail(slot, from, WINDOW);
    }
    moved += this.spillWindow(limit - moved);
    this.resizing = moved === limit;
  }

  /** The window's current share of the budget (0..1); moves when `adaptive`. */
  get windowShare(): number {
    return this.share;
  }

  reserve(n: number): void {
    this.lists.reserve(n);
    this.pending.reserve(n);
    const costs = this.costs;
    if (costs !== undefined && n > costs.length) (this.costs = new Float64Array(n).fill(1)).set(costs);
  }

  insert(slot: number): void {
    this.take(slot, this.host.costOf(slot));
  }

  /**
   * Takes a newcomer into the window's MRU end; returns how many entries the window's overflow
   * moved to probation's MRU end (the candidates for the main space).
   */
  private take(slot: number, cost: number): number {
    // The newcomer's access counts here, on insert (Caffeine's way), not at the get() miss that
    // usually precedes it: a miss is then a bare Map lookup, with no key hashing. Recorded before
    // the pending hits, as the miss was, so the sketch sees accesses in the same order.
    this.kernels.recordSlot(slot);
    this.estimatedSlot = -1;
    // Pending hits first: the spill and the eviction round below must see them.
    if (this.pending.count !== 0) this.drain(true);
    else if (this.eager && --this.probeIn === 0) this.eager = false;
    if (this.host.maxCost !== this.budget) this.rescale();
    if (cost !== 1 || this.costs !== undefined) this.setCost(slot, cost);
    this.lists.pushHead(slot, WINDOW);
    this.segmentCost[WINDOW]! += cost;
    if (this.resizing) this.moveToSplit(RESIZE_STEP);
    this.sampleSlot(slot, 1);
    return this.spillWindow();
  }

  // The store calls this on every get() hit: deferred, one load and one store (pending-hits.ts).
  hit(slot: number): void {
    if (this.eager) this.hitNow(slot);
    else if (this.pending.mark(slot)) this.drain(true);
  }

  update(slot: number): void {
    // Earlier hits first, so that this move lands after theirs, as it would have.
    if (this.pending.count !== 0) this.drain(true);
    const cost = this.host.costOf(slot);
    const previous = this.costOf(slot);
    if (cost !== previous) {
      this.segmentCost[this.lists.owner[slot]!]! += cost - previous;
      this.setCost(slot, cost);
    }
    this.touch(slot);
    this.sampleSlot(slot, 1);
  }

  remove(slot: number): void {
    this.detach(slot);
  }

  /**
   * One eviction round: the newcomer enters the window first (take), and what the window's
   * overflow moved to probation (newest first) is judged against probation's victims from the LRU
   * end; with no candidates left, the window's LRU entry competes. The newcomer needs no special
   * case: it sits at the window's MRU end, so it is judged only if the overflow reached it, and
   * then handing it over refused it, which is what admission means. `keep` (an update that grew
   * its cost) needs none either: it may be evicted as any entry.
   */
  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    let candidates = incoming >= 0 ? this.take(incoming, cost) : 0;
    // Without an insert first (maxCost lowered, an update that grew a cost), hits may be pending.
    // (The sketch's buffered accesses are drained by the admission's one estimates() call.)
    if (this.pending.count !== 0) this.drain(true);
    if (this.host.maxCost !== this.budget) this.rescale();
    candidates += this.spillWindow();
    const lists = this.lists;
    const maxCost = this.host.maxCost;
    let candidate = candidates > 0 ? lists.head(PROBATION) : -1;
    let victimQueue = PROBATION;
    let victim = lists.tail(PROBATION);
    for (;;) {
      if (candidates <= 0) candidate = lists.tail(WINDOW);
      let evicted: number;
      if (candidate < 0 && victim < 0) {
        if (victimQueue === PROBATION) {
          victimQueue = PROTECTED;
          victim = lists.tail(PROTECTED);
          continue;
        }
        if (victimQueue === PROTECTED) {
          victimQueue = WINDOW;
          victim = lists.tail(WINDOW);
          continue;
        }
        return;
      }
      if (candidate < 0) {
        evicted = victim;
        victim = lists.newer(victim);
      } else if (victim < 0 || candidate === victim || this.costOf(candidate) > maxCost) {
        // No victim, both picked the same entry, or the candidate can never fit: it goes.
        if (candidate === victim) victim = lists.newer(victim);
        candidates--;
        evicted = candidate;
        candidate = candidates > 0 ? lists.older(candidate) : -1;
      } else {
        candidates--;
        if (this.admit(candidate, victim)) {
          evicted = victim;
          victim = lists.newer(victim);
          this.detach(evicted);
          // Read the candidate's older neighbour only now: it may have been the victim.
          candidate = candidates > 0 ? lists.older(candidate) : -1;
          if (!onVictim(evicted)) return;
          continue;
        }
        evicted = candidate;
        candidate = candidates > 0 ? lists.older(candidate) : -1;
      }
      this.detach(evicted);
      if (!onVictim(evicted)) return;
    }
  }

  clear(): void {
    this.lists.clear();
    this.pending.clear();
    this.eager = false;
    this.segmentCost.fill(0);
    this.costs = undefined;
    this.kernels.discard();
    this.kernels.sketchClear();
    this.estimatedSlot = -1;
    this.resize(this.host.maxCost);
    this.resizing = false;
    this.minis?.clear();
  }

  flush(): void {
    if (this.pending.count !== 0) this.drain(false);
    this.kernels.flush();
  }

  /**
   * dump()'s note: `segment` ('window', 'probation' or 'protected'), `freq`, the key's frequency
   * estimate in the sketch (0 to 15), and `window`, the window's share of the budget (0 to 1; the
   * same in every entry: the cache's, as the miniature simulations left it).
   */
  hint(slot: number): PolicyHint {
    this.kernels.flush(); // buffered accesses count (drained as the next estimate would)
    return {
      name: 'w-tinylfu',
      segment: SEGMENTS[this.lists.owner[slot]!]!,
      freq: this.kernels.slotEstimate(slot),
      window: this.windowShare,
    };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'segment', SEGMENTS);
    hintInteger(hint, where, 'freq', 0, 15);
    if (hint.window !== undefined) requireFraction(`${where}.window`, hint.window, true);
  }

  /**
   * load(): each slot at the head of its segment (the window without a note), in the given
   * order, so that each segment keeps its order from oldest to newest; each key's accesses
   * recorded as many times as its noted estimate (once without a note, as insert() records it),
   * so that the sketch knows it (warm: a newcomer must beat the loaded entries' frequencies, not
   * a blank sketch). Then, as after an insert, protected's and the window's overflow move on.
   */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    if (this.pending.count !== 0) this.drain(true);
    if (this.host.maxCost !== this.budget) this.rescale();
    for (const hint of hints) {
      if (hint?.window === undefined) continue;
      // The window's share as the dump's miniatures left it (the last note's); they go on from there.
      this.setShare(hint.window as number);
    }
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const hint = hints[i];
      const cost = this.host.costOf(slot);
      if (cost !== 1 || this.costs !== undefined) this.setCost(slot, cost);
      const segment = hint === undefined ? WINDOW : SEGMENTS.indexOf(hint.segment as (typeof SEGMENTS)[number]);
      this.lists.pushHead(slot, segment);
      this.segmentCost[segment]! += cost;
      const records = hint === undefined ? 1 : (hint.freq as number);
      for (let t = 0; t < records; t++) this.kernels.recordSlot(slot);
    }
    this.estimatedSlot = -1;
    this.demoteProtected();
    this.spillWindow();
  }

  /**
   * The eviction order, from a copy (policies/machinery/fork.ts). An eviction round starts by applying the
   * pending hits, and a copy may not record them in the shared sketch, so they are applied here
   * first, as that round would apply them.
   */
  victims(): Iterable<number> {
    if (this.pending.count !== 0) this.drain(true);
    return forkVictims(this, this.host);
  }

  // ─── internals ──────────────────────────────────────────────────────────────────────

  /**
   * Applies the pending hits: each hit slot's count goes to the sketch and the slot moves as a
   * hit moves it, once, in order of last hit (applyHits), and sampled keys' hits go to the
   * miniatures. At the end of a batch of reads (a write or eviction, a full ring; not flush()), chooses how
   * the next hits are applied (EAGER_BELOW).
   */
  private drain(batchEnds: boolean): void {
    const slots = this.pending.count;
    const hits = this.pending.drainTo(this);
    if (batchEnds) {
      this.eager = hits < EAGER_BELOW * slots;
      this.probeIn = PROBE_EVERY;
    }
    this.estimatedSlot = -1;
  }

  /** A hit applied at once (while batches are short): as a drain would apply it. */
  private hitNow(slot: number): void {
    if (--this.probeIn === 0) this.eager = false;
    this.kernels.recordSlot(slot);
    this.estimatedSlot = -1;
    this.touch(slot);
    this.sampleSlot(slot, 1);
  }

  /** Hands a slot's accesses to the miniatures if its key is in their sample. */
  private sampleSlot(slot: number, count: number): void {
    const minis = this.minis;
    if (minis === undefined) return;
    const h = this.kernels.hashLo(slot);
    if (h < minis.threshold) this.sample(minis, h, count);
  }

  /** One slot's pending hits (called by PendingHits.drainTo, in order of last hit). */
  applyHits(slot: number, count: number): void {
    // One record per hit, as an eager hit would have made (up to 255 per batch: pending-hits.ts).
    for (let c = 0; c < count; c++) this.kernels.recordSlot(slot);
    this.touch(slot);
    this.sampleSlot(slot, count);
  }

  /** A slot's cost as this policy accounted it. */
  private costOf(slot: number): number {
    return this.costs === undefined ? 1 : this.costs[slot]!;
  }

  /** Stores a slot's cost, creating the cost array at the first cost other than 1. */
  private setCost(slot: number, cost: number): void {
    let costs = this.costs;
    if (costs === undefined) {
      if (cost === 1) return;
      costs = this.costs = new Float64Array(this.lists.owner.length).fill(1);
    }
    costs[slot] = cost;
  }

  /**
   * Moves an accessed slot (a hit, an update) to the head of its segment; a probation hit
   * earns protection (if it fits there), and protected's overflow goes back to probation.
   */
  private touch(slot: number): void {
    const lists = this.lists;
    const segment = lists.owner[slot]!;
    if (segment !== PROBATION) {
      lists.moveToHead(slot, segment);
      return;
    }
    const cost = this.costOf(slot);
    if (cost > this.protectedMax) {
      lists.moveToHead(slot, PROBATION);
      return;
    }
    lists.unlink(slot);
    lists.pushHead(slot, PROTECTED);
    this.segmentCost[PROBATION]! -= cost;
    this.segmentCost[PROTECTED]! += cost;
    this.demoteProtected();
  }

  /** Unlinks a slot from its segment and returns it. */
  private detach(slot: number): number {
    const segment = this.lists.owner[slot]!;
    if (segment >= 0) {
      this.segmentCost[segment]! -= this.costOf(slot);
      this.lists.unlink(slot);
    }
    this.pending.forget(slot);
    if (slot === this.estimatedSlot) this.estimatedSlot = -1;
    return slot;
  }

  /** Moves window overflow (LRU first) to probation's MRU end, at most `limit` entries; returns how many moved. */
  private spillWindow(limit = Infinity): number {
    const lists = this.lists;
    let moved = 0;
    while (moved < limit && this.segmentCost[WINDOW]! > this.windowMax) {
      const slot = lists.tail(WINDOW);
      if (slot < 0) break;
      this.moveSegment(slot, WINDOW, PROBATION);
      moved++;
    }
    return moved;
  }

  /** Moves protected overflow (LRU first) back to probation's MRU end. */
  private demoteProtected(): void {
    while (this.segmentCost[PROTECTED]! > this.protectedMax) {
      const slot = this.lists.tail(PROTECTED);
      if (slot < 0) break;
      this.moveSegment(slot, PROTECTED, PROBATION);
    }
  }

  private moveSegment(slot: number, from: number, to: number): void {
    const cost = this.costOf(slot);
    this.lists.unlink(slot);
    this.lists.pushHead(slot, to);
    this.segmentCost[from]! -= cost;
    this.segmentCost[to]! += cost;
  }

  /** TinyLFU's test (tinylfu-admission.ts): does the candidate deserve the victim's place? */
  private admit(candidate: number, victim: number): boolean {
    const k = this.kernels;
    // One WebAssembly call drains the buffered accesses and estimates both; the victim's
    // estimate is reused while neither the victim nor the sketch changed (several candidates
    // may face one victim in a round; any record since resets estimatedSlot).
    let candidateFrequency: number;
    let victimFrequency: number;
    if (victim === this.estimatedSlot) {
      candidateFrequency = k.estimates(candidate, -1);
      victimFrequency = this.estimate;
    } else {
      const both = k.estimates(candidate, victim);
      candidateFrequency = both & 255;
      victimFrequency = this.estimate = both >>> 8;
      this.estimatedSlot = victim;
    }
    this.judged = candidate;
    return admits(candidateFrequency, victimFrequency, this);
  }

  /** The warm admission's random draw (xorshift32; RandomSource in tinylfu-admission.ts). */
  draw(): number {
    let x = this.random;
    if (x === 0) x = this.kernels.hashLo(this.judged) | 1;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (this.random = x);
  }

  /** Sizes the window and protected maxima for a budget (the window at its initial share). */
  private resize(maxCost: number): void {
    this.budget = maxCost;
    if (Number.isFinite(maxCost))
      this.setLimits(Math.max(Math.min(1, maxCost), maxCost - Math.floor((1 - this.windowFrac) * maxCost)));
    else this.setShare(this.windowFrac);
  }

  /** The budget changed at run time: keep the window's share; miniatures for the new size. */
  private rescale(): void {
    const maxCost = this.host.maxCost;
    const minis = this.minis;
    if (minis !== undefined && this.budget > 0) {
      // From an unbounded budget the miniatures have no entry count to scale: size them afresh.
      const entries = Number.isFinite(this.budget) ? (minis.entries * maxCost) / this.budget : maxCost;
      this.minis = new MiniatureSimulations(Math.round(entries));
    }
    this.budget = maxCost;
    this.setShare(this.share);
    this.demoteProtected();
  }

  /** Sizes the window at `share` of the budget (any budget, unbounded included). */
  private setShare(share: number): void {
    if (Number.isFinite(this.budget)) {
      this.setLimits(share * this.budget);
      return;
    }
    this.windowMax = Infinity;
    this.protectedMax = Infinity;
    this.share = share;
  }

  /**
   * The window's and protected's maxima for the (finite) budget. Unbounded, nothing is ever
   * evicted: both maxima are unbounded and only the share is kept (see `share`).
   */
  private setLimits(windowMax: number): void {
    this.windowMax = windowMax;
    this.protectedMax = PROTECTED_SHARE * (this.budget - windowMax);
    this.share = windowMax / this.budget;
  }

  /** Like moveSegment, but to the LRU end (entries handed to the window are its oldest). */
  private moveSegmentToTail(slot: number, from: number, to: number): void {
    const cost = this.costOf(slot);
    this.lists.unlink(slot);
    this.lists.pushTail(slot, to);
    this.segmentCost[from]! -= cost;
    this.segmentCost[to]! += cost;
  }
}
