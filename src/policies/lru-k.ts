// LRU-K (O'Neil, O'Neil, Weikum, "The LRU-K page replacement algorithm for database disk
// buffering", SIGMOD 1993): evict the entry whose K-th most recent reference is oldest (the
// largest backward K-distance). Entries with fewer than K references have an infinite distance
// and go first, least recently used first (the paper's subsidiary policy). The reference history
// of evicted keys is retained (the paper's Retained Information Period), so a key that returns
// keeps its history: ghost records found by key hash in the WebAssembly hash index, as many as
// the store has slots (a small multiple of the peak resident count), the oldest overwritten
// first. A longer retention bought little (docs/design-measurements.md, "LRU-K's retained
// history"). Every get(), set() or update is one reference (no
// Correlated Reference Period). Time is a reference counter.
//
// Structures: entries with fewer than K references sit in an LRU list (O(1)); the others in an
// indexed min-heap keyed by their K-th most recent reference time (O(log n) per reference and
// eviction). Each reference also shifts a K-long history: O(K).
// `variant: 'cachekit'` is cachekit's LrukCache instead (cachekit/lru-k.ts): hot entries in plain
// LRU order, cold ones in insertion order, no retained history.

import type { Policy, PolicyContext } from '../policy.js';
import type { Kernels } from '../wasm/kernels.js';
import { requireInteger } from '../validate.js';
import { definePolicy } from './machinery/define.js';
import { SlotHeap } from './structures/slot-heap.js';
import { SlotList } from './structures/slot-list.js';
import { grown } from '../typed-arrays.js';
import { CachekitLruKPolicy } from './cachekit/lru-k.js';
import { placeThenEvictInTurn } from './machinery/evict-in-turn.js';

/** The largest K accepted: each slot and ghost keeps K reference times. */
const MAX_K = 64;

class LruKPolicy implements Policy {
  readonly name = 'lru-k';
  private readonly kernels: Kernels;
  private readonly k: number;
  private tick = 0;
  /** Per slot, K reference times, most recent first (slot * K + i). */
  private history: Float64Array;
  /** Per slot, the references recorded (at most K). */
  private refs: Int32Array;
  /** Slots with fewer than K references, most recently referenced at the head. */
  private readonly young: SlotList;
  /** Slots with K references, least K-th most recent reference time at the top. */
  private readonly mature: SlotHeap;

  // Ghosts: the history of evicted keys, in a ring of records written oldest-first.
  private ghostLo: Uint32Array;
  private ghostHi: Uint32Array;
  /** References per ghost record; 0 = the record is free. */
  private ghostRefs: Int32Array;
  private ghostHistory: Float64Array;
  private ghostCursor = 0;

  constructor(context: PolicyContext, k: number) {
    this.kernels = context.host.kernels!;
    this.k = k;
    const n = context.initialSlots;
    this.history = new Float64Array(n * k);
    this.refs = new Int32Array(n);
    this.young = new SlotList(n);
    this.mature = new SlotHeap(n, (a, b) => this.history[a * k + k - 1]! < this.history[b * k + k - 1]!);
    this.ghostLo = new Uint32Array(n);
    this.ghostHi = new Uint32Array(n);
    this.ghostRefs = new Int32Array(n);
    this.ghostHistory = new Float64Array(n * k);
  }

  reserve(n: number): void {
    if (n <= this.refs.length) return;
    this.history = grown(this.history, n * this.k);
    this.refs = grown(this.refs, n);
    this.young.reserve(n);
    this.mature.reserve(n);
    this.growGhosts(n);
  }

  insert(slot: number): void {
    const k = this.k;
    const lo = this.kernels.hashLo(slot);
    const hi = this.kernels.hashHi(slot);
    const g = this.kernels.indexLookup(lo, hi);
    if (g >= 0) {
      // A returning key: restore its retained history.
      this.refs[slot] = this.ghostRefs[g]!;
      this.history.set(this.ghostHistory.subarray(g * k, g * k + k), slot * k);
      this.kernels.indexRemove(lo, hi);
      this.ghostRefs[g] = 0;
    } else {
      this.refs[slot] = 0;
    }
    this.record(slot);
    if (this.refs[slot]! < k) this.young.pushHead(slot);
    else this.mature.push(slot);
  }

  hit(slot: number): void {
    const wasYoung = this.refs[slot]! < this.k;
    this.record(slot);
    if (!wasYoung) this.mature.fix(slot);
    else if (this.refs[slot]! < this.k) this.young.moveToHead(slot);
    else {
      this.young.unlink(slot);
      this.mature.push(slot);
    }
  }

