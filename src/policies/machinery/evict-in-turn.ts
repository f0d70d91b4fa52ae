// The victim loop of makeRoom() for the policies that evict before they place (the papers' order,
// and cachekit's): victims from the policy's own next-victim rule, one at a time, until the store
// says it has room (policy.ts). What differs between those policies is the rule and where the
// newcomer goes, which stay in each policy; the loop is this one. Its twin, placeThenEvictInTurn,
// serves the policies whose rule needs the newcomer among the residents first (lru-k, random).

/** A policy whose victims come one at a time from `evictNext(keep)` (-1: none left). */
export interface EvictsInTurn {
  /** Unlinks and returns the next victim, sparing `keep` (an entry being updated) while others remain. */
  evictNext(keep: number): number;
}

/**
 * Policy.reuseVictim for a policy whose makeRoom() is evictInTurn() then insert(incoming): the
 * next victim, taken in again as the newcomer, in its own slot. Only for a policy whose insert()
 * reads neither the slot's key nor its hash (both are still the victim's then) nor the store's
 * size or total (the victim still counts in them).
 */
export function reuseNextVictim(policy: EvictsInTurn & { insert(slot: number): void }): number {
  const victim = policy.evictNext(-1);
  if (victim >= 0) policy.insert(victim);
  return victim;
}

/** Hands the policy's victims to `onVictim` until it answers that there is room, or none is left. */
export function evictInTurn(policy: EvictsInTurn, onVictim: (slot: number) => boolean, keep: number): void {
  for (;;) {
    const victim = policy.evictNext(keep);
    if (victim < 0 || !onVictim(victim)) return;
  }
}

/**
 * makeRoom() for a policy that takes the newcomer in first (its rule needs the newcomer among the
 * residents): the newcomer, then victims in turn, sparing it (or `keep`) while others remain.
 * Handing the newcomer itself to `onVictim` refuses it.
 */
export function placeThenEvictInTurn(
  policy: EvictsInTurn & { insert(slot: number): void },
  incoming: number,
  onVictim: (slot: number) => boolean,
  keep: number,
): void {
  if (incoming >= 0) policy.insert(incoming);
  let spared = incoming >= 0 ? incoming : keep;
  for (;;) {
    const victim = policy.evictNext(spared);
    if (victim < 0) return;
    if (victim === spared) spared = -1; // the newcomer refused (the only entry left), or the updated slot evicted
    if (!onVictim(victim)) return;
  }
}
