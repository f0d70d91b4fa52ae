// Test helpers shared by the suites: a manual clock, a callback recorder and a seeded generator.
import type { ExitReason } from '../src/index.js';

export class ManualClock {
  time = 1_000;
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Exit<K, V> {
  key: K;
  value: V;
  reason: ExitReason;
}

/** Records onEvict / onReject / onExit calls in order. */
export function recorder<K, V>() {
  const evicted: { key: K; value: V; reason: string }[] = [];
  const rejected: { key: K; value: V }[] = [];
  const exits: Exit<K, V>[] = [];
  return {
    evicted,
    rejected,
    exits,
    options: {
      onEvict: (key: K, value: V, reason: 'capacity' | 'expired') => void evicted.push({ key, value, reason }),
      onReject: (key: K, value: V) => void rejected.push({ key, value }),
      onExit: (key: K, value: V, reason: ExitReason) => void exits.push({ key, value, reason }),
    },
  };
}

/** A small deterministic xorshift generator: `next(n)` is an integer in [0, n). */
export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

/**
 * Says on one line why a suite is skipped: the default reporter hides a skipped suite's title,
 * where the reason is also written. Call it at module scope when the skip condition holds.
 */
export function announceSkip(suite: string, reason: string | undefined): void {
  if (reason !== undefined && process.env.CI !== 'true') console.warn(`${suite} skipped: ${reason}`);
}
