// LRU: evict the least recently used entry. A doubly linked list of slots in typed arrays;
// every operation is O(1). `fast-lru` is the same implementation: cachekit's FastLRU exists to
// avoid Rust's Arc and hashing overheads, which this design has none of (the store's Map does
// the lookup, the list is two Int32Arrays), so a second copy would only be slower to maintain.

import type { Policy, PolicyContext } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { SlotList } from './structures/slot-list.js';

export class LruPolicy implements Policy {
  protected readonly list: SlotList;

  constructor(
    context: PolicyContext,
    readonly name: string,
  ) {
    this.list = new SlotList(context.initialSlots);
  }

  reserve(n: number): void {
    this.list.reserve(n);
  }

  insert(slot: number): void {
    this.list.pushHead(slot);
  }

  // Every resident slot is in the list (insert() links it; reuseVictim() keeps it linked).
  hit(slot: number): void {
    this.list.bump(slot);
  }

  update(slot: number): void {
    this.list.bump(slot);
  }

  remove(slot: number): void {
    this.list.unlink(slot);
  }

  peek(): number {
    return this.list.tail();
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    for (;;) {
      const victim = this.next(keep);
      if (victim < 0 || !onVictim(victim)) break;
    }
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return this.list.rotateTail();
  }

  /** Unlinks and returns the next victim (-1: none). An updated slot sits at the head: never taken while others remain. */
  protected next(_keep: number): number {
    const victim = this.list.tail();
    if (victim >= 0) this.list.unlink(victim);
    return victim;
  }

  clear(): void {
    this.list.clear();
  }
}

/** LRU itself (not MRU, which shares the list and evicts from its other end). */
class RecencyListPolicy extends LruPolicy {
  /**
   * The list itself, least recent first: the order its own makeRoom() follows, walked without
   * copying the policy (policies/machinery/fork.ts), since cortado/lru-cache iterates it for entries().
   */
  *victims(): Iterable<number> {
    for (let slot = this.list.tail(); slot >= 0; slot = this.list.newer(slot)) yield slot;
  }
}

/** LRU: the least recently used entry leaves. */
export const lru = /* @__PURE__ */ definePolicy({
  name: 'lru',
  defaults: {},
  create: (context) => new RecencyListPolicy(context, 'lru'),
});

/** The same implementation as `lru` (already the fastest measured); the name is cachekit's FastLRU. */
export const fastLru = /* @__PURE__ */ definePolicy({
  name: 'fast-lru',
  defaults: {},
  create: (context) => new RecencyListPolicy(context, 'fast-lru'),
});
