// MRU: evict the most recently used entry (good for cyclic scans larger than the cache).
// LRU's recency list (LruPolicy), evicting from the head instead. The slot being inserted or
// updated is not a candidate, else every newcomer would evict itself. Every operation is O(1).

import { definePolicy } from './define.js';
import { LruPolicy } from './lru.js';

class MruPolicy extends LruPolicy {
  override evict(incoming: number): number {
    let victim = this.list.head();
    if (victim === incoming && this.list.length() > 1) victim = this.list.older(victim);
    if (victim >= 0) this.list.unlink(victim);
    return victim;
  }
}

export const mru = definePolicy({
  name: 'mru',
  defaults: {},
  create: (context) => new MruPolicy(context, 'mru'),
});
