// The store's event queue: the user callbacks (onEvict, onReject, onExit) and the `cortado:evict`
// diagnostics channel, queued while a public call changes the cache and fired when it is done.
//
// Every mutation completes before any user callback runs, so a callback that throws, or that
// calls back into the cache, always sees a consistent cache. Every queued callback runs; the first
// error is rethrown after all of them. A cache without callbacks queues nothing (`listening`).

import type { EvictionReason, ExitReason } from '../options.js';
import { channels, type Channel, type Channels, type EvictMessage } from '../diagnostics.js';

/** Event kinds in the queue, which holds four items per event: (kind, key, value, reason). */
const EVICT = 0;
const REJECT = 1;
const EXIT = 2;
/** An eviction to publish on diagnostics_channel: (PUBLISH, message, -, -). */
const PUBLISH = 3;

/** The callbacks of CacheOptions that the queue fires. */
export interface EventCallbacks<K, V> {
  readonly onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  readonly onReject: ((key: K, value: V) => void) | undefined;
  readonly onExit: ((key: K, value: V, reason: ExitReason) => void) | undefined;
}

export class EventQueue<K, V> {
  /** Whether any callback is set; without one, callbacks are not queued at all. */
  readonly listening: boolean;
  /** Node's diagnostics channels (the Node entry loaded them), else undefined: src/diagnostics.ts. */
  readonly channels: Channels | undefined = channels();
  /** `cortado:evict`, held directly: it is checked once per eviction. */
  private readonly evictChannel: Channel | undefined = this.channels?.evict;
  /** Events in fours, flat: one array to push to rather than an object per event. */
  private queue: unknown[] = [];
  /** Set while load() puts its entries in: the callbacks wait until all are in. */
  holding = false;
  private readonly onEvict: EventCallbacks<K, V>['onEvict'];
  private readonly onReject: EventCallbacks<K, V>['onReject'];
  private readonly onExit: EventCallbacks<K, V>['onExit'];

  constructor(
    callbacks: EventCallbacks<K, V>,
    /** The cache, named in the messages published on `cortado:evict`. */
    private readonly source: object,
  ) {
    this.onEvict = callbacks.onEvict;
    this.onReject = callbacks.onReject;
    this.onExit = callbacks.onExit;
    this.listening = this.onEvict !== undefined || this.onReject !== undefined || this.onExit !== undefined;
  }

  /** A value left for a reason the policy did not choose: delete, replace or clear (onExit). */
  exited(key: K, value: V, reason: 'delete' | 'replace' | 'clear'): void {
    if (this.listening) this.queue.push(EXIT, key, value, reason);
  }

  /** A value was refused (onReject, onExit('rejected')). */
  rejected(key: K, value: V): void {
    if (this.listening) this.queue.push(REJECT, key, value, 'rejected');
  }

  /** An entry was evicted (onEvict, onExit, and `cortado:evict` when someone subscribed). */
  evicted(key: K, value: V, reason: EvictionReason, cost: number): void {
    if (this.listening) this.queue.push(EVICT, key, value, reason);
    if (this.evictChannel !== undefined && this.evictChannel.hasSubscribers)
      this.publishEvict(key, value, reason, cost);
  }

  /**
   * Runs the queued callbacks; every one runs, then the first error (if any) is rethrown. Only
   * the test is here, so that V8 inlines it into every public call; the work is in run().
   */
  fire(): void {
    if (this.queue.length !== 0 && !this.holding) this.run();
  }

  /** fire() for a caller already throwing the error that matters. */
  fireIgnoringErrors(): void {
    try {
      this.fire();
    } catch {
      // The caller's error wins.
    }
  }

  /** Queues an eviction for `cortado:evict`: published with the callbacks, in order. */
  private publishEvict(key: K, value: V, reason: EvictionReason, cost: number): void {
    const message: EvictMessage<K, V> = { cache: this.source, key, value, reason, cost };
    this.queue.push(PUBLISH, message, undefined, undefined);
  }

  private run(): void {
    const events = this.queue;
    this.queue = [];
    let failed = false;
    let error: unknown;
    for (let i = 0; i < events.length; i += 4) {
      const kind = events[i];
      const key = events[i + 1] as K;
      const value = events[i + 2] as V;
      const reason = events[i + 3] as ExitReason;
      if (kind === PUBLISH) {
        // diagnostics_channel reports a subscriber's error itself (an uncaught exception on the
        // next tick), so publish() does not throw here.
        this.evictChannel!.publish(key);
        continue;
      }
      try {
        if (kind === EVICT) this.onEvict?.(key, value, reason as EvictionReason);
        else if (kind === REJECT) this.onReject?.(key, value);
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
      try {
        this.onExit?.(key, value, reason);
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
    if (failed) throw error;
  }
}
