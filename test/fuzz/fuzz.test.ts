// Model-based fuzzing of every policy: random operation sequences
// against the reference model in ./model.ts (inputs from ./ops.ts, runs and reports in
// ./run.ts), with callbacks that move the clock, call back into the cache and throw. Two
// profiles per policy: `core` (what the cache always supported) and
// `hostile` (clocks moving inside cost/shouldUpdate, writes from them, clocks returning garbage
// or negative times, budgets beyond 2^53, too-costly updates, inexact fractional costs).
//
// Around the fuzzed cache, caches of many sizes and policies are made, filled, closed and dropped
// without close() (./neighbours.ts; gc() runs now and then), sharing its WebAssembly arena.
//
// On failure the message names the divergence, the seed and epoch, the command that reruns it
// (`npm run fuzz -- --policy … --seed … --epoch …`) and a shrunk trace. Longer runs:
// `npm run fuzz -- --ops 1e7`. CORTADO_FUZZ_OPS (ops per policy and profile),
// CORTADO_FUZZ_SEEDS (comma-separated) and CORTADO_FUZZ_WITHOUT (features to switch off, e.g.
// `oversizeUpdates,inexactCosts` while a known defect is open) override the defaults here.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Cache, POLICIES } from '../../src/index.js';
import { KeyHasher, seedFrom } from '../../src/key-hash.js';
import { fuzzPolicy, formatFailure } from './run.js';
import type { Features, ProfileName } from './ops.js';
import { CRAFTED_FLOAT_PAIRS, CRAFTED_STRINGS } from './keys.js';
import { useGarbageCollector } from './neighbours.js';

/** 2 profiles x 2 seeds x 25,000 = 100,000 operations per policy. */
const OPS = Number(process.env.CORTADO_FUZZ_OPS ?? 25_000);
const SEEDS = (process.env.CORTADO_FUZZ_SEEDS ?? '20261126,7').split(',').map(Number);
const PROFILES: ProfileName[] = ['core', 'hostile'];

// The neighbour caches (./neighbours.ts) collect garbage now and then, so caches dropped without
// close() are really finalized (or their arenas freed) around the fuzzed cache.
setFlagsFromString('--expose-gc');
useGarbageCollector(runInNewContext('gc') as () => void);
const WITHOUT: Partial<Features> = Object.fromEntries(
  (process.env.CORTADO_FUZZ_WITHOUT ?? '')
    .split(',')
    .filter(Boolean)
    .map((name) => [name, false]),
);

describe.each(POLICIES.map((p) => [p]))('fuzz: %s', (policy) => {
  for (const profile of PROFILES) {
    it(`${profile}: the cache agrees with the model over ${SEEDS.length} x ${OPS} ops`, () => {
      for (const seed of SEEDS) {
        const failure = fuzzPolicy({ policy, seed, ops: OPS, profile, features: WITHOUT, shrinkMs: 3_000 });
        if (failure !== undefined) expect.fail(formatFailure(failure));
      }
    });
  }
});

function hashOf(hasher: KeyHasher, key: unknown): string {
  hasher.hash(key);
  return `${hasher.lo >>> 0}:${hasher.hi >>> 0}`;
}

describe('fuzz: crafted keys', () => {
  it('the 16-way multicollision of the old string hash spreads under any seed', () => {
    for (const seed of [1, 2, 0xdeadbeef]) {
      const h = new KeyHasher(...seedFrom(seed));
      expect(new Set(CRAFTED_STRINGS.map((s) => hashOf(h, s))).size).toBe(CRAFTED_STRINGS.length);
    }
  });

  it('floats built to hash like ints no longer do', () => {
    for (const seed of [1, 2]) {
      const h = new KeyHasher(...seedFrom(seed));
      for (const [int, float] of CRAFTED_FLOAT_PAIRS) expect(hashOf(h, float)).not.toBe(hashOf(h, int));
    }
  });

  it('colliding keys are still different keys in every policy', () => {
    for (const policy of POLICIES) {
      const keys = [...CRAFTED_STRINGS, ...CRAFTED_FLOAT_PAIRS.flat()];
      const cache = new Cache<unknown, number>({ maxCost: keys.length, policy, seed: 1 });
      keys.forEach((k, i) => cache.set(k, i));
      keys.forEach((k, i) => expect(cache.peek(k) ?? i).toBe(i));
      expect(cache.size).toBeLessThanOrEqual(keys.length);
      for (const [k, v] of cache) expect(keys[v]).toBe(k);
    }
  });
});
