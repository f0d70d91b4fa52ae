// The invalidation bus: one Redis pub/sub channel per namespace. Every write and delete of a
// TieredCache publishes its key (inside the write's own script, see scripts.ts) with the
// writer's sender id; every other TieredCache on the channel drops that key from its L1. The
// writer skips its own messages, so its fresh value stays.
//
// Pub/sub delivers only to connections subscribed at the time: a subscriber that lost its
// connection cannot know what it missed. So the bus is "healthy" only once a probe, published
// after the subscription is (again) in place, has come back through it; at that moment L1 is
// cleared, and every operation in flight is told its reply may be stale. Until then TieredCache
// does not fill L1 (see tiered-cache.ts). Probing retries until it succeeds or the bus closes.

import type { Connection } from './client.js';

/** What the bus tells its TieredCache. */
export interface BusHandlers {
  /** Another process changed `key`. */
  invalidate(key: string): void;
  /** Another process cleared the namespace, or this one may have missed messages: drop all of L1. */
  clear(): void;
  /** A failure to report (onError). */
  error(error: unknown, operation: string): void;
  /** The subscription was lost: messages may be missed from now on. */
  lost(): void;
  /** The subscription is in place again (the probe that makes the bus healthy follows). */
  resubscribed(): void;
}

const KEY = 'k';
const CLEAR = 'c';
const PROBE = 'p';
/** How long a probe may take before another is sent. */
const PROBE_RETRY_MS = 500;

/** Resolves after `ms`, without keeping a Node process alive meanwhile. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}

/** One subscription to a namespace's invalidation channel. */
export class InvalidationBus {
  /** Whether the subscription is known to receive every message published since L1 was last cleared. */
  healthy = false;
  private closed = false;
  private nonce = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly connection: Connection,
    private readonly send: (args: string[]) => Promise<unknown>,
    readonly channel: string,
    readonly sender: string,
    private readonly handlers: BusHandlers,
  ) {}

  /** The message announcing a write or delete of `key`. */
  keyMessage(key: string): string {
    return `${KEY} ${this.sender} ${key}`;
  }

  /** The message announcing that the namespace was cleared. */
  clearMessage(): string {
    return `${CLEAR} ${this.sender}`;
  }

  /** Subscribes on a duplicate connection (trying again until it works or the bus closes), then probes. */
  async start(): Promise<void> {
    while (!this.closed && this.unsubscribe === undefined) {
      try {
        const unsubscribe = await this.connection.subscribe(this.channel, {
          message: (message) => this.receive(message),
          down: () => {
            this.healthy = false;
            this.handlers.lost();
          },
          ready: () => {
            this.handlers.resubscribed();
            this.probe();
          },
          error: (error) => this.handlers.error(error, 'subscription'),
        });
        if (this.closed) unsubscribe();
        else this.unsubscribe = unsubscribe;
      } catch (error) {
        this.handlers.error(error, 'subscribe');
        await pause(PROBE_RETRY_MS);
      }
    }
    this.probe();
  }

  /** Resolves once the bus is healthy (at once if it is). */
  ready(): Promise<void> {
    return this.healthy ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops listening; the duplicate connection is closed. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Publishes a probe (unless healthy or closed), and schedules the next try. */
  private probe(): void {
    if (this.healthy || this.closed || this.unsubscribe === undefined) return;
    clearTimeout(this.retry);
    const nonce = ++this.nonce;
    this.send(['PUBLISH', this.channel, `${PROBE} ${this.sender} ${nonce}`]).catch((error: unknown) =>
      this.handlers.error(error, 'probe'),
    );
    this.retry = setTimeout(() => this.probe(), PROBE_RETRY_MS);
    // A pending retry must not keep a Node process alive.
    (this.retry as { unref?: () => void }).unref?.();
  }

  private receive(message: string): void {
    const kind = message[0];
    const senderEnd = message.indexOf(' ', 2);
    const sender = senderEnd < 0 ? message.slice(2) : message.slice(2, senderEnd);
    const rest = senderEnd < 0 ? '' : message.slice(senderEnd + 1);
    if (kind === PROBE) {
      if (sender !== this.sender || rest !== String(this.nonce) || this.healthy) return;
      clearTimeout(this.retry);
      this.healthy = true;
      this.handlers.clear();
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    } else if (sender !== this.sender) {
      if (kind === KEY) this.handlers.invalidate(rest);
      else if (kind === CLEAR) this.handlers.clear();
    }
  }
}
