// The cache's counters (stretto's metrics, plus expirations). Plain numbers: in one JS thread
// an increment costs next to nothing, so there are no striped atomics to pay for.

import type { LifeExpectancy, Lifetimes } from './life-expectancy.js';

/** A snapshot of a cache's counters; see Cache.stats(). */
export interface CacheStats {
  /** get() calls that found a live value. */
  hits: number;
  /** get() calls that found nothing (or an expired value). */
  misses: number;
  /** hits / (hits + misses), 0 before any get(). */
  hitRatio: number;
  /** New keys stored. */
  keysAdded: number;
  /** Values replaced by set() / setIfPresent(). */
  keysUpdated: number;
  /** Entries evicted to make room (not expirations). */
  keysEvicted: number;
  /** Entries removed because their TTL ran out. */
  keysExpired: number;
  /** Cost of the new keys stored. */
  costAdded: number;
  /** Cost of the entries evicted to make room. */
  costEvicted: number;
  /** set() calls refused by admission or because cost > maxCost. */
  setsRejected: number;
  /** Always 0: writes are applied synchronously, never dropped (ristretto drops under contention). */
  setsDropped: number;
  /** Accesses recorded in the frequency sketch (policies with a sketch). */
  getsKept: number;
  /** Always 0: the access buffer is lossless. */
  getsDropped: number;
  /** Loads (fetch, getOrSet, refreshes) that returned a value. */
  loadSuccesses: number;
  /** Loads that threw or rejected. */
  loadFailures: number;
  /** Milliseconds spent in loads, successful or not, by the cache's clock. */
  totalLoadTime: number;
  /** Background refreshes started (refreshAfter). */
  refreshes: number;
  /**
   * How long the entries evicted for room had lived, from insertion to eviction, in ms: a
   * histogram in power-of-two buckets (ristretto's LifeExpectancySeconds). Present only with the
   * `lifeExpectancy` option.
   */
  lifeExpectancy?: LifeExpectancy;
}

export class Counters {
  hits = 0;
  misses = 0;
  keysAdded = 0;
  keysUpdated = 0;
  keysEvicted = 0;
  keysExpired = 0;
  costAdded = 0;
  costEvicted = 0;
  setsRejected = 0;
  loadSuccesses = 0;
  loadFailures = 0;
  totalLoadTime = 0;
  refreshes = 0;
  /** getsKept is the kernels' running count; resetStats() moves this base up to it. */
  getsKeptBase = 0;

  snapshot(recorded: number, lifetimes: Lifetimes | undefined): CacheStats {
    const gets = this.hits + this.misses;
    const stats: CacheStats = {
      hits: this.hits,
      misses: this.misses,
      hitRatio: gets === 0 ? 0 : this.hits / gets,
      keysAdded: this.keysAdded,
      keysUpdated: this.keysUpdated,
      keysEvicted: this.keysEvicted,
      keysExpired: this.keysExpired,
      costAdded: this.costAdded,
      costEvicted: this.costEvicted,
      setsRejected: this.setsRejected,
      setsDropped: 0,
      getsKept: recorded - this.getsKeptBase,
      getsDropped: 0,
      loadSuccesses: this.loadSuccesses,
      loadFailures: this.loadFailures,
      totalLoadTime: this.totalLoadTime,
      refreshes: this.refreshes,
    };
    if (lifetimes !== undefined) stats.lifeExpectancy = lifetimes.snapshot();
    return stats;
  }

  /** Zeroes every counter; `recorded` is the kernels' running count of accesses kept. */
  reset(recorded: number): void {
    this.hits = this.misses = this.keysAdded = this.keysUpdated = this.keysEvicted = 0;
    this.keysExpired = this.costAdded = this.costEvicted = this.setsRejected = 0;
    this.loadSuccesses = this.loadFailures = this.totalLoadTime = this.refreshes = 0;
    this.getsKeptBase = recorded;
  }
}
