// The contract between the store (src/cache.ts) and an eviction policy. Policies see only
// integer slots and their hashes, never values (keys only to break ties as cachekit does, see
// PolicyHost.keyOf), so TTL, cost accounting, metrics, callbacks, iteration and errors are
// written once in the store and every policy gets them.
//
// Life of a slot, as the store drives it. The policy makes room BEFORE a new entry is placed and
// decides its admission (ristretto's policy.Add): the store asks for room, the policy names its
// victims one by one and takes the newcomer in, and only then is the newcomer stored.
//   insert(slot)            a new entry was stored and fit the budget as it was (cost counted)
//   makeRoom(incoming, cost, onVictim, keep)
//                           the store is over budget, or would be with the newcomer `incoming`
//                           (-1: none, e.g. maxCost was lowered). The policy picks resident slots
//                           in its order, unlinks each from its own structures (recording a ghost
//                           if it keeps any) and hands it to onVictim, which drops it from the
//                           store at once (host.totalCost and host.size fall) and returns whether
//                           more room is needed; it stops when onVictim says no or nothing is
//                           left. Then it takes `incoming` in, as insert() would, with `cost` (its
//                           key and, when requirements.hashes, its hash are set; nothing else is
//                           stored until makeRoom returns, so host.costOf(incoming) is not its cost). Handing `incoming` itself to onVictim refuses it
//                           (admission). A policy may take the newcomer in before evicting when
//                           its rule sees the newcomer among the residents (w-tinylfu's window,
//                           the sampled resident sets of tinylfu and random, lru-k's history).
//                           `keep` is a resident slot being written (an update that grew its
//                           cost; -1: none): not a victim while others remain.
//   hit(slot)               get() found it
//   update(slot)            set() replaced its value (its cost may have changed)
//   remove(slot)            it left for a reason the policy did not choose: delete, expiry
//   clear()                 forget everything (and every ghost)
//   miss?(lo, hi)           a miss, when requirements.misses; flush?() applies buffered work
//   reuseVictim?()          makeRoom()'s first victim, its slot filed as the newcomer's, for
//                           policies that evict before placing and ignore the newcomer: the
//                           store gives the newcomer that slot (see below)
//   admitOne?(incoming)     makeRoom() for a newcomer of cost 1 when one victim makes room, in one
//                           call that returns that victim (or the newcomer, refused), for
//                           policies that weigh the newcomer (see below)
// A slot id is reused after it leaves, so per-slot arrays must be reset when it comes back.
//
// Inspection and persistence (cache.peekVictim, evictOne, coldest, hottest, dump, load) use three
// optional members, none of which the hot path calls:
//   victims(resident)       the resident slots in the order one makeRoom(-1, …) emptying the cache
//                           would evict them, without changing any decision. Absent (the usual
//                           case), the store simulates it: policies/machinery/fork.ts copies the policy's
//                           state and runs the copy's own makeRoom, so every policy's answer is its real
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
  /** The budget; may change at run time (the store then calls makeRoom() until the cost fits). */
  readonly maxCost: number;
  /** The summed cost of resident entries. */
  readonly totalCost: number;
  /** Resident entries. */
  readonly size: number;
  /** A resident slot's cost. */
  costOf(slot: number): number;
  /**
   * A resident slot's key, for the rules that break ties by comparing keys (cachekit's heap-lfu
   * and mfu: see policies/structures/key-order.ts). No other policy reads keys.
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
  /** A new entry that fit the budget as it was (see the header). */
  insert(slot: number): void;
  /**
   * See the header: evicts resident slots, each handed to `onVictim` (which returns whether more
   * room is needed), then takes in the new entry `incoming` costing `cost` (-1 and 0: none);
   * the resident `keep` (-1: none) is passed over while others remain. Handing `incoming` to
   * `onVictim` refuses it.
   */
  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, keep: number): void;
  hit(slot: number): void;
  /** Optional: a miss for a key that is not resident; only called when requirements.misses. */
  miss?(hashLo: number, hashHi: number): void;
  update(slot: number): void;
  remove(slot: number): void;
  clear(): void;
  /** Optional: applies buffered work (cache.flush()). */
  flush?(): void;
  /**
   * Optional, for a policy whose makeRoom() evicts before it places the newcomer and never looks
   * at it (LRU, FIFO, Clock, SLRU…): returns the slot makeRoom() would hand over first (-1: none)
   * and files that same slot as a newly inserted entry, as insert() would. The store then gives a
   * full cache's newcomer of cost 1 that very slot and calls neither onVictim nor insert():
   * lru-cache's one out, one in, with no slot freed and taken and no makeRoom() round. Defining
   * it promises that makeRoom(i, 1, f, -1), when one victim v makes room, leaves the policy as
   * reuseVictim() leaves it with v in place of i, and that no decision depends on which slot id
   * an entry holds. While it runs, the slot's key and hash are still the victim's and the victim
   * still counts in the store's size and total: a policy that reads them as it takes an entry in
   * (ties broken by key, ghosts by hash) must not define it (machinery/evict-in-turn.ts's
   * reuseNextVictim serves the rest; test/one-out-one-in.test.ts holds every policy to this).
   */
  reuseVictim?(): number;

  /**
   * Optional, for a policy whose makeRoom() weighs the newcomer (W-TinyLFU's admission): the
   * newcomer `incoming`, of cost 1, its key and hash set, into a cache that one victim makes room
   * for. Returns what makeRoom(incoming, 1, f, -1) would hand f first, where f answers that no
   * more room is needed: a resident slot, unlinked (the newcomer is then taken in), or `incoming`
   * itself (refused), or -1 (nothing to evict: the newcomer is taken in). The store then stores
   * the newcomer and drops the victim without a makeRoom() round (Cache's plain write path).
   */
  admitOne?(incoming: number): number;

  /**
   * Optional (see the header): resident slots in eviction order, next victim first, as one
   * makeRoom(-1, …) emptying the cache would hand them over; `resident` lists every resident
   * slot. Must not change what the policy decides later.
   */
  victims?(resident: readonly number[]): Iterable<number>;
  /**
   * Optional fast path for peekVictim(): the first slot makeRoom(-1, …) would evict now (-1: none), in O(1)
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
