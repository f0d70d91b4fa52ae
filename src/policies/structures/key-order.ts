// The key order cachekit breaks frequency ties with (its heap-lfu evicts the smallest key, its
// mfu the largest; Rust's `Ord` on the key). Numbers and bigints compare by value (with each
// other too), strings by UTF-16 code units (the same as Rust's byte order on UTF-8 unless one
// side has a character above U+FFFF and the other one from U+E000 to U+FFFF). Keys of other
// types (objects, symbols, booleans, mixed kinds) have no order here: compareKeys says 0 and the
// caller falls back to its own order (the older entry first).

/** Negative if `a` sorts before `b`, positive if after, 0 if equal or not comparable. */
export function compareKeys(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  const numeric = (ta === 'number' || ta === 'bigint') && (tb === 'number' || tb === 'bigint');
  if (numeric || (ta === 'string' && tb === 'string')) {
    // NaN is unordered: it compares as 0 (incomparable) with everything.
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  return 0;
}
