// W-TinyLFU (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
// TOS 2017) with an adaptive window sized by miniature simulations (miniature-simulations.ts).
//   - New entries enter a small LRU window. What overflows the window becomes a candidate for
//     the main space, a segmented LRU: probation, then protected (80 % of main) once hit there.
//   - When the cache is over budget, the newest candidate is weighed against probation's LRU
//     victim by their count-min sketch estimates (the WASM sketch, no doorkeeper, as Caffeine);
//     the candidate enters only if strictly more frequent (by two against an established victim:
//     its own admitting access is discounted). A candidate whose frequency is at least
//     ADMIT_WARM is also let in at random 1 time in 128, so that an attacker who makes a victim
//     hot (hash flooding) cannot lock every newcomer out (tinylfu-admission.ts: the constants, why).
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
// Where it runs: the segments, the deferred hits, the admission rule and the eviction round live
// in WebAssembly (assembly/w-tinylfu.ts), so that an insert with its eviction is one call and a
// drain of deferred hits another; this class is their JavaScript face (the Policy contract), and
// it marks hits itself (a load and a store in the arena's memory, inlined into the store's get()).
// The miniature simulations stay here: WebAssembly hands a sampled key's accesses to sampled(),
// synchronously, at the point where they always were handled.
// Cost per operation: O(1) amortized (a hit is a load and a store; applying it later is a list
// move and a sketch record per distinct slot; an eviction compares two sketch estimates); a
// sampled access (1 in 2^k, see miniature-simulations.ts) costs a step in each miniature; a
// window adjustment moves at most QUEUE_TRANSFER entries at once.

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../../policy.js';
import { hintChoice, hintInteger } from '../machinery/hints.js';
import { type Kernels, outOfMemory } from '../../wasm/kernels.js';
import { type Arena, refresh, type Sampler } from '../../wasm/realm.js';
import type { KernelExports } from '../../wasm/kernel-exports.js';
import { requireFraction } from '../../validate.js';
import { MiniatureSimulations, REBUILD_DRIFT } from './miniature-simulations.js';
import { ADMIT_WARM, ESTABLISHED } from './tinylfu-admission.js';
import { COUNT_BITS, MAX_PENDING, STAMP_MAX } from './pending-hits.js';

/** dump()'s names for the segments, by their numbers in WebAssembly (3: in none). */
const SEGMENTS = ['window', 'probation', 'protected'] as const;
/**
 * Deferring hits pays when a batch holds repeated hits: a drain costs about as much per slot as
 * applying one hit at once (the sort, the ring walk), and saves the moves of the repeats. Below
 * this many hits per distinct slot in the last batch, hits are applied at once instead (measured
 * on Zipf 90/10 at 10k entries, where batches are short: docs/design-measurements.md).
 */
const EAGER_BELOW = 2;
/** While hits are applied at once, every this many hits and inserts the next batch is deferred. */
const PROBE_EVERY = 1024;
const COUNT_MASK = (1 << COUNT_BITS) - 1;

export interface WTinyLfuOptions {
  windowFrac: number;
  adaptive: boolean;
}

export class WTinyLfuPolicy implements Policy, Sampler {
  readonly name = 'w-tinylfu';
  private readonly host: PolicyHost;
  private readonly kernels: Kernels;
  private readonly arena: Arena;
  private readonly exports: KernelExports;
  private readonly ctx: number;
  /** The policy's state in the arena's memory (assembly/w-tinylfu.ts's WTinyLfu). */
  private readonly state: number;
  /** Index (in u32) of the per-slot marks and of the ring of marked slots (pending-hits.ts). */
  private marks = 0;
  private ring = 0;
  private ringCapacity = 0;
  /** Slots in the ring, and hits (stamps handed out) since the last drain. */
  private count = 0;
  private hits = 0;
  /** Hits are applied at once (the batches were short, see EAGER_BELOW), not deferred. */
  private eager = false;
  /** Hits and inserts left before the next deferred batch, while eager. */
  private probeIn = 0;
  /** The miniature simulations that size the window (`adaptive`), else undefined. */
  private minis: MiniatureSimulations | undefined;
  /** The budget the window was sized for (a change of maxCost is noticed against it). */
  private budget: number;

