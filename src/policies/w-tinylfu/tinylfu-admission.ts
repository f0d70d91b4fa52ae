// W-TinyLFU's admission rule: does the candidate (the window's overflow) take the place of the
// victim (probation's LRU entry)? The candidate must be more frequent, by more than one access
// against an established victim, and a warm candidate that loses is admitted 1 time in 128.
// WebAssembly applies it (assembly/w-tinylfu.ts, admits); its constants are defined here, where
// the reasons are, and handed over when the policy is created.
//
// Why the extra access: the candidate's estimate already counts the miss that brought it in,
// while an established victim's next access is still to come. On traffic where every key recurs
// at one rate (loops, zigzags, scans) that one access makes every newcomer win, and the main space
// churns. Why the random admission: so that an attacker who makes a victim hot (hash flooding)
// cannot lock every newcomer out.

/**
 * A victim this frequent counts as established: a candidate must beat it by two, not one. Against
 * Caffeine's plain `>` this kept loops and scans from flushing the main space, at a small cost on
 * a few traces; a threshold of 2 cost more. Figures: docs/design-measurements.md, "W-TinyLFU's
 * established victims".
 */
export const ESTABLISHED = 3;
/** Candidates at least this frequent are sometimes admitted at random (Caffeine's value). */
export const ADMIT_WARM = 6;
