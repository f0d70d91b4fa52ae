// cachekit's LrukCache (v0.4.0), exactly: the `variant: 'cachekit'` of `lru-k`. Two lists: cold
// (fewer than K accesses, in insertion order) and hot (K or more, least recently used last). The
// insert is the first access; get hits and updates count one more, and the K-th moves the entry
// to the hot head, as does every later one. The victim is the cold tail while any entry is cold,
// else the hot tail. No history is kept for keys that leave: a returning key starts over. The
// entry being written is not a candidate while others are. Every operation is O(1).

import type { Policy, PolicyContext } from '../../policy.js';
import { SlotList } from '../structures/slot-list.js';
import { grown } from '../../typed-arrays.js';
import { evictInTurn, reuseNextVictim } from '../machinery/evict-in-turn.js';

const COLD = 0;
const HOT = 1;

export class CachekitLruKPolicy implements Policy {
  readonly name = 'lru-k';
  private readonly lists: SlotList;
  private accesses: Int32Array;

  constructor(
    context: PolicyContext,
    private readonly k: number,
  ) {
    this.lists = new SlotList(context.initialSlots, 2);
    this.accesses = new Int32Array(context.initialSlots);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
    if (n > this.accesses.length) this.accesses = grown(this.accesses, n);
  }

  insert(slot: number): void {
    this.accesses[slot] = 1;
    this.lists.pushHead(slot, this.k <= 1 ? HOT : COLD);
  }

  hit(slot: number): void {
    if (++this.accesses[slot]! >= this.k) this.lists.moveToHead(slot, HOT);
  }

  update(slot: number): void {
    this.hit(slot);
  }

  remove(slot: number): void {
    this.lists.unlink(slot);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return reuseNextVictim(this);
  }

  /** Unlinks and returns the next victim (-1: none): cold's oldest, else hot's; `keep` (being updated) only if it is the last. */
  evictNext(keep: number): number {
    const l = this.lists;
    let victim = l.tail(COLD);
    if (victim < 0 || victim === keep) victim = l.tail(HOT);
    if (victim < 0 || victim === keep) victim = keep;
    if (victim >= 0) l.unlink(victim);
    return victim;
  }

  clear(): void {
    this.lists.clear();
  }
}
