// The parts of the core that `npm run mutate` mutates, each with the test files that guard it.
// Stryker runs one group at a time (scripts/verify/mutate.mjs), so each mutant is judged by its group's
// tests only, and each group keeps its own incremental file (reports/mutation/).

/** @type {Record<string, { mutate: string[]; tests: string[]; ignoreStatic?: boolean; note?: string }>} */
export const GROUPS = {
  // W-TinyLFU's admission rule (a pure function of two estimates and a random draw).
  admission: {
    mutate: ['src/policies/w-tinylfu/tinylfu-admission.ts'],
    tests: ['test/policies/tinylfu-admission.test.ts', 'test/policies/w-tinylfu.test.ts'],
  },
  // The default policy: segments, eviction rounds, deferred hits, the miniature simulations.
  'w-tinylfu': {
    mutate: [
      'src/policies/w-tinylfu/w-tinylfu.ts',
      'src/policies/w-tinylfu/miniature-simulations.ts',
      'src/policies/w-tinylfu/pending-hits.ts',
    ],
    tests: [
      'test/policies/w-tinylfu.test.ts',
      'test/policies/miniature-choice.test.ts',
      'test/policies/miniature-step.test.ts',
      'test/policies/tinylfu-admission.test.ts',
      'test/sketch-aging.test.ts',
      'test/conformance.test.ts',
    ],
    ignoreStatic: true,
  },
  // The store: the hot path, the write path, expiry, events, persistence and its checks.
  store: {
    mutate: [
      'src/cache.ts',
      'src/store/*.ts',
      'src/adapters/emitter.ts',
      'src/dump.ts',
      'src/options.ts',
      'src/stats.ts',
      'src/validate.ts',
    ],
    tests: [
      'test/cache-api.test.ts',
      'test/cache-callbacks.test.ts',
      'test/cache-errors.test.ts',
      'test/conformance.test.ts',
      'test/expiry-variants.test.ts',
      'test/expiry-queue.test.ts',
      'test/stale-reads.test.ts',
      'test/inspection.test.ts',
      'test/reliability.test.ts',
      'test/life-expectancy.test.ts',
      'test/emitter.test.ts',
    ],
    ignoreStatic: true,
  },
  // fetch(), getOrSet(), refreshAfter, memoize.
  loading: {
    mutate: ['src/loading.ts', 'src/memoize.ts'],
    tests: [
      'test/loading.test.ts',
      'test/memoize.test.ts',
      'test/expiry-variants.test.ts',
      'test/diagnostics.test.ts',
      'test/hostile-use.test.ts',
    ],
  },
  // cortado/redis's TieredCache: its tests start redis-server (they skip without it).
  tiered: {
    mutate: ['src/adapters/redis/tiered-cache.ts', 'src/adapters/redis/in-flight.ts'],
    tests: ['test/redis/tiered-cache.test.ts', 'test/redis/tiered-reporting.test.ts', 'test/redis/in-flight.test.ts'],
    note: 'needs redis-server on PATH',
  },
};
