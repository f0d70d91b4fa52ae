// The miniature simulations' choice of a window share at the end of a period, with the outcomes
// set directly: which share is best, which one is current, the paired test of chance (the lead
// against 2.5 standard deviations of the accesses only one of the two hit), the unpaired test of
// small caches, the hysteresis, and the fading of older periods. A table, as the admission rule's
// (tinylfu-admission.test.ts): the replays in w-tinylfu.test.ts show the choices on workloads,
// this file pins the rule they come from.
import { describe, expect, it } from 'vitest';
import { MiniatureSimulations, WINDOW_SHARES } from '../../src/policies/w-tinylfu/miniature-simulations.js';

/** Accesses that every miniature hit: the outcome set holding every share's bit. */
const ALL = (1 << WINDOW_SHARES.length) - 1;
const FIRST = 0; // share 0.01
const LAST = WINDOW_SHARES.length - 1; // share 0.99

/** A period's outcomes: accesses by the set of miniatures that hit them. */
type Outcomes = Record<number, number>;

/** A period of outcomes, as `entries` would score it, and the share it moves to from `current` (-1: stays). */
function choice(entries: number, outcomes: Outcomes, current: number): { share: number; faded: Float64Array } {
  const minis = new MiniatureSimulations(entries);
  const counts = Reflect.get(minis, 'outcomes') as Float64Array;
  for (const [set, n] of Object.entries(outcomes)) counts[Number(set)] = n;
  const choose = Reflect.get(minis, 'choose') as (this: MiniatureSimulations, currentShare: number) => number;
  return { share: choose.call(minis, current), faded: counts };
}

/** Accesses only `share`'s miniature hit. */
const only = (share: number) => 1 << share;

describe('MiniatureSimulations: the choice at the end of a period', () => {
  // 800 entries: the paired test (PAIRED_MIN_ENTRIES is 768). A lead over the current share is
  // (only best) - (only current), against 2.5 × √(only best + only current).
  it.each([
    // only the largest window hit, only the current one hit, moves?
    [30, 5, true], // lead 25 against 14.8
    [20, 5, true], // lead 15 against 12.5
    [15, 5, false], // lead 10 against 11.2
    [12, 0, true], // lead 12 against 8.7
    [9, 0, true], // lead 9 against 7.5
    [6.25, 0, true], // lead 6.25 against exactly 6.25 (older periods' fading makes counts fractional)
    [6, 0, false], // lead 6 against 6.1
    [5, 5, false], // no lead
    [0, 30, false], // the current share leads
  ])('paired test: %i accesses only the best hit, %i only the current: moves %s', (onlyBest, onlyCurrent, moves) => {
    const outcomes = { [ALL]: 1000, [only(LAST)]: onlyBest, [only(FIRST)]: onlyCurrent };
    expect(choice(800, outcomes, WINDOW_SHARES[FIRST]!).share).toBe(moves ? WINDOW_SHARES[LAST] : -1);
  });

  it('below PAIRED_MIN_ENTRIES the lead must beat 2 × √(both scores): the hits they share count', () => {
    // 400 entries: a lead of 25 is not enough against scores of 1,030 and 1,005 (spread 90)…
    expect(choice(400, { [ALL]: 1000, [only(LAST)]: 30, [only(FIRST)]: 5 }, 0.01).share).toBe(-1);
    // …and is against scores of 30 and 5 (spread 11.8), as it is for the paired test at 800.
    expect(choice(400, { [only(LAST)]: 30, [only(FIRST)]: 5 }, 0.01).share).toBe(WINDOW_SHARES[LAST]);
    expect(choice(800, { [ALL]: 1000, [only(LAST)]: 30, [only(FIRST)]: 5 }, 0.01).share).toBe(WINDOW_SHARES[LAST]);
  });

  it('the lead must also exceed 0.5 % of the current share’s score', () => {
    // Scores of 10,000: a lead of 40 passes the paired test (15.8) but not the hysteresis (50)…
    expect(choice(800, { [ALL]: 10_000, [only(LAST)]: 40 }, 0.01).share).toBe(-1);
    expect(choice(800, { [ALL]: 10_000, [only(LAST)]: 50 }, 0.01).share).toBe(-1); // exactly 0.5 %
    // …and a lead of 60 passes both.
    expect(choice(800, { [ALL]: 10_000, [only(LAST)]: 60 }, 0.01).share).toBe(WINDOW_SHARES[LAST]);
  });

  it('moves to the share with the highest score; a tie keeps the first of them', () => {
    // Shares 0.2 and 0.7 both beat the current 0.01 by 40; 0.7 by 45.
    const outcomes = { [only(2)]: 40, [only(4)]: 45 };
    expect(choice(800, outcomes, 0.01).share).toBe(WINDOW_SHARES[4]);
    expect(choice(800, { [only(2)]: 45, [only(4)]: 45 }, 0.01).share).toBe(WINDOW_SHARES[2]);
    // Every share hit the same: the first is best, and it is the current one: no move.
    expect(choice(800, { [ALL]: 500 }, WINDOW_SHARES[FIRST]!).share).toBe(-1);
  });

  it('judges against the share nearest the current window', () => {
    // The best is 0.99 by 20 over 0.4, and by 60 over every other share.
    const outcomes = { [only(LAST)]: 60, [only(3)]: 40 };
    expect(choice(800, outcomes, 0.01).share).toBe(WINDOW_SHARES[LAST]);
    // A window at 0.38 is judged as 0.4: a lead of 20 against 2.5 × √100 = 25 does not move it.
    expect(choice(800, outcomes, 0.38).share).toBe(-1);
    // A window at 0.3 is judged as 0.2, which hit none of them: 60 behind the best, it moves.
    expect(choice(800, outcomes, 0.3).share).toBe(WINDOW_SHARES[LAST]);
    // A window at the best share stays.
    expect(choice(800, outcomes, 0.99).share).toBe(-1);
  });

  it('fades every outcome to 0.995 of itself at the end of a period, the shared hits too', () => {
    const { faded } = choice(800, { [ALL]: 1000, [only(LAST)]: 200, [only(FIRST)]: 10 }, 0.01);
    expect(faded[ALL]).toBeCloseTo(995, 9);
    expect(faded[only(LAST)]).toBeCloseTo(199, 9);
    expect(faded[only(FIRST)]).toBeCloseTo(9.95, 9);
  });
});
