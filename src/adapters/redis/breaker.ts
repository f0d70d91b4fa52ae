// The circuit breaker in front of Redis. After a command fails for want of Redis (a timeout, a
// closed or refused connection; not an error reply, which Redis sent, so it is up), every call
// fails at once instead of waiting `timeout` ms on a dead server: the breaker is open. It sends
// a probe (PING) after a back-off that doubles from MIN_BACKOFF_MS to MAX_BACKOFF_MS while the
// probes fail; the first probe that answers closes it. One probe at a time, on a timer that does
// not keep a Node process alive.

/** 'closed': calls go to Redis; 'open': they fail at once; 'probing': a probe is out (calls still fail at once). */
export type BreakerState = 'closed' | 'open' | 'probing';

/** The error of a call the open breaker refused without trying Redis. */
export class ShortCircuit extends Error {
  constructor(since: number) {
    super(`Redis unreachable for ${Math.round(performance.now() - since)} ms (circuit breaker open: not tried)`);
    this.name = 'ShortCircuit';
  }
}

/** What the breaker tells its TieredCache. */
export interface BreakerEvents {
  /** The breaker opened on `error`. */
  down(error: unknown): void;
  /** A probe answered: the breaker closed. */
  up(): void;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

const nextTurn: (callback: () => void) => void =
  typeof setImmediate === 'function'
    ? (callback) => void setImmediate(callback)
    : (callback) => void setTimeout(callback, 0);

/** Whether `error` is a reply Redis sent (ErrorReply in node-redis, ReplyError in ioredis): then Redis is up. */
export function isReply(error: unknown): boolean {
  for (let p = error; p !== null && typeof p === 'object'; p = Object.getPrototypeOf(p)) {
    const name = (p as { constructor?: { name?: string } }).constructor?.name;
    if (name === 'ErrorReply' || name === 'ReplyError') return true;
  }
  return false;
}

/** One breaker per TieredCache, around its Redis commands. */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  /** Times the breaker opened. */
  outages = 0;
  /** Calls refused while open. */
  shortCircuited = 0;
  /** When the current outage began (performance.now()), or NaN. */
  since = NaN;
  private backoff = MIN_BACKOFF_MS;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly events: BreakerEvents,
  ) {}

  /** A call refused while the breaker is not closed: counted, and rejected with a ShortCircuit. */
  refuse<T>(): Promise<T> {
    this.shortCircuited++;
    // Refused on the next turn of the event loop, not in a microtask: a caller that retries in
    // a loop must not starve the timers (the probe among them) and the sockets.
    const error = new ShortCircuit(this.since);
    return new Promise((_, reject) => nextTurn(() => reject(error)));
  }

  /** A call failed with `error`: the breaker opens unless Redis itself replied with it. */
  failure(error: unknown): void {
    if (!isReply(error)) this.trip(error);
  }

  /** Opens the breaker (if closed) on `error`, and schedules the first probe. */
  trip(error: unknown): void {
    if (this.state !== 'closed' || this.closed) return;
    this.state = 'open';
    this.outages++;
    this.since = performance.now();
    this.backoff = MIN_BACKOFF_MS;
    this.schedule(this.backoff);
    this.events.down(error);
  }

  /** Probes soon (something suggests Redis is back, e.g. a subscription came back). */
  probeSoon(): void {
    if (this.state === 'open') this.schedule(0);
  }

  /** Stops probing. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tryProbe(), ms);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async tryProbe(): Promise<void> {
    if (this.state !== 'open' || this.closed) return;
    this.state = 'probing';
    try {
      await this.probe();
    } catch {
      if (this.closed) return;
      this.state = 'open';
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.schedule(this.backoff);
      return;
    }
    if (this.closed) return;
    this.state = 'closed';
    this.since = NaN;
    this.events.up();
  }
}
