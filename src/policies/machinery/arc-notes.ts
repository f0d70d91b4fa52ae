// dump()/load() notes of the two ARC policies (arc.ts, Megiddo & Modha's; cachekit/arc.ts,
// cachekit's rules): which list an entry is in, and the adaptive target p. Both keep T1 and T2
// in one CostedLists (lists 0 and 1), so one copy of the note, its check and its restore serves both.

import type { PolicyHint } from '../../policy.js';
import { requireNonNegative } from '../../validate.js';
import type { CostedLists } from '../structures/costed-lists.js';
import { hintChoice } from './hints.js';

const T1 = 0;
const T2 = 1;

/**
 * The note: `segment`, 'T1' (seen once recently) or 'T2' (at least twice), and `target`, the
 * adaptive target p for T1 (the same in every entry: the cache's, not the entry's).
 */
export function arcNote(lists: CostedLists, slot: number, target: number): PolicyHint {
  const list = lists.lists.owner[slot];
  return { name: 'arc', segment: list === T1 ? 'T1' : 'T2', target };
}

export function checkArcNote(hint: PolicyHint, where: string): void {
  hintChoice(hint, where, 'segment', ['T1', 'T2']);
  if (hint.target !== undefined) requireNonNegative(`${where}.target`, hint.target);
}

/**
 * load(): each slot in its list (T1 without a note), in the given order. Victims leave from each
 * list's tail, and which list gives the next one depends on the lists' sizes and the target only,
 * so an empty cache gives that order back. Returns the target the notes give (the last one), or
 * undefined when none does.
 */
export function restoreArc(
  lists: CostedLists,
  slots: readonly number[],
  hints: readonly (PolicyHint | undefined)[],
  costOf: (slot: number) => number,
): number | undefined {
  lists.restore(slots, (i) => (hints[i]?.segment === 'T2' ? T2 : T1), costOf);
  let target: number | undefined;
  for (const hint of hints) if (hint?.target !== undefined) target = hint.target as number;
  return target;
}
