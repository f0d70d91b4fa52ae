// The TTL each entry was given, per slot, kept once some entry has a TTL. The store orders expiry
// by absolute deadlines only; the duration is what restarting an entry's clock needs (touch():
// lru-cache's updateAgeOnGet and updateAgeOnHas) and what info() reports as an entry's age.

import { grown } from '../typed-arrays.js';

export class GivenTtls {
  /** Per slot: the TTL in ms its entry was last given; Infinity for none. */
  private ttls = new Float64Array(0);

  /** Records the TTL `slot`'s entry was given (Infinity: none). */
  set(slot: number, ttl: number): void {
    if (slot >= this.ttls.length) {
      if (ttl === Infinity) return; // unread slots count as Infinity
      this.ttls = grown(this.ttls, Math.max(16, slot + 1, this.ttls.length * 2), Infinity);
    }
    this.ttls[slot] = ttl;
  }

  /** The TTL `slot`'s entry was given (Infinity: none). */
  get(slot: number): number {
    return slot < this.ttls.length ? this.ttls[slot]! : Infinity;
  }
}
