// S3-FIFO (Yang, Zhang, Qiu, Yue, Rashmi, "FIFO queues are all you need for cache eviction",
// SOSP 2023, Algorithm 1): three FIFO queues and a 2-bit saturating frequency per entry.
//   S  small FIFO (smallRatio of the budget, cost units) where new keys enter;
//   M  main FIFO for keys that proved themselves;
//   G  ghost FIFO of keys evicted from S (hashes only; ghostRatio x resident entries).
// A hit sets freq = min(freq + 1, 3): no queue moves, so a hit is one store to a typed array.
// Eviction: while S holds at least its share, S's oldest entry moves to M if it was accessed
// while in S (freq > 0, "accessed at least once"), else it leaves and its key goes to G. Otherwise
// M's oldest entry is reinserted at M's head with freq - 1 while freq > 0, else it leaves. An
// entry moving from S to M starts M with freq 0 (the authors' libCacheSim does this; Algorithm 1
// leaves it open; it measured better here: docs/design-measurements.md, "S3-FIFO"). A new
// key found in G goes straight to M. One-hit wonders therefore leave from S and never disturb M.
// The newcomer is placed after the evictions for it (makeRoom), as the paper evicts before
// inserting. Cost per operation: O(1) amortised (each reinsertion spends a freq unit).
// That is `variant: 'paper'`. The default, `variant: 'cachekit'`, sizes as cachekit's S3FifoCache
// does: S gives way only when it holds more than round(smallRatio x budget), not at least its
// share, and G holds round(ghostRatio x budget) keys (the budget in entries), not a share of the
// resident count. The two measure the same on the shared traces (README, "Differences from
// cachekit"; docs/design-measurements.md), so cachekit's rule is the default.

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../policy.js';
import { hintChoice, hintInteger } from './machinery/hints.js';
import { requireFraction, requireNonNegative } from '../validate.js';
import { definePolicy } from './machinery/define.js';
import { GhostLists } from './structures/ghost-list.js';
import { CostedLists } from './structures/costed-lists.js';
import { grown } from '../typed-arrays.js';

const S = 0;
const M = 1;
const G = 0;
const MAX_FREQ = 3;

class S3FifoPolicy implements Policy {
  readonly name = 's3-fifo';
  private readonly host: PolicyHost;
  private readonly queues: CostedLists;
  private readonly ghosts: GhostLists;
  private freq: Uint8Array;

