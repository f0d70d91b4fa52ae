// The `autopurge` option: expired entries are removed when they expire, by a timer, rather than
// when next read or in passing by set() (lru-cache's ttlAutopurge). One timer per cache, armed
// for the soonest expiry; when it fires the cache purges what is due and the timer is armed
// again for the next. A write that brings an earlier expiry re-arms it; a read that pushes an
// expiry later (idleTtl) does not need to: the timer fires early, purges nothing and re-arms.
//
// In Node the timer is unref'd, so a cache never keeps a process alive. Where timers are
// unavailable (no setTimeout, or a runtime that refuses it here, as Cloudflare Workers do at
// global scope), nothing is armed: entries expire as they do without the option (on read,
// purgeExpired(), in passing), and the next write tries again.

/** setTimeout's handle: a number in browsers and Workers, an object with unref() in Node. */
type TimerHandle = { unref?: () => void } | number;

/** The two timer functions, read from the global scope when first needed (none at module scope). */
interface Timers {
  set(callback: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

function globalTimers(): Timers | undefined {
  const g = globalThis as {
    setTimeout?: (callback: () => void, ms: number) => TimerHandle;
    clearTimeout?: (handle: TimerHandle) => void;
  };
  if (typeof g.setTimeout !== 'function' || typeof g.clearTimeout !== 'function') return undefined;
  const set = g.setTimeout;
  const clear = g.clearTimeout;
  return { set: (callback, ms) => set(callback, ms), clear: (handle) => clear(handle) };
}

/** Timers cap delays at 2^31 - 1 ms (about 24.8 days); a longer wait is taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;
/** How late past its time an armed timer is taken as lost, in ms. */
const OVERDUE = 1000;

export class AutoPurge {
  private handle: TimerHandle | undefined = undefined;
  /** The clock time the armed timer is for (Infinity: none armed). */
  private armedFor = Infinity;
  private timers: Timers | undefined | null = null;

  constructor(
    /** The soonest expiry time among the cache's entries, in clock ms (Infinity: none). */
    private readonly soonest: () => number,
    /** The cache's clock. */
    private readonly now: () => number,
    /** Removes every entry due now (the cache's purgeExpired()). */
    private readonly purge: () => void,
  ) {}

  /** Arms the timer for the soonest expiry, unless one is armed for that time or earlier. */
  check(): void {
    const at = this.soonest();
    if (at === Infinity) return;
    // A timer long overdue was lost (Workers drop a request's timers when the request ends): re-armed.
    if (at >= this.armedFor && this.now() < this.armedFor + OVERDUE) return;
    this.arm(at);
  }

  /** Cancels the timer (the cache was cleared or closed). */
  stop(): void {
    try {
      if (this.handle !== undefined) this.timers!.clear(this.handle);
    } catch {
      // A timer of another request's context (Workers): it is gone with that request.
    }
    this.handle = undefined;
    this.armedFor = Infinity;
  }

  private arm(at: number): void {
    if (this.timers === null) this.timers = globalTimers();
    if (this.timers === undefined) return;
    this.stop();
    // +1: a timer may fire a little before its delay has passed on the cache's clock.
    const delay = Math.min(MAX_DELAY, Math.max(0, Math.ceil(at - this.now())) + 1);
    try {
      this.handle = this.timers.set(() => this.fired(), delay);
    } catch {
      // A runtime that refuses timers here (Workers at global scope): try again at the next write.
      return;
    }
    if (typeof this.handle === 'object' && typeof this.handle.unref === 'function') this.handle.unref();
    this.armedFor = at;
  }

  private fired(): void {
    this.handle = undefined;
    this.armedFor = Infinity;
    try {
      this.purge();
    } finally {
      this.check();
    }
  }
}
