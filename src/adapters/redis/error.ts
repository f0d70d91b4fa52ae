// The error TieredCache reports (onError, 'error') or throws (set, delete, clear): which
// operation on which key failed, with the client's error as `cause`.

/** A failed Redis operation of a TieredCache. */
export class TieredCacheError extends Error {
  /** What failed: 'get', 'set', 'delete', 'clear', 'fetch', 'deserialize', 'unlock', 'subscription', 'probe', 'ready', 'local' (a callback of L1), … */
  readonly operation: string;
  /** The key it was about, if any. */
  readonly key: string | undefined;

  constructor(operation: string, key: string | undefined, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cortado/redis: ${operation}${key === undefined ? '' : ` of ${JSON.stringify(key)}`} failed: ${reason}`, {
      cause,
    });
    this.name = 'TieredCacheError';
    this.operation = operation;
    this.key = key;
  }
}

/** Rejects with a timeout error when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no reply from Redis within ${ms} ms (timeout)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
