// W-TinyLFU's admission rule as a pure function of two frequency estimates: does the candidate
// (the window's overflow) take the place of the victim (probation's LRU entry)? The policy
// (w-tinylfu.ts) reads the estimates from the sketch and owns the random source; keeping the rule
// here lets the tests pin it with the estimates set directly.

/**
 * A victim this frequent counts as established: a candidate must beat it by two, not one. Against
 * Caffeine's plain `>` this kept loops and scans from flushing the main space, at a small cost on
 * a few traces; a threshold of 2 cost more. Figures: docs/design-measurements.md, "W-TinyLFU's
 * established victims".
 */
export const ESTABLISHED = 3;
/** Candidates at least this frequent are sometimes admitted at random (Caffeine's value). */
export const ADMIT_WARM = 6;
/** A warm candidate that loses is still admitted when the random draw's low 7 bits are 0: 1 in 128. */
const WARM_ODDS_MASK = 127;

/**
 * Where the warm admission's random 32-bit integers come from. An object with a method, not a
 * closure, so that a policy's copy (machinery/fork.ts: functions are shared, objects copied) draws from its
 * own state, never the real policy's.
 */
export interface RandomSource {
  draw(): number;
}

/**
 * TinyLFU's test. The candidate's estimate already counts the miss that brought it in, while an
 * established victim's next access is still to come: on traffic where every key recurs at one
 * rate (loops, zigzags, scans) that one access makes every newcomer win, and the main space
 * churns. So an established victim is beaten only by more than that one access. A warm
 * candidate that loses is admitted 1 time in 128, so that an attacker who makes a victim hot
 * (hash flooding) cannot lock every newcomer out.
 *
 * @param random draws a 32-bit random integer; called only for a warm candidate that lost, so
 * the caller's random sequence advances only then.
 */
export function admits(candidateFrequency: number, victimFrequency: number, random: RandomSource): boolean {
  const bar = victimFrequency >= ESTABLISHED ? victimFrequency + 1 : victimFrequency;
  if (candidateFrequency > bar) return true;
  if (candidateFrequency < ADMIT_WARM) return false;
  return (random.draw() & WARM_ODDS_MASK) === 0;
}
