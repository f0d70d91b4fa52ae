// SIEVE (Zhang, Yang, Yue, Vigfusson, Rashmi, "SIEVE is Simpler than LRU", NSDI 2024): a FIFO
// queue with a visited bit per entry and a hand. New entries go to the head unvisited; a hit
// only sets the bit (no queue movement). To evict, the hand moves from the tail toward the head
// (wrapping to the tail), clearing visited bits, and evicts the first unvisited entry; it then
// rests on that entry's newer neighbour, so survivors keep their place and new entries are
// sifted quickly. The newcomer goes to the head after the evictions for it, the paper's order
// (after evicting the head, the hand restarts at the tail, not on the newcomer). The queue is a SlotList in
// typed arrays: insert, hit, update and remove are O(1), eviction amortised O(1).

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { hintChoice } from './machinery/hints.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';
import { grown } from '../typed-arrays.js';
import { evictInTurn, reuseNextVictim } from './machinery/evict-in-turn.js';

class SievePolicy implements Policy {
  readonly name = 'sieve';
  private readonly queue: SlotList;
  private visited: Uint8Array;
  /** The next slot the hand examines; -1 = start from the tail. */
  private hand = -1;

  constructor(context: PolicyContext) {
    this.queue = new SlotList(context.initialSlots);
    this.visited = new Uint8Array(context.initialSlots);
  }

  reserve(n: number): void {
    this.queue.reserve(n);
    if (n <= this.visited.length) return;
    this.visited = grown(this.visited, n);
  }

  insert(slot: number): void {
    this.visited[slot] = 0;
    this.queue.pushHead(slot);
  }

  hit(slot: number): void {
    this.visited[slot] = 1;
  }

  update(slot: number): void {
    this.visited[slot] = 1;
  }

  remove(slot: number): void {
    if (this.queue.owner[slot]! < 0) return;
    if (this.hand === slot) this.hand = this.queue.newer(slot);
    this.queue.unlink(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return reuseNextVictim(this);
  }

  /** Moves the hand to the next victim, unlinks it and returns it (-1: none). */
  evictNext(keep: number): number {
    const q = this.queue;
    if (q.length() === 0) return -1;
    let h: number;
    if (q.length() === 1) {
      h = q.head();
    } else {
      // An updated slot being written is passed over (bit untouched) while others remain; after
      // one turn every other bit is clear, so the loop ends.
      h = this.hand >= 0 ? this.hand : q.tail();
      while (this.visited[h] === 1 || h === keep) {
        if (h !== keep) this.visited[h] = 0;
        h = q.newer(h);
        if (h < 0) h = q.tail();
      }
    }
    this.hand = q.newer(h);
    q.unlink(h);
    return h;
  }

  clear(): void {
    this.queue.clear();
    this.hand = -1;
  }

  /** dump()'s note: `visited`, the visited bit (0 or 1). */
  hint(slot: number): PolicyHint {
    return { name: 'sieve', visited: this.visited[slot]! };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintChoice(hint, where, 'visited', [0, 1]);
  }

  /**
   * load(): queued oldest first in the given order, with their bits, the hand back at the tail.
   * victims() gives every unvisited slot from the hand, then every visited one, so an empty
   * cache gives that order back.
   */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    for (let i = 0; i < slots.length; i++) {
      this.insert(slots[i]!);
      this.visited[slots[i]!] = hints[i]?.visited === 1 ? 1 : 0;
    }
    if (this.queue.length() === slots.length) this.hand = -1;
  }
}

/** SIEVE (Zhang et al.): a FIFO with a visited bit and a hand that spares visited entries. */
export const sieve = /* @__PURE__ */ definePolicy({
  name: 'sieve',
  defaults: {},
  create: (context) => new SievePolicy(context),
});