  constructor(context: PolicyContext, options: WTinyLfuOptions) {
    const host = (this.host = context.host);
    const kernels = (this.kernels = host.kernels!);
    this.arena = kernels.arena;
    this.exports = kernels.arena.exports;
    this.ctx = kernels.ctx;
    this.budget = host.maxCost;
    try {
      this.state = this.exports.wc(
        this.ctx,
        context.initialSlots,
        options.windowFrac,
        host.maxCost,
        ESTABLISHED,
        ADMIT_WARM,
        MAX_PENDING,
      );
    } catch (error) {
      throw outOfMemory(error);
    }
    this.located();
    // Sized for unit costs until the cache shows its mean cost (sampled()).
    if (options.adaptive) this.setMinis(new MiniatureSimulations(host.maxCost));
  }

  /** Reads where the marks and the ring are (after anything that may have moved them). */
  private located(): void {
    refresh(this.arena);
    const u32 = this.arena.u32;
    const at = this.state >>> 2;
    this.marks = u32[at]! >>> 2;
    this.ring = u32[at + 1]! >>> 2;
    this.ringCapacity = u32[at + 2]!;
  }

  private setMinis(minis: MiniatureSimulations): void {
    this.minis = minis;
    this.exports.wb(this.ctx, this.state, minis.threshold);
  }

  /**
   * `count` accesses of a key in the miniatures' sample (WebAssembly calls this, see the header);
   * returns the window share to move to, or -1.
   */
  sampled(lo: number, count: number, totalCost: number, size: number): number {
    const minis = this.minis!;
    // The miniatures count entries: resize them when the real entry count (budget / mean cost,
    // once the cache is half full) has drifted from what they assumed.
    if (totalCost >= this.budget / 2) {
      const entries = (size * this.budget) / totalCost;
      if (entries > REBUILD_DRIFT * minis.entries || entries * REBUILD_DRIFT < minis.entries) {
        this.setMinis(new MiniatureSimulations(Math.round(entries)));
        return -1;
      }
    }
    return minis.access(lo, count, this.windowShare);
  }

  /** The window's current share of the budget (0..1); moves when `adaptive`. */
  get windowShare(): number {
    return this.exports.wq(this.ctx, this.state);
  }

  reserve(n: number): void {
    try {
      this.exports.wz(this.ctx, this.state, n);
    } catch (error) {
      throw outOfMemory(error);
    } finally {
      this.located();
    }
  }

  insert(slot: number): void {
    const cost = this.host.costOf(slot);
    if (this.host.maxCost !== this.budget) {
      this.take(slot, cost);
      return;
    }
    const count = this.count;
    this.open();
    this.exports.wi(this.ctx, this.state, slot, cost, count, this.hits);
    this.close();
    this.batchEnded(count);
  }

  /**
   * Takes a newcomer into the window's MRU end; returns how many entries the window's overflow
   * moved to probation's MRU end (the candidates for the main space). The newcomer's access
   * counts here, on insert (Caffeine's way), not at the get() miss that usually precedes it: a
   * miss is then a bare Map lookup, with no key hashing.
   */
  private take(slot: number, cost: number): number {
    const count = this.count;
    this.open();
    this.exports.wt(this.ctx, this.state, slot, count, this.hits);
    this.batchEnded(count);
    if (this.host.maxCost !== this.budget) this.rescale();
    const candidates = this.exports.wj(this.ctx, this.state, slot, cost);
    this.close();
    return candidates;
  }

  // The store calls this on every get() hit: deferred, one load and one store (pending-hits.ts).
  hit(slot: number): void {
    if (this.eager) {
      this.hitNow(slot);
      return;
    }
    const u32 = this.arena.u32;
    const at = this.marks + slot;
    const m = u32[at]!;
    const count = (m & COUNT_MASK) + 1;
    const stamp = ++this.hits;
    // count - (count >> 8) saturates at 255 without a branch.
    u32[at] = (stamp << COUNT_BITS) | (count - (count >> COUNT_BITS));
    if (m !== 0) {
      if (stamp === STAMP_MAX) this.drain(true);
      return;
    }
    u32[this.ring + this.count] = slot;
    if (++this.count === this.ringCapacity || stamp === STAMP_MAX) this.drain(true);
  }

