// Timeouts for Redis calls without a timer per call. Every call gets the same time limit, so
// their deadlines come in the order the calls were made: a queue, with one timer set for the
// oldest call still out. A call that settles is only marked; the queue skips marked calls at its
// head as new ones come in, so it holds about the calls out plus those settled out of order.
// (A setTimeout, a clearTimeout and a Promise.race per call cost an L2 hit more than the
// rest of its client side.)

interface Pending {
  at: number;
  settled: boolean;
  reject: (error: Error) => void;
  failed: ((error: unknown) => void) | undefined;
}

const now = (): number => performance.now();

const nextTurn: (callback: () => void) => void =
  typeof setImmediate === 'function'
    ? (callback) => void setImmediate(callback)
    : (callback) => void setTimeout(callback, 0);

function fail(pending: Pending, error: unknown): void {
  pending.settled = true;
  pending.failed?.(error);
  pending.reject(error as Error);
}

/** The time limit of every call given to run(). */
export class Deadlines {
  private queue: Pending[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms: number) {}

  /** `promise`, or a rejection when it has not settled within the time limit; `failed` hears either failure. */
  run<T>(promise: Promise<T>, failed?: (error: unknown) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { at: now() + this.ms, settled: false, reject, failed };
      this.skipSettled();
      this.queue.push(pending);
      if (this.timer === undefined) this.arm();
      promise.then(
        (value) => {
          pending.settled = true;
          resolve(value);
        },
        (error: unknown) => {
          if (pending.settled) return; // timed out already
          fail(pending, error);
        },
      );
    });
  }

  private skipSettled(): void {
    const queue = this.queue;
    while (this.head < queue.length && queue[this.head]!.settled) this.head++;
    if (this.head === queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1_024 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Sets the timer for the oldest call out, if any. */
  private arm(): void {
    this.skipSettled();
    const first = this.queue[this.head];
    if (first === undefined) return;
    // The expiry runs after the event loop's next poll for I/O (setImmediate from the timer): when
    // the process was busy past a deadline, replies that arrived meanwhile are read first, and
    // are not taken for timeouts (one false timeout would open the circuit breaker).
    this.timer = setTimeout(() => nextTurn(() => this.expire()), Math.max(0, first.at - now()));
  }

  private expire(): void {
    this.timer = undefined;
    const t = now();
    for (; this.head < this.queue.length; this.head++) {
      const pending = this.queue[this.head]!;
      if (!pending.settled && pending.at > t) break;
      if (!pending.settled) fail(pending, new Error(`no reply from Redis within ${this.ms} ms (timeout)`));
    }
    this.arm();
  }
}
