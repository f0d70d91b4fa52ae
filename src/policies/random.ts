// Random: evict a resident chosen uniformly at random. Residents sit in a dense array with
// swap-remove (pos maps slot -> index), so insert, remove and eviction are O(1). The generator is
// xorshift32 (Marsaglia 2003) seeded from a fixed constant mixed with the initial slot count:
// deterministic, and no random values are drawn at construction (Workers forbid them at global
// scope, where a cache may be built). clear() restarts the sequence. peekVictim() and coldest()
// read the generator's next numbers on a copy of the policy (machinery/fork.ts): only evictions draw them,
// so the key peekVictim() names is the one evictOne() (or the next set() of a new key) removes.

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { grown } from '../typed-arrays.js';
import { placeThenEvictInTurn } from './machinery/evict-in-turn.js';

class RandomPolicy implements Policy {
  readonly name = 'random';
  private dense: Int32Array;
  private pos: Int32Array;
  private count = 0;
  private readonly seed: number;
  private state: number;

  constructor(context: PolicyContext) {
    this.dense = new Int32Array(context.initialSlots);
    this.pos = new Int32Array(context.initialSlots).fill(-1);
    // Any nonzero 32-bit state works; the multiply spreads the slot count over all bits.
    this.seed = Math.imul(context.initialSlots ^ 0x2545f491, 0x9e3779b1) >>> 0 || 1;
    this.state = this.seed;
  }

  reserve(n: number): void {
    if (n <= this.pos.length) return;
    this.dense = grown(this.dense, n);
    this.pos = grown(this.pos, n, -1);
  }

  insert(slot: number): void {
    this.pos[slot] = this.count;
    this.dense[this.count++] = slot;
  }

  hit(): void {}

  update(): void {}

  remove(slot: number): void {
    const i = this.pos[slot]!;
    if (i < 0) return;
    const last = this.dense[--this.count]!;
    this.dense[i] = last;
    this.pos[last] = i;
    this.pos[slot] = -1;
  }

  // The newcomer joins the dense array before the draws, so that each victim's place goes to the
  // array's last resident, as it always has: the draws (and so the victims) depend on that order.
  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    placeThenEvictInTurn(this, incoming, onVictim, keep);
  }

  /** Draws the next victim, other than `spared` while others remain; removes and returns it (-1: none). */
  evictNext(spared: number): number {
    const n = this.count;
    if (n === 0) return -1;
    let victim: number;
    if (spared >= 0 && this.pos[spared]! >= 0 && n > 1) {
      // Uniform over the n - 1 others: draw among the first n - 1 positions, and let the
      // position holding `spared` stand for the last one.
      const i = this.next(n - 1);
      victim = this.dense[i]!;
      if (victim === spared) victim = this.dense[n - 1]!;
    } else {
      victim = this.dense[this.next(n)]!;
    }
    this.remove(victim);
    return victim;
  }

  clear(): void {
    this.pos.fill(-1);
    this.count = 0;
    this.state = this.seed;
  }

  /** A uniform integer in [0, n), n <= 2^32. */
  private next(n: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return Math.floor((this.state / 4294967296) * n);
  }
}

/** Random: a uniformly chosen entry leaves. */
export const random = /* @__PURE__ */ definePolicy({
  name: 'random',
  defaults: {},
  create: (context) => new RandomPolicy(context),
});
