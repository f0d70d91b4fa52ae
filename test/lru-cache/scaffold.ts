// What the lru-cache tests share: a manual clock that both lru-cache and cortado/lru-cache read
// through their `perf` option, and a dispose callback that logs what it is told.

/** A manual clock passed as `perf`, which both classes read for TTLs; advance `time` by hand. */
export class Perf {
  time = 1_000;
  now = (): number => this.time;

  /** `options` with this clock as `perf`, read to the millisecond (`ttlResolution: 0`). */
  with<O extends object>(options: O): O & { perf: Perf; ttlResolution: number } {
    return { ...options, perf: this, ttlResolution: 0 };
  }
}

/** A `dispose` that logs each call as "value:key:reason", and its log. */
export function disposeLog(): { log: string[]; dispose: (value: unknown, key: unknown, reason: string) => void } {
  const log: string[] = [];
  return { log, dispose: (value, key, reason) => void log.push(`${value}:${key}:${reason}`) };
}
