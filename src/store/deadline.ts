// When something due `ms` after `now` falls due, on the cache's clock. A clock that counts ms
// since an epoch (Date.now, about 1.7e12) resolves time only to about 2^-12 ms, so a tiny positive
// duration added to it is lost to rounding: the deadline would be `now` itself, and an entry
// written with that TTL would be dead before set() returned true. Such a deadline becomes the
// next representable time after `now` instead: the entry lives until the clock moves.

/** `now + ms` for ms > 0 (Infinity included), never equal to `now`. */
export function deadlineAfter(now: number, ms: number): number {
  const at = now + ms;
  return at > now ? at : now + Math.max(Math.abs(now) * Number.EPSILON, Number.MIN_VALUE);
}