  update(slot: number): void {
    this.hit(slot);
  }

  remove(slot: number): void {
    if (this.refs[slot]! < this.k) this.young.unlink(slot);
    else this.mature.delete(slot);
  }

  // The newcomer is taken in first, as the paper handles a miss: its retained history is read
  // (and its reference recorded) before the evictions' ghosts may overwrite that record.
  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    placeThenEvictInTurn(this, incoming, onVictim, keep);
  }

  /** Removes the next victim, keeps its history as a ghost and returns it (-1: none); `spared` only if it is the last. */
  evictNext(spared: number): number {
    let victim = this.young.tail();
    if (victim >= 0 && victim === spared) victim = this.young.newer(victim);
    if (victim < 0) victim = this.mature.peekExcluding(spared);
    if (victim < 0) victim = spared; // it is the only entry (or -1: none)
    if (victim < 0) return -1;
    this.remove(victim);
    this.retain(victim);
    return victim;
  }

  clear(): void {
    this.young.clear();
    this.mature.clear();
    this.ghostRefs.fill(0);
    this.ghostCursor = 0;
    this.kernels.indexClear();
    this.tick = 0;
  }

  /** Shifts the slot's history and records a reference now. */
  private record(slot: number): void {
    const k = this.k;
    const at = slot * k;
    this.history.copyWithin(at + 1, at, at + k - 1);
    this.history[at] = ++this.tick;
    if (this.refs[slot]! < k) this.refs[slot]!++;
  }

  /** Keeps an evicted slot's history as a ghost record, replacing the oldest record. */
  private retain(slot: number): void {
    const k = this.k;
    const g = this.ghostCursor;
    this.ghostCursor = (g + 1) % this.ghostRefs.length;
    if (this.ghostRefs[g]! > 0) this.kernels.indexRemove(this.ghostLo[g]!, this.ghostHi[g]!);
    const lo = this.kernels.hashLo(slot);
    const hi = this.kernels.hashHi(slot);
    this.ghostLo[g] = lo;
    this.ghostHi[g] = hi;
    this.ghostRefs[g] = this.refs[slot]!;
    this.ghostHistory.set(this.history.subarray(slot * k, slot * k + k), g * k);
    const previous = this.kernels.indexInsert(lo, hi, g);
    if (previous >= 0 && previous !== g) this.ghostRefs[previous] = 0; // a 64-bit hash collision
  }

  /** Regrows the ghost ring to n records, keeping its records oldest-first from record 0. */
  private growGhosts(n: number): void {
    const k = this.k;
    const old = this.ghostRefs.length;
    const lo = new Uint32Array(n);
    const hi = new Uint32Array(n);
    const refs = new Int32Array(n);
    const history = new Float64Array(n * k);
    let m = 0;
    for (let i = 0; i < old; i++) {
      const g = (this.ghostCursor + i) % old;
      if (this.ghostRefs[g] === 0) continue;
      lo[m] = this.ghostLo[g]!;
      hi[m] = this.ghostHi[g]!;
      refs[m] = this.ghostRefs[g]!;
      history.set(this.ghostHistory.subarray(g * k, g * k + k), m * k);
      this.kernels.indexInsert(lo[m]!, hi[m]!, m);
      m++;
    }
    this.ghostLo = lo;
    this.ghostHi = hi;
    this.ghostRefs = refs;
    this.ghostHistory = history;
    this.ghostCursor = m % n;
  }
}

/** LRU-K (O'Neil et al.): ranks entries by their K-th most recent reference. */
export const lruK = /* @__PURE__ */ definePolicy({
  name: 'lru-k',
  defaults: {
    /** Rank by the K-th most recent reference (default 2). */
    k: 2,
    /**
     * 'paper' (default): O'Neil et al.'s LRU-K, ranked by the K-th most recent reference, with
     * retained history. 'cachekit': cachekit's LrukCache (hot in LRU order, no history).
     */
    variant: ['paper', 'cachekit'],
  },
  check(options) {
    requireInteger('policy.k', options.k, 1, MAX_K);
  },
  requirements: (options) => ({ hashes: options.variant === 'paper', misses: false }),
  create: (context, options) =>
    options.variant === 'cachekit' ? new CachekitLruKPolicy(context, options.k) : new LruKPolicy(context, options.k),
});
