// What this process knows of Redis's clock: enough to turn a stored value's deadline (Redis's
// clock, see value-format.ts) into the ms it has left, without trusting this host's wall clock,
// which may be off by any amount. Only Redis's TIME and this process's monotonic clock
// (performance.now()) are used.
//
// A sample: t0, the monotonic time just before TIME is sent, and R, Redis's time in the reply.
// Redis read its clock after t0, so at any later instant t, Redis's clock reads at most
// R + (t − t0), while both clocks run at the same rate. So with offset = R − t0, `deadline −
// (t + offset)` is never more than what the entry truly has left in Redis, and less by at most
// the sample's round trip. Clocks kept by NTP drift apart by at most DRIFT (each slews at most
// 0.5 ms a second), so left() also subtracts DRIFT × the sample's age, and a sample older than
// RESYNC_MS is replaced: the next left() asks for a new one in the background. A clock stepped
// (set by hand, or by NTP on a large error) is seen at the next sample; until then the error is
// the step (README's Redis section says so). The latest sample always wins, so a step is never
// hidden by an older sample's tighter round trip.
//
// Until a first sample arrives, left() is NaN, and TieredCache keeps timed values out of L1.

/** The most two NTP-disciplined clocks drift apart: ms per ms. */
const DRIFT = 0.001;
/** A sample older than this is replaced (in the background, at the next left()). */
export const RESYNC_MS = 10_000;
/** After a failed sample, the next try waits at least this long. */
const RETRY_MS = 1_000;

const now = (): number => performance.now();

/** Redis's clock as seen from this process. */
export class RedisClock {
  /** Redis's clock (ms since 1970) minus performance.now(), an upper bound; NaN before the first sample. */
  private offset = Number.NaN;
  /** performance.now() when the current sample was sent. */
  private sampledAt = Number.NaN;
  private lastTry = -Infinity;
  private syncing: Promise<void> | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    /** Sends TIME to Redis (through the breaker and the time limit). */
    private readonly time: () => Promise<unknown>,
    private readonly report: (error: unknown) => void,
  ) {}

  /** Whether a sample has arrived. */
  get known(): boolean {
    return !Number.isNaN(this.offset);
  }

  /**
   * The ms left until `deadline` (Redis's clock, ms since 1970) by Redis's clock: never more than
   * Redis has left (within the drift bound), fewer by at most the last sample's round trip. NaN
   * when no sample has arrived yet.
   */
  left(deadline: number): number {
    const t = now();
    const age = t - this.sampledAt;
    if (!(age < RESYNC_MS) && t - this.lastTry >= RETRY_MS) void this.sync();
    return deadline - (t + this.offset) - age * DRIFT;
  }

  /** Resolves once a sample has arrived (asking for one if none is on its way). */
  ready(): Promise<void> {
    if (this.known) return Promise.resolve();
    void this.sync();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes a new sample (one at a time); a failure is reported, and the old sample, if any, stays. */
  sync(): Promise<void> {
    if (this.syncing !== undefined) return this.syncing;
    const sent = now();
    this.lastTry = sent;
    this.syncing = this.time()
      .then((reply) => {
        const [seconds, micros] = reply as [unknown, unknown];
        const redisMs = Number(seconds) * 1_000 + Number(micros) / 1_000;
        if (!Number.isFinite(redisMs)) throw new TypeError(`TIME replied ${JSON.stringify(reply)}`);
        this.offset = redisMs - sent;
        this.sampledAt = sent;
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve of waiters) resolve();
      })
      .catch((error: unknown) => this.report(error))
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }
}
