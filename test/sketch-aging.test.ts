// The default policy's frequency sketch ages: every counter is halved after 2 × numCounters
// recorded accesses (W-TinyLFU's sampleSize), so that a hot set that went cold stops outbidding
// the keys that replaced it. Counted through the test build's probes, and seen from the public API
// as a new hot set adopted within a bound (without aging its counters stay saturated and the old
// set is only displaced by the 1-in-128 random admission, far slower: docs/mutation-testing.md).
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { kernelsOf, testingModule } from './testing-kernels.js';

describe('the default sketch ages', () => {
  it('halves its counters after every 2 × numCounters recorded accesses (hits and inserts; no doorkeeper)', () => {
    const numCounters = 1024;
    const cache = new Cache<number, number>({ maxCost: 100, numCounters, seed: 1, wasmModule: testingModule() });
    const probes = kernelsOf(cache).exports;
    for (let k = 0; k < 100; k++) cache.set(k, k); // 100 accesses: one per insert
    for (let k = 1000; k < 1050; k++) expect(cache.get(k)).toBeUndefined(); // misses: not recorded
    cache.flush();
    expect(probes.sketchAdditions()).toBe(100);
    expect(probes.doorkeeperBits()).toBe(0); // no doorkeeper (as Caffeine): every access counts
    // Hits round-robin over the residents: one access each (misses are not recorded by W-TinyLFU).
    const hits = (n: number, from: number) => {
      for (let i = 0; i < n; i++) expect(cache.get((from + i) % 100)).toBeDefined();
      cache.flush();
    };
    hits(2 * numCounters - 101, 0);
    expect(probes.sketchAdditions()).toBe(2 * numCounters - 1);
    expect(probes.sketchResets()).toBe(0);
    hits(1, 0);
    expect(probes.sketchResets()).toBe(1);
    expect(probes.sketchAdditions()).toBe(0);
    hits(2 * numCounters, 1);
    expect(probes.sketchResets()).toBe(2);
  });

  it('adopts a new hot set that replaced the old one within 50 rounds', () => {
    for (const size of [100, 200]) {
      const cache = new Cache<number, number>({ maxCost: size, seed: 1 });
      const read = (base: number) => {
        for (let k = 0; k < size; k++) if (cache.get(base + k) === undefined) cache.set(base + k, k);
      };
      for (let round = 0; round < 40; round++) read(0); // hot set A: saturated counters
      let rounds = 0;
      let held = 0;
      while (rounds < 50 && held < 0.9 * size) {
        read(100_000); // hot set B, read as often
        rounds++;
        held = 0;
        for (let k = 0; k < size; k++) if (cache.has(100_000 + k)) held++;
      }
      // 90 % of B resident; a sketch that never ages takes several times the bound.
      expect(held, `size ${size}: ${held} of B's ${size} keys resident after ${rounds} rounds`).toBeGreaterThanOrEqual(
        0.9 * size,
      );
    }
  });
});
