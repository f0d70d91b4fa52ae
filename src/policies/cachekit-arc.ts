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
// Removal leaves no ghost. The newcomer is held aside (CostedLists.hold) while the store evicts
// for it, since cachekit replaces first. Every operation is O(1).

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
  /** Whether the held newcomer was found in B2 (REPLACE's tie rule). */
  private heldFromB2 = false;

  constructor(context: PolicyContext) {
    this.host = context.host;
    this.lists = new CostedLists(context.initialSlots, 2);
    this.ghosts = new GhostLists(context.host.kernels!, 2);
    this.p = this.startingTarget();
  }

  reserve(n: number): void {
    this.lists.reserve(n);
  }

  insert(slot: number): void {
    const c = this.lists;
    c.settle();
    c.setCost(slot, this.host.costOf(slot));
    const k = this.host.kernels!;
    const g = this.ghosts;
    const cap = this.capacity();
    const node = g.find(k.hashLo(slot), k.hashHi(slot));
    this.heldFromB2 = node >= 0 && g.listOf(node) === B2;
    if (node >= 0) {
      this.p = this.heldFromB2 ? Math.max(this.p - 1, 0) : Math.min(this.p + 1, cap);
      g.remove(node);
      c.hold(slot, T2);
      return;
    }
    const t1 = c.lists.length(T1);
    if (t1 + g.length(B1) >= cap) {
      if (g.length(B1) > 0) g.dropOldest(B1);
    } else if (t1 + c.lists.length(T2) + g.length(B1) + g.length(B2) >= 2 * cap && g.length(B2) > 0) {
      g.dropOldest(B2);
    }
    c.hold(slot, T1);
  }

  hit(slot: number): void {
    this.lists.settle();
    this.lists.moveToHead(slot, T2);
  }

  miss(): void {}

  update(slot: number): void {
    this.lists.settle();
    this.lists.setCost(slot, this.host.costOf(slot));
    this.hit(slot);
  }

  remove(slot: number): void {
    this.lists.remove(slot);
  }

  evict(incoming: number): number {
    const c = this.lists;
    if (c.held !== incoming) c.settle();
    const fromB2 = incoming >= 0 && incoming === c.held && this.heldFromB2;
    const n1 = c.lists.length(T1);
    const n2 = c.lists.length(T2);
    if (n1 === 0 && n2 === 0) {
      c.forget(incoming);
      return incoming >= 0 ? incoming : -1;
    }
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
    this.p = this.startingTarget();
  }

  flush(): void {}

  /**
   * cachekit's starting target, half the capacity. An unbounded cache (maxCost Infinity) starts
   * at 0 instead, as the paper's ARC does: it evicts nothing, so no ghost ever moves the target,
   * and an infinite target would stay infinite after maxCost became finite (and could not be
   * dumped: JSON has no Infinity).
   */
  private startingTarget(): number {
    const capacity = this.capacity();
    return Number.isFinite(capacity) ? Math.floor(capacity / 2) : 0;
  }

  /** The budget in entries (cachekit's capacity). */
  private capacity(): number {
    return Math.max(1, Math.floor(this.host.maxCost));
  }
}
