// Helpers for the policies' dump() notes (policy.ts: hint, checkHint, restore): the checks a
// loaded note goes through, each error naming the field, and the restore that most list-based
// policies share.

import type { Policy, PolicyHint } from '../../policy.js';
import { describe, requireInteger } from '../../validate.js';

/** A note field that must be one of `allowed`; returns its index there. */
export function hintChoice(
  hint: PolicyHint,
  where: string,
  field: string,
  allowed: readonly (string | number)[],
): number {
  const at = allowed.indexOf(hint[field]!);
  if (at < 0) {
    throw new RangeError(
      `cortado: ${where}.${field} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(hint[field])}`,
    );
  }
  return at;
}

/** A note field that must be an integer from `min` to `max`. */
export function hintInteger(
  hint: PolicyHint,
  where: string,
  field: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  return requireInteger(`${where}.${field}`, hint[field], min, max);
}

/**
 * restore() for a policy whose victims are its newest entries (lifo, mru): inserting the last
 * victim first leaves the next victim on top.
 */
export function insertNewestFirst(policy: Policy, slots: readonly number[]): void {
  for (let i = slots.length - 1; i >= 0; i--) policy.insert(slots[i]!);
}

/** The CLOCK policies' note (clock.ts, cachekit/clock.ts): `referenced`, the reference bit (0 or 1). */
export function referencedNote(name: string, bit: number): PolicyHint {
  return { name, referenced: bit };
}

export function checkReferencedNote(hint: PolicyHint, where: string): void {
  hintChoice(hint, where, 'referenced', [0, 1]);
}

/**
 * load() for the CLOCK policies: the slots in the given order from the hand, each with its bit.
 * Their victims are every clear bit's slot from the hand, then every set one's, so this gives
 * that order back.
 */
export function restoreReferenced(
  policy: Policy,
  referenced: Uint8Array,
  slots: readonly number[],
  hints: readonly (PolicyHint | undefined)[],
): void {
  for (let i = 0; i < slots.length; i++) {
    policy.insert(slots[i]!);
    referenced[slots[i]!] = hints[i]?.referenced === 1 ? 1 : 0;
  }
}
