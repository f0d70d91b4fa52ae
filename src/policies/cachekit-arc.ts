// cachekit's ARCCore (v0.4.0), exactly: the `variant: 'cachekit'` of `arc`. T1/T2/B1/B2 as in
// the paper, with cachekit's rules where they differ, all counted in entries:
//   - p starts at floor(cap / 2), not 0, and adapts by exactly 1 (B1 hit +1, at most cap; B2
//     hit -1, at least 0): cachekit's ratio formula can only ever produce 1.
//   - B1 and B2 are LRU lists of at most cap keys each.
//   - A full miss: if |T1| + |B1| >= cap, the B1 LRU is dropped (if any; the paper would discard
//     T1's LRU unghosted); else the B2 LRU is dropped when |T1|+|T2|+|B1|+|B2| >= 2 cap. Then
//     REPLACE if the cache is full, and the newcomer goes to T1's head.
//   - A ghost hit adapts p, leaves its ghost list, REPLACEs if full (the B2 tie rule only for a
//     B2 hit) and enters T2's head. Hits and updates move an entry to T2's head.
//   - REPLACE: T1's LRU to B1 if |T1| > 0 and (|T1| > p or (|T1| = p and a B2 hit)); else T2's
//     LRU to B2 if T2 is not empty; else T1's LRU to B1.
// Removal leaves no ghost. The newcomer is placed after REPLACE (makeRoom), as cachekit replaces
// first. Every operation is O(1).

import type { Policy, PolicyContext, PolicyHint, PolicyHost } from '../policy.js';
import { arcNote, checkArcNote, restoreArc } from './arc-notes.js';
import { GhostLists } from './ghost-list.js';
import { CostedLists } from './costed-lists.js';

const T1 = 0;
const T2 = 1;
const B1 = 0;
const B2 = 1;

export class CachekitArcPolicy implements Policy {
  readonly name = 'arc';
  private readonly host: PolicyHost;
  private readonly lists: CostedLists;
  private readonly ghosts: GhostLists;
  private p: number;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.lists = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.p = Math.floor(this.capacity() / 2);
  }

  reserve(n: number): void {
    this.lists.reserve(n);
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

  /**
   * A newcomer before REPLACE: a ghost hit adapts p and leaves its ghost list; a full miss trims
   * the ghost lists. Returns the ghost list it was found in (-1: none).
   */
  private arrive(slot: number): number {
    const k = this.host.kernels!;
    const g = this.ghosts;
    const cap = this.capacity();
    const node = g.find(k.hashLo(slot), k.hashHi(slot));
    if (node >= 0) {
      const ghost = g.listOf(node);
      this.p = ghost === B2 ? Math.max(this.p - 1, 0) : Math.min(this.p + 1, cap);
      g.remove(node);
      return ghost;
    }
    const c = this.lists;
    const t1 = c.lists.length(T1);
    if (t1 + g.length(B1) >= cap) {
      if (g.length(B1) > 0) g.dropOldest(B1);
    } else if (t1 + c.lists.length(T2) + g.length(B1) + g.length(B2) >= 2 * cap && g.length(B2) > 0) {
      g.dropOldest(B2);
    }
    return -1;
  }

  /** Places a newcomer: T2's head after a ghost hit, else T1's. */
  private place(slot: number, cost: number, ghost: number): void {
    this.lists.setCost(slot, cost);
    this.lists.pushHead(slot, ghost < 0 ? T1 : T2);
  }

  hit(slot: number): void {
    this.lists.moveToHead(slot, T2);
  }

  update(slot: number): void {
    this.lists.setCost(slot, this.host.costOf(slot));
    this.hit(slot);
  }

  remove(slot: number): void {
    this.lists.unlink(slot);
  }

  /** REPLACE: unlinks the victim, records its ghost and returns it (-1: nothing resident); `fromB2`, the B2 tie rule. */
  private replace(fromB2: boolean): number {
    const c = this.lists;
    const n1 = c.lists.length(T1);
    const n2 = c.lists.length(T2);
    if (n1 === 0 && n2 === 0) return -1;
    const fromT1 = n1 > 0 && (n1 > this.p || (n1 === this.p && fromB2) || n2 === 0);
    const victim = c.lists.tail(fromT1 ? T1 : T2);
    c.unlink(victim);
    const ghost = fromT1 ? B1 : B2;
    this.ghosts.pushSlot(ghost, victim);
    if (this.ghosts.length(ghost) > this.capacity()) this.ghosts.dropOldest(ghost);
    return victim;
  }

  /** dump()'s note (arc-notes.ts): the entry's list, and the target p. */
  hint(slot: number): PolicyHint {
    return arcNote(this.lists, slot, this.p);
  }

  checkHint(hint: PolicyHint, where: string): void {
    checkArcNote(hint, where);
  }

  /** load(): each slot in its list, in the given order, and the notes' target (arc-notes.ts). */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    const target = restoreArc(this.lists, slots, hints, (slot) => this.host.costOf(slot));
    if (target !== undefined) this.p = Math.min(target, this.capacity());
  }

  clear(): void {
    this.lists.clear();
    this.ghosts.clear();
    this.p = Math.floor(this.capacity() / 2);
  }

  /** The budget in entries (cachekit's capacity). */
  private capacity(): number {
    return Math.max(1, Math.floor(this.host.maxCost));
  }
}
