// MRU: evict the most recently used entry (good for cyclic scans larger than the cache).
// LRU's recency list (LruPolicy), evicting from the head instead. The newcomer is placed after
// the evictions for it, and a slot being updated is not a candidate while others remain, else
// every write would evict itself. Every operation is O(1).
// As in cachekit's MruCore (the default, `variant: 'cachekit'`) an update leaves the entry where
// it is: only inserts and get hits move an entry to the head. `variant: 'cortado'` moves it on
// updates too (the two measure the same on the traces, which never update: README).

import type { PolicyContext } from '../policy.js';
import { definePolicy } from './machinery/define.js';
import { LruPolicy } from './lru.js';
import { insertNewestFirst } from './machinery/hints.js';

class MruPolicy extends LruPolicy {
  constructor(
    context: PolicyContext,
    private readonly updateMoves: boolean,
  ) {
    super(context, 'mru');
  }

  override update(slot: number): void {
    if (this.updateMoves) this.list.bump(slot);
  }

  override peek(): number {
    return this.list.head();
  }

  /** The head leaves and its newcomer takes the head: the list stays as it is. */
  override reuseVictim(): number {
    return this.list.head();
  }

  protected override next(keep: number): number {
    let victim = this.list.head();
    if (victim === keep && this.list.length() > 1) victim = this.list.older(victim);
    if (victim >= 0) this.list.unlink(victim);
    return victim;
  }

  /** load(): the next victim (the given first) ends at the head. */
  restore(slots: readonly number[]): void {
    insertNewestFirst(this, slots);
  }
}

/** MRU: the most recently used entry leaves. */
export const mru = /* @__PURE__ */ definePolicy({
  name: 'mru',
  defaults: {
    /** 'cachekit' (default): updates leave the entry where it is. 'cortado': they move it to the head, as hits do. */
    variant: ['cachekit', 'cortado'],
  },
  create: (context, o) => new MruPolicy(context, o.variant === 'cortado'),
});
