// Helpers for the policies' dump() notes (policy.ts: hint, checkHint, restore): the checks a
// loaded note goes through, each error naming the field, and the restore that most list-based
// policies share.

import type { Policy, PolicyHint } from '../policy.js';
import { describe, requireInteger } from '../validate.js';

/** A note field that must be one of `allowed`; returns its index there. */
export function hintChoice(hint: PolicyHint, where: string, field: string, allowed: readonly (string | number)[]): number {
  const at = allowed.indexOf(hint[field]!);
  if (at < 0) {
    throw new RangeError(`cortado: ${where}.${field} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(hint[field])}`);
  }
  return at;
}

/** A note field that must be an integer from `min` to `max`. */
export function hintInteger(hint: PolicyHint, where: string, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return requireInteger(`${where}.${field}`, hint[field], min, max);
}

/**
 * restore() for a policy whose victims are its newest entries (lifo, mru): inserting the last
 * victim first leaves the next victim on top.
 */
export function insertNewestFirst(policy: Policy, slots: readonly number[]): void {
  for (let i = slots.length - 1; i >= 0; i--) policy.insert(slots[i]!);
}
