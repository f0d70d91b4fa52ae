// The contract between the store (src/cache.ts) and an eviction policy. Policies see only
// integer slots and their hashes, never values (keys only to break ties as cachekit does, see
// PolicyHost.keyOf), so TTL, cost accounting, metrics, callbacks, iteration and errors are
// written once in the store and every policy gets them.
//
// Life of a slot, as the store drives it:
//   insert(slot)            a new entry was stored (its cost is already counted)
//   hit(slot)               get() found it
//   update(slot)            set() replaced its value (its cost may have changed)
//   remove(slot)            it left for a reason the policy did not choose: delete, expiry
//   evict(incoming)         the store is over budget: the policy picks a resident slot, unlinks
//                           it from its own structures (recording a ghost if it keeps any) and
//                           returns it; returning `incoming` (the slot being inserted) means
//                           admission refused the newcomer. The store calls evict() until the
//                           total cost fits, so costs other than 1 work in every policy.
//   clear()                 forget everything (and every ghost)
// A slot id is reused after it leaves, so per-slot arrays must be reset in insert().
//
// Inspection and persistence (cache.peekVictim, evictOne, coldest, hottest, dump, load) use three
// optional members, none of which the hot path calls:
//   victims(resident)       the resident slots in the order repeated evict(-1) calls would return
//                           them, without changing any decision. Absent (the usual case), the
//                           store simulates it: policies/fork.ts copies the policy's state and
//                           runs the copy's own evict(-1), so every policy's answer is its real
//                           rule. Only a policy whose state the copy cannot reach (tinylfu: its
//                           sampler lives in WebAssembly) defines it.
//   peek()                  the first of victims(), where a structure gives it at once (a list's
//                           end, a heap's top), so that peekVictim() need not copy the policy.
//   hint(s) / checkHint     a JSON-serializable note of the slot's state beyond its place in that
//                           order (segment, reference bit, frequency), put in dump()'s entries
//                           as `policy: { name, ... }`; checkHint validates a loaded one.
//   restore(slots, hints)   load(): the store has filled `slots` (given next victim first) and
//                           the policy takes them in, so that, in an empty cache, victims()
//                           gives that order back. Absent: insert() each in that order.

import type { Kernels } from './wasm/kernels.js';

/** What a policy may read from the store. */
export interface PolicyHost {
  /** The budget; may change at run time (the store then calls evict() until the cost fits). */
  readonly maxCost: number;
  /** The summed cost of resident entries. */
  readonly totalCost: number;
  /** Resident entries. */
  readonly size: number;
  /** A resident slot's cost. */
  costOf(slot: number): number;
  /**
   * A resident slot's key, for the rules that break ties by comparing keys (cachekit's heap-lfu
   * and mfu: see policies/key-order.ts). No other policy reads keys.
   */
  keyOf(slot: number): unknown;
  /**
   * The WebAssembly kernels (sketch, slot hashes, hash index); present when the policy's
   * `requirements.hashes` is true. Slot hashes: `kernels.hashLo(slot)`, `kernels.hashHi(slot)`.
   */
  readonly kernels: Kernels | undefined;
}

/** What a policy needs from the store; fixed for the policy's lifetime. */
export interface PolicyRequirements {
  /** Keys are hashed on insert and the hash kept per slot in the kernels (sketch or ghosts). */
  hashes: boolean;
  /** Misses are hashed and passed to miss() (frequency sketches count every access). */
  misses: boolean;
  /** The frequency sketch to set up, if the policy uses one. */
  sketch?: { numCounters: number; sampleSize: number; doorkeeper: boolean };
}

export interface Policy {
  /** The policy's name as given in `POLICIES`. */
  readonly name: string;
  /** Makes per-slot arrays addressable for slot ids below n. Called before such slots appear. */
  reserve(n: number): void;
  insert(slot: number): void;
  hit(slot: number): void;
  /** A miss for a key that is not resident; only called when requirements.misses. */
  miss(hashLo: number, hashHi: number): void;
  update(slot: number): void;
  remove(slot: number): void;
  /** See the header. Returns -1 only when nothing is resident. */
  evict(incoming: number): number;
  clear(): void;
  /** Applies buffered work (cache.flush()). */
  flush(): void;

  /**
   * Optional (see the header): resident slots in eviction order, next victim first, as repeated
   * evict(-1) calls would return them; `resident` lists every resident slot. Must not change
   * what the policy decides later.
   */
  victims?(resident: readonly number[]): Iterable<number>;
  /**
   * Optional fast path for peekVictim(): the slot evict(-1) would return now (-1: none), in O(1)
   * or so, where the structure gives it directly (a list's end, a heap's top). Must agree with
   * the first of victims().
   */
  peek?(): number;
  /** Optional: a resident slot's state beyond its place in victims(), JSON-serializable. */
  hint?(slot: number): PolicyHint;
  /** Optional, instead of hint(): the notes of many slots at once (when a note needs a pass over a list). */
  hints?(slots: readonly number[]): PolicyHint[];
  /** Optional: throws a TypeError or RangeError naming `where` unless `hint` is one hint() could give. */
  checkHint?(hint: PolicyHint, where: string): void;
  /**
   * Optional: evictOne() is an eviction round of its own, as each write's evictions are; a
   * policy whose evict() carries state from call to call within a round (w-tinylfu's candidates)
   * starts afresh here, as a write would make it.
   */
  newRound?(): void;
  /** Optional: takes in slots the store filled for load() (see the header); hints checked, or undefined. */
  restore?(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void;
}

/**
 * A policy's note on one entry in dump(): `name` is the policy's; the rest is the policy's own
 * (each policy's hint() says what). Plain data: numbers and strings.
 */
export interface PolicyHint {
  name: string;
  [field: string]: string | number;
}

/** Everything a policy factory receives. */
export interface PolicyContext {
  host: PolicyHost;
  /** The store's initial slot capacity (reserve() follows as it grows). */
  initialSlots: number;
}
