// W-TinyLFU's admission rule (assembly/w-tinylfu.ts's admits; its constants in
// src/policies/w-tinylfu/tinylfu-admission.ts) with the estimates set directly: the table of who
// beats whom, the established victim's extra access, the 1-in-128 random admission of warm
// candidates, and the same table applied by a real cache whose sketch counts are recorded slot by
// slot.
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { ADMIT_WARM, ESTABLISHED } from '../../src/policies/w-tinylfu/tinylfu-admission.js';
import type { Kernels } from '../../src/wasm/kernels.js';
import { testingModule } from '../testing-kernels.js';

/** The testing build's handles on a policy's admission rule and random state (assembly/testing.ts). */
interface AdmissionProbes {
  policyAdmits(ctx: number, state: number, candidate: number, victim: number): number;
  policyRandom(ctx: number, state: number): number;
  policySetRandom(ctx: number, state: number, random: number): void;
}

/** The rule of a fresh W-TinyLFU cache's policy, called with the estimates given. */
function rule() {
  const cache = new Cache<number, number>({
    maxCost: 10,
    policy: { name: 'w-tinylfu', adaptive: false },
    wasmModule: testingModule(),
  });
  const policy = Reflect.get(cache, 'policy') as object;
  const kernels = Reflect.get(policy, 'kernels') as Kernels;
  const state = Reflect.get(policy, 'state') as number;
  const probes = kernels.arena.exports as unknown as AdmissionProbes;
  return {
    admits: (candidate: number, victim: number) => probes.policyAdmits(kernels.ctx, state, candidate, victim) !== 0,
    get random(): number {
      return probes.policyRandom(kernels.ctx, state) >>> 0;
    },
    set random(value: number) {
      probes.policySetRandom(kernels.ctx, state, value);
    },
  };
}

