// W-TinyLFU's admission rule (src/policies/w-tinylfu/tinylfu-admission.ts) with the estimates set directly:
// the table of who beats whom, the established victim's extra access, the 1-in-128 random
// admission of warm candidates, and the same table applied by a real cache whose sketch counts
// are recorded slot by slot.
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/index.js';
import { ADMIT_WARM, ESTABLISHED, admits, type RandomSource } from '../../src/policies/w-tinylfu/tinylfu-admission.js';
import type { Kernels } from '../../src/wasm/kernels.js';

/** A random source that never admits (low 7 bits never 0) and counts its draws. */
function neverDraw() {
  return {
    calls: 0,
    draw(): number {
      this.calls++;
      return 1;
    },
  };
}

/** A random source that always returns `value`. */
const always = (value: number): RandomSource => ({ draw: () => value });

/** xorshift32, as the policy draws (a fixed seed), counting its draws. */
function xorshift32(seed: number) {
  let x = seed | 1;
  return {
    calls: 0,
    draw(): number {
      this.calls++;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x;
    },
  };
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
    const draw = neverDraw();
    expect(admits(candidate, victim, draw)).toBe(admitted);
    expect(draw.calls).toBe(0); // decided without a random draw (candidates below ADMIT_WARM or winners)
  });

  it('never admits a losing candidate below ADMIT_WARM, even when the draw would', () => {
    for (let victim = 0; victim <= 15; victim++) {
      for (let candidate = 0; candidate < ADMIT_WARM; candidate++) {
        const bar = victim >= ESTABLISHED ? victim + 1 : victim;
        expect(admits(candidate, victim, always(0))).toBe(candidate > bar);
      }
    }
  });

  it('admits a warm candidate that loses about 1 time in 128 under a fixed seed, drawing once per loss', () => {
    const trials = 128_000;
    for (const candidate of [ADMIT_WARM, 15]) {
      const random = xorshift32(2026);
      let admitted = 0;
      for (let i = 0; i < trials; i++) if (admits(candidate, 15, random)) admitted++;
      expect(random.calls).toBe(trials);
      // 1,000 expected; the binomial's standard deviation is about 31.
      expect(admitted).toBeGreaterThan(850);
      expect(admitted).toBeLessThan(1150);
    }
    // Only the draw's low 7 bits decide.
    expect(admits(ADMIT_WARM, 15, always(128))).toBe(true);
    expect(admits(ADMIT_WARM, 15, always(129))).toBe(false);
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