  constructor(
    context: PolicyContext,
    private readonly smallRatio: number,
    private readonly ghostRatio: number,
    private readonly cachekit: boolean,
  ) {
    this.host = context.host;
    this.queues = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 1);
    this.freq = new Uint8Array(context.initialSlots);
  }

  reserve(n: number): void {
    this.queues.reserve(n);
    if (n > this.freq.length) this.freq = grown(this.freq, n);
  }

  insert(slot: number): void {
    this.place(slot, this.host.costOf(slot), this.queueFor(slot));
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    // Looked up before the evictions, whose ghosts may push the newcomer's out of G.
    const queue = incoming >= 0 ? this.queueFor(incoming) : S;
    // The newcomer counts in the resident entries G's size is a share of.
    const sizeExtra = incoming >= 0 ? 1 : 0;
    for (;;) {
      const victim = this.evictNext(sizeExtra);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.place(incoming, cost, queue);
  }

  /** A newcomer's queue: M if G remembers its key (which it then forgets), else S. */
  private queueFor(slot: number): number {
    const k = this.host.kernels!;
    const node = this.ghosts.find(k.hashLo(slot), k.hashHi(slot));
    if (node < 0) return S;
    this.ghosts.remove(node);
    return M;
  }

  private place(slot: number, cost: number, queue: number): void {
    this.queues.setCost(slot, cost);
    this.freq[slot] = 0;
    this.queues.pushHead(slot, queue);
  }

  hit(slot: number): void {
    const f = this.freq[slot]!;
    if (f < MAX_FREQ) this.freq[slot] = f + 1;
  }

  update(slot: number): void {
    this.queues.setCost(slot, this.host.costOf(slot));
    this.hit(slot);
  }

  remove(slot: number): void {
    this.queues.unlink(slot);
  }

  /** Unlinks and returns the next victim (-1: nothing resident), moving and reinserting entries on the way. */
  private evictNext(sizeExtra: number): number {
    const c = this.queues;
    const q = c.lists;
    for (;;) {
      const inS = q.length(S);
      if (inS > 0 && (this.smallIsOver() || q.length(M) === 0)) {
        const t = q.tail(S);
        c.unlink(t);
        if (this.freq[t]! > 0) {
          this.freq[t] = 0; // as the authors' libCacheSim: M counts accesses made in M
          c.pushHead(t, M);
          continue;
        }
        const cap = this.cachekit
          ? Math.round(this.ghostRatio * Math.floor(this.host.maxCost))
          : Math.floor(this.ghostRatio * (this.host.size - 1 + sizeExtra));
        if (cap > 0) {
          this.ghosts.pushSlot(G, t);
          while (this.ghosts.length(G) > cap) this.ghosts.dropOldest(G);
        }
        return t;
      }
      const t = q.tail(M);
      if (t < 0) break;
      const f = this.freq[t]!;
      if (f > 0) {
        this.freq[t] = f - 1;
        c.moveToHead(t, M);
        continue;
      }
      c.unlink(t);
      return t;
    }
    return -1;
  }

  clear(): void {
    this.queues.clear();
    this.ghosts.clear();
  }

  /**
   * dump()'s notes: `queue` ('small' or 'main'), `freq` (0 to 3) and `at`, the place in the queue
   * counted from its oldest end (0). An eviction may move an entry from small to main and
   * reinsert main's, so the place in the dump's order alone does not give the queues back.
   */
  hints(slots: readonly number[]): PolicyHint[] {
    const c = this.queues;
    const q = c.lists;
    const at = new Map<number, number>();
    for (const list of [S, M]) {
      let n = 0;
      for (let slot = q.tail(list); slot >= 0; slot = q.newer(slot)) at.set(slot, n++);
    }
    return slots.map((slot) => ({
      name: 's3-fifo',
      queue: q.owner[slot] === M ? 'main' : 'small',
      freq: this.freq[slot]!,
      at: at.get(slot)!,
    }));
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'queue', ['small', 'main']);
    hintInteger(hint, where, 'freq', 0, MAX_FREQ);
    hintInteger(hint, where, 'at', 0);
  }

  /**
   * load(): each slot in its queue (small without a note) at its noted place (the given order
   * without one), with its frequency (0 without), so a whole dump gives its queues back.
   */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    const order = slots.map((_, i) => i);
    const place = (i: number) => (hints[i]?.at as number | undefined) ?? Infinity;
    order.sort((a, b) => place(a) - place(b) || a - b);
    for (const i of order) this.freq[slots[i]!] = (hints[i]?.freq as number | undefined) ?? 0;
    this.queues.restore(
      order.map((i) => slots[i]!),
      (j) => (hints[order[j]!]?.queue === 'main' ? M : S),
      (slot) => this.host.costOf(slot),
    );
  }

  /** Whether S must give way: at least its share (the paper), or more than its rounded size (cachekit). */
  private smallIsOver(): boolean {
    const small = this.queues.total(S);
    const maxCost = this.host.maxCost;
    return this.cachekit
      ? small > Math.round(this.smallRatio * Math.floor(maxCost))
      : small >= this.smallRatio * maxCost;
  }
}

/** S3-FIFO (Yang et al.): a small FIFO filters one-hit wonders before the main FIFO, with a ghost queue. */
export const s3Fifo = /* @__PURE__ */ definePolicy({
  name: 's3-fifo',
  defaults: {
    /** Share of the budget for the small FIFO (default 0.1). */
    smallRatio: 0.1,
    /** Ghost entries kept, as a share of the resident entries (default 0.9). */
    ghostRatio: 0.9,
    /**
     * 'cachekit' (default): S gives way above round(smallRatio x entries), G holds
     * round(ghostRatio x entries). 'paper': S gives way at its share, G sized by the resident count.
     */
    variant: ['cachekit', 'paper'],
  },
  check: (o) => {
    requireFraction('policy.smallRatio', o.smallRatio);
    requireNonNegative('policy.ghostRatio', o.ghostRatio);
  },
  requirements: () => ({ hashes: true, misses: false }),
  create: (context, o) => new S3FifoPolicy(context, o.smallRatio, o.ghostRatio, o.variant === 'cachekit'),
});