  update(slot: number): void {
    // Earlier hits first, so that this move lands after theirs, as it would have.
    const count = this.count;
    this.open();
    this.exports.wu(this.ctx, this.state, slot, this.host.costOf(slot), count, this.hits);
    this.close();
    if (count !== 0) this.batchEnded(count);
  }

  remove(slot: number): void {
    this.exports.wm(this.ctx, this.state, slot);
  }

  /**
   * One eviction round: the newcomer enters the window first (take), and what the window's
   * overflow moved to probation (newest first) is judged against probation's victims from the LRU
   * end; with no candidates left, the window's LRU entry competes (assembly/w-tinylfu.ts,
   * policyRoundNext). The newcomer needs no special case: it sits at the window's MRU end, so it
   * is judged only if the overflow reached it, and then handing it over refused it, which is what
   * admission means. `keep` (an update that grew its cost) needs none either: it may be evicted
   * as any entry.
   */
  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    let victim = this.firstVictim(incoming, cost);
    while (victim >= 0 && onVictim(victim)) victim = this.exports.wn(this.ctx, this.state);
  }

  /** makeRoom() for one newcomer of cost 1, when one victim makes room (Policy.admitOne). */
  admitOne(incoming: number): number {
    return this.firstVictim(incoming, 1);
  }

  /**
   * makeRoom()'s first step: takes `incoming` (-1: none) in and opens the eviction round; returns
   * its first victim, unlinked (-1: none). With the budget as it was, one WebAssembly call.
   */
  private firstVictim(incoming: number, cost: number): number {
    const maxCost = this.host.maxCost;
    if (incoming >= 0 && maxCost === this.budget) {
      const count = this.count;
      this.open();
      const victim = this.exports.wx(this.ctx, this.state, incoming, cost, count, this.hits, maxCost);
      this.close();
      this.batchEnded(count);
      return victim;
    }
    const candidates = incoming >= 0 ? this.take(incoming, cost) : 0;
    // Without an insert first (maxCost lowered, an update that grew a cost), hits may be pending.
    if (this.count !== 0) this.drain(true);
    if (this.host.maxCost !== this.budget) this.rescale();
    this.open();
    const victim = this.exports.wa(this.ctx, this.state, candidates, this.host.maxCost);
    this.close();
    return victim;
  }

  clear(): void {
    this.count = 0;
    this.hits = 0;
    this.eager = false;
    const kernels = this.kernels;
    if (kernels.arena === undefined) return; // closed: the state was freed with the context
    kernels.discard();
    kernels.sketchClear();
    this.budget = this.host.maxCost;
    this.exports.wl(this.ctx, this.state, this.budget);
    this.minis?.clear();
  }

  flush(): void {
    this.drain(false, true);
    this.kernels.flush();
  }

  /**
   * dump()'s note: `segment` ('window', 'probation' or 'protected'), `freq`, the key's frequency
   * estimate in the sketch (0 to 15), and `window`, the window's share of the budget (0 to 1; the
   * same in every entry: the cache's, as the miniature simulations left it).
   */
  hint(slot: number): PolicyHint {
    return {
      name: 'w-tinylfu',
      segment: SEGMENTS[this.exports.wg(this.ctx, this.state, slot)]!,
      freq: this.exports.we(this.ctx, this.state, slot),
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
    if (this.count !== 0) this.drain(true);
    if (this.host.maxCost !== this.budget) this.rescale();
    const exports = this.exports;
    for (const hint of hints) {
      if (hint?.window === undefined) continue;
      // The window's share as the dump's miniatures left it (the last note's); they go on from there.
      exports.ws(this.ctx, this.state, hint.window as number);
    }
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const hint = hints[i];
      const segment = hint === undefined ? 0 : SEGMENTS.indexOf(hint.segment as (typeof SEGMENTS)[number]);
      const records = hint === undefined ? 1 : (hint.freq as number);
      exports.wo(this.ctx, this.state, slot, segment, this.host.costOf(slot), records);
    }
    exports.wp(this.ctx, this.state);
    refresh(this.arena); // the first cost other than 1 takes a table
  }

  /**
   * The eviction order, without changing any decision: WebAssembly runs a round emptying the
   * cache and puts its state back. An eviction round starts by applying the pending hits, so
   * they are applied here first, as that round would apply them.
   */
  victims(): Iterable<number> {
    if (this.count !== 0) this.drain(true);
    const at = this.exports.wv(this.ctx, this.state, this.host.maxCost) >>> 2;
    refresh(this.arena);
    const n = this.exports.wk(this.ctx, this.state);
    return Array.from(this.arena.u32.subarray(at, at + n));
  }

  // ─── internals ──────────────────────────────────────────────────────────────────────

  /** Lets WebAssembly hand sampled accesses to this policy's miniatures during the next call. */
  private open(): void {
    if (this.minis !== undefined) this.arena.sampler = this;
  }

  /**
   * Ends a call opened with open(): the arena holds no policy between calls. Every such call may
   * have grown memory (a drain's radix buffer, the first cost other than 1), so the arena's view
   * is renewed here.
   */
  private close(): void {
    this.arena.sampler = undefined;
    refresh(this.arena);
  }

  /**
   * A call just applied `count` pending slots (the ring, emptied now) with an insert or an
   * update: the batch of reads ended, so choose how the next hits are applied (EAGER_BELOW).
   * With nothing pending, an insert counts toward the next deferred batch instead.
   */
  private batchEnded(count: number): void {
    if (count !== 0) {
      this.chooseWay(count, this.hits);
      this.count = 0;
      this.hits = 0;
    } else if (this.eager && --this.probeIn === 0) {
      this.eager = false;
    }
  }

  /** At the end of a batch of `hits` hits on `count` slots: how the next hits are applied (EAGER_BELOW). */
  private chooseWay(count: number, hits: number): void {
    this.eager = hits < EAGER_BELOW * count;
    this.probeIn = PROBE_EVERY;
  }

  /**
   * Applies the pending hits (`andBufferedAccesses`: and records the accesses buffered for the
   * sketch, flush()): each hit slot's count goes to the sketch and the slot moves as a
   * hit moves it, once, in order of last hit, and sampled keys' hits go to the miniatures. At the
   * end of a batch of reads (a write or eviction, a full ring; not flush()), chooses how the next
   * hits are applied (EAGER_BELOW).
   */
  private drain(batchEnds: boolean, andBufferedAccesses = false): void {
    const count = this.count;
    const hits = this.hits;
    this.count = 0;
    this.hits = 0;
    this.open();
    // flush(): the accesses WebAssembly buffered for the sketch are recorded too.
    if (andBufferedAccesses) this.exports.wf(this.ctx, this.state, count, hits);
    else this.exports.wd(this.ctx, this.state, count, hits);
    this.close();
    if (batchEnds) this.chooseWay(count, hits);
  }

  /** A hit applied at once (while batches are short): as a drain would apply it. */
  private hitNow(slot: number): void {
    if (--this.probeIn === 0) this.eager = false;
    if (this.exports.wh(this.ctx, this.state, slot) !== 0) {
      this.open();
      this.exports.wS(this.ctx, this.state, slot, 1);
      this.close();
    }
  }

  /** The budget changed at run time: keep the window's share; miniatures for the new size. */
  private rescale(): void {
    const maxCost = this.host.maxCost;
    const minis = this.minis;
    if (minis !== undefined && this.budget > 0) {
      // From an unbounded budget the miniatures have no entry count to scale: size them afresh.
      const entries = Number.isFinite(this.budget) ? (minis.entries * maxCost) / this.budget : maxCost;
      this.setMinis(new MiniatureSimulations(Math.round(entries)));
    }
    this.budget = maxCost;
    this.exports.wr(this.ctx, this.state, maxCost);
  }
}
