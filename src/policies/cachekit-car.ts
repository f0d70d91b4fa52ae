// cachekit's CARCore (v0.4.0), exactly: the `variant: 'cachekit'` of `car`. The paper's two clocks
// (recent T1, frequent T2, a reference bit each) and ghost lists B1/B2, with cachekit's rules
// where they differ, all counted in entries:
//   - the target for T1 starts at floor(cap / 2); a B1 hit grows it by max(1, floor(|B2|/|B1|))
//     (at most cap), a B2 hit shrinks it by max(1, floor(|B1|/|B2|)) (at least 0), with the
//     ghost lengths before the hit key leaves;
//   - no directory trimming on a full miss: each ghost list is an LRU of at most cap keys;
//   - replace takes at most 2 cap + 1 hand steps, on T1 while |T1| > 0 and (|T1| > target or
//     (|T1| = target and the newcomer was a B2 hit)), else on T2 (or T1 if T2 is empty).
// Newcomers enter T1 (ghost hits T2) just behind its hand, unreferenced; hits and updates set
// the bit; removal leaves no ghost. A clock is a SlotList whose tail is the hand (as in car.ts).
// The newcomer is placed after replace (makeRoom), as cachekit replaces first. O(1) amortised.

import type { Policy, PolicyContext, PolicyHost } from '../policy.js';
import { GhostLists } from './ghost-list.js';
import { CostedLists } from './costed-lists.js';
import { grown } from '../typed-arrays.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

export class CachekitCarPolicy implements Policy {
  readonly name = 'car';
  private readonly host: PolicyHost;
  private readonly clocks: CostedLists;
  private readonly ghosts: GhostLists;
  private referenced: Uint8Array;
  private p: number;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.clocks = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.referenced = new Uint8Array(context.initialSlots);
    this.p = Math.floor(this.capacity() / 2);
  }

  reserve(n: number): void {
    this.clocks.reserve(n);
    if (n > this.referenced.length) this.referenced = grown(this.referenced, n);
  }

  insert(slot: number): void {
    this.place(slot, this.host.costOf(slot), this.arrive(slot));
  }

  makeRoom(incoming: number, cost: number, onVictim: (slot: number) => boolean, _keep: number): void {
    const ghost = incoming >= 0 ? this.arrive(incoming) : -1;
    for (;;) {
      const victim = this.replace(ghost === B2);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.place(incoming, cost, ghost);
  }

  /** A newcomer found in a ghost list adapts p and leaves it; returns that list (-1: none). */
  private arrive(slot: number): number {
    const k = this.host.kernels!;
    const g = this.ghosts;
    const node = g.find(k.hashLo(slot), k.hashHi(slot));
    if (node < 0) return -1;
    const ghost = g.listOf(node);
    const b1 = g.length(B1);
    const b2 = g.length(B2);
    this.p =
      ghost === B2
        ? Math.max(this.p - Math.max(1, Math.floor(b1 / b2)), 0)
        : Math.min(this.p + Math.max(1, Math.floor(b2 / b1)), this.capacity());
    g.remove(node);
    return ghost;
  }

  /** Places a newcomer, its bit clear: T2 after a ghost hit, else T1. */
  private place(slot: number, cost: number, ghost: number): void {
    this.clocks.setCost(slot, cost);
    this.referenced[slot] = 0;
    this.clocks.pushHead(slot, ghost < 0 ? T1 : T2);
  }

  hit(slot: number): void {
    this.referenced[slot] = 1;
  }

  update(slot: number): void {
    this.clocks.setCost(slot, this.host.costOf(slot));
    this.referenced[slot] = 1;
  }

  remove(slot: number): void {
    this.clocks.unlink(slot);
  }

  /** cachekit's replace: sweeps to a victim, records its ghost and returns it (-1: nothing resident). */
  private replace(fromB2: boolean): number {
    const c = this.clocks;
    const l = c.lists;
    if (l.length(T1) + l.length(T2) === 0) return -1;
    const steps = 2 * this.capacity() + 1;
    for (let step = 0; step < steps; step++) {
      const list = this.handList(fromB2);
      const slot = l.tail(list);
      if (this.referenced[slot] === 0) return this.evictTo(slot, list === T1 ? B1 : B2);
      this.referenced[slot] = 0;
      if (list === T1) {
        c.unlink(slot);
        c.pushHead(slot, T2);
      } else {
        c.moveToHead(slot, T2);
      }
    }
    // Every step found a bit set (more entries than 2 cap + 1, costs below 1): the hand's entry goes.
    const list = this.handList(fromB2);
    return this.evictTo(l.tail(list), list === T1 ? B1 : B2);
  }

  /** The clock replace works on: T1 while over its target (or at it, for a B2 hit), or when T2 is empty. */
  private handList(fromB2: boolean): number {
    const l = this.clocks.lists;
    const n1 = l.length(T1);
    return n1 > 0 && (n1 > this.p || (n1 === this.p && fromB2) || l.length(T2) === 0) ? T1 : T2;
  }

  clear(): void {
    this.clocks.clear();
    this.ghosts.clear();
    this.p = Math.floor(this.capacity() / 2);
  }

  /** The budget in entries (cachekit's capacity). */
  private capacity(): number {
    return Math.max(1, Math.floor(this.host.maxCost));
  }

  private evictTo(slot: number, ghost: number): number {
    this.clocks.unlink(slot);
    this.ghosts.pushSlot(ghost, slot);
    if (this.ghosts.length(ghost) > this.capacity()) this.ghosts.dropOldest(ghost);
    return slot;
  }
}