/** One xorshift32 step, as the policy draws. */
function step(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

/** A random state whose next draw has the low 7 bits `zero ? 0 : not 0`. */
function stateDrawing(zero: boolean): number {
  for (let x = 1; ; x++) if (((step(x) & 127) === 0) === zero) return x;
}

describe('admits (the rule)', () => {
  it('has the thresholds the table below is written for', () => {
    expect(ESTABLISHED).toBe(3);
    expect(ADMIT_WARM).toBe(6);
  });

  // [victim estimate, candidate estimate, admitted]
  const TABLE: [number, number, boolean][] = [
    [0, 0, false],
    [0, 1, true],
    [1, 1, false],
    [1, 2, true],
    [2, 2, false], // a tie never admits
    [2, 3, true], // a victim below ESTABLISHED is beaten by one
    [3, 4, false], // an established victim is not beaten by one…
    [3, 5, true], // …but by two
    [4, 5, false],
    [4, 6, true],
    [5, 3, false],
  ];
  it.each(TABLE)('victim %i, candidate %i: admitted %s', (victim, candidate, admitted) => {
    const r = rule();
    r.random = stateDrawing(true); // a draw would admit
    expect(r.admits(candidate, victim)).toBe(admitted);
    expect(r.random).toBe(stateDrawing(true)); // decided without a random draw (below ADMIT_WARM, or a winner)
  });

  it('never admits a losing candidate below ADMIT_WARM, even when the draw would', () => {
    const r = rule();
    for (let victim = 0; victim <= 15; victim++) {
      for (let candidate = 0; candidate < ADMIT_WARM; candidate++) {
        r.random = stateDrawing(true);
        const bar = victim >= ESTABLISHED ? victim + 1 : victim;
        expect(r.admits(candidate, victim)).toBe(candidate > bar);
      }
    }
  });

  it('admits a warm candidate that loses about 1 time in 128 under a fixed seed, drawing once per loss', () => {
    const trials = 128_000;
    for (const candidate of [ADMIT_WARM, 15]) {
      const r = rule();
      r.random = 2026;
      let admitted = 0;
      for (let i = 0; i < trials; i++) if (r.admits(candidate, 15)) admitted++;
      let expected = 2026;
      for (let i = 0; i < trials; i++) expected = step(expected);
      expect(r.random).toBe(expected); // one draw per judgement
      // 1,000 expected; the binomial's standard deviation is about 31.
      expect(admitted).toBeGreaterThan(850);
      expect(admitted).toBeLessThan(1150);
    }
    // Only the draw's low 7 bits decide.
    const r = rule();
    r.random = stateDrawing(true);
    expect(r.admits(ADMIT_WARM, 15)).toBe(true);
    r.random = stateDrawing(false);
    expect(r.admits(ADMIT_WARM, 15)).toBe(false);
  });
});

describe('W-TinyLFU applies the rule', () => {
  /**
   * A full cache of 10 unit entries with a one-entry static window: key 9 in the window, 0..8 in
   * probation (0 the oldest). The sketch is given exactly `candidate` records of key 9 and
   * `victim` of each of 0..8 (one of them its insert), then a new key pushes 9 out of the window
   * to face probation's oldest. Returns whether 9 was admitted.
   */
  function candidateAdmitted(candidate: number, victim: number): boolean {
    const cache = new Cache<number, number>({ maxCost: 10, policy: { name: 'w-tinylfu', adaptive: false }, seed: 1 });
    for (let k = 0; k < 10; k++) cache.set(k, k);
    const kernels = Reflect.get(cache, 'kernels') as Kernels;
    const slots = Reflect.get(cache, 'map') as Map<number, number>;
    // The accesses W-TinyLFU buffered itself go to the sketch first (it buffers them in the ring
    // these records use, with a count of its own: assembly/w-tinylfu.ts), then these.
    cache.flush();
    for (let k = 0; k < 9; k++) for (let r = 1; r < victim; r++) kernels.recordSlot(slots.get(k)!);
    for (let r = 1; r < candidate; r++) kernels.recordSlot(slots.get(9)!);
    kernels.flush(); // into the sketch now: W-TinyLFU buffers its own accesses apart (assembly/w-tinylfu.ts)
    cache.set(10, 10);
    expect(cache.size).toBe(10);
    expect(cache.has(9)).toBe(!cache.has(0)); // the candidate or the victim left, not both
    return cache.has(9);
  }

  it("judges a second candidate against the same victim by its own estimate (the victim's is reused)", () => {
    // A two-entry window: one insert of cost 2 spills 9 and 8, and two units must go. Both lose
    // to probation's oldest (estimate 3 against 2); the second judgement reuses the victim's estimate.
    const cache = new Cache<number, number>({
      maxCost: 10,
      policy: { name: 'w-tinylfu', adaptive: false, windowFrac: 0.2 },
      seed: 1,
    });
    for (let k = 0; k < 10; k++) cache.set(k, k);
    const kernels = Reflect.get(cache, 'kernels') as Kernels;
    const slots = Reflect.get(cache, 'map') as Map<number, number>;
    cache.flush(); // as above
    for (let k = 0; k < 8; k++) for (let r = 1; r < 3; r++) kernels.recordSlot(slots.get(k)!);
    for (const k of [8, 9]) kernels.recordSlot(slots.get(k)!);
    kernels.flush();
    cache.set(10, 10, { cost: 2 });
    expect([cache.has(8), cache.has(9), cache.has(0), cache.has(10)]).toEqual([false, false, true, true]);
  });

  it('a warm candidate refused again and again is admitted at some point: its draws advance', () => {
    // Probation is hot (estimate 15); key 100 comes back after each refusal, warmer each time
    // (6 to 15: it always loses), and is judged against probation's oldest once per return.
    const cache = new Cache<number, number>({ maxCost: 10, policy: { name: 'w-tinylfu', adaptive: false }, seed: 1 });
    for (let k = 0; k < 10; k++) cache.set(k, k);
    const kernels = Reflect.get(cache, 'kernels') as Kernels;
    const slots = Reflect.get(cache, 'map') as Map<number, number>;
    cache.flush(); // as above
    for (let k = 0; k < 9; k++) for (let r = 1; r < 15; r++) kernels.recordSlot(slots.get(k)!);
    kernels.flush();
    let judged = 0;
    let filler = 1000;
    while (judged < 700) {
      cache.set(100, 100); // into the window (its predecessor there, a filler, loses: estimate 1)
      cache.set(filler++, 0); // pushes 100 out of the window: judged against a hot victim
      judged++;
      if (cache.has(100)) break;
    }
    // Drawn afresh each time, 1 in 128 admits: ~0.4 % chance of none in 700 (a fixed seed here).
    expect(cache.has(100), `not admitted in ${judged} judgements`).toBe(true);
  });

  it.each([
    [2, 2, false],
    [2, 3, true],
    [3, 4, false],
    [3, 5, true],
  ])('victim %i, candidate %i: admitted %s', (victim, candidate, admitted) => {
    expect(candidateAdmitted(candidate, victim)).toBe(admitted);
  });
});
