// What cache.info(), dump() and load() exchange, and load()'s checks. A dump is plain data:
// `[key, { value, cost, ttl, policy? }][]`, next victim first, that JSON.stringify can write when
// keys and values can (a ttl of Infinity becomes null there, which load() reads as "no TTL").
// load() checks every entry before it changes anything, and each error names the entry.

import type { PolicyHint } from './policy.js';
import {
  describe,
  readOptions,
  requireBoolean,
  requireCost,
  requireNumber,
  requireObject,
  rejectUnknownKeys,
} from './validate.js';

/** cache.info(key): an entry as it is now, read with no side effects. */
export interface EntryInfo<V> {
  value: V;
  /** The entry's cost. */
  cost: number;
  /** Ms until its TTL deadline; Infinity without one. */
  ttl: number;
  /** Caches with `idleTtl`: ms until it expires unless read (at most `ttl`). */
  idle?: number;
}

/** One entry of dump(), the form load() takes (`cost` and `ttl` may be left out there). */
export interface DumpedEntry<V> {
  value: V;
  /** The entry's cost (load: the `cost` option's, else 1, when absent). */
  cost: number;
  /**
   * Ms left until the entry's TTL deadline; Infinity (or null, as JSON writes it) for none. In
   * load(): absent = the cache's default TTL; 0 or less = already expired, skipped.
   */
  ttl: number | null;
  /**
   * The policy's note on the entry's state beyond its place in the order (its segment, bits or
   * frequency; README, "Inspection"). load() uses it when `name` is the cache's policy and
   * ignores it otherwise.
   */
  policy?: PolicyHint;
}

/** An entry as load() accepts it. */
export type LoadEntry<K, V> = readonly [K, { value: V; cost?: number; ttl?: number | null; policy?: PolicyHint }];

/** load()'s options. */
export interface LoadOptions {
  /**
   * false (default): entries go in as a restore, bypassing admission (and shouldUpdate), in the
   * dump's order. true: each goes through set(), admission included.
   */
  admit?: boolean;
}

/** A checked entry. `ttl` undefined: the cache's default; NaN never gets here. */
export interface CheckedEntry {
  key: unknown;
  value: unknown;
  cost: number | undefined;
  ttl: number | undefined;
  hint: PolicyHint | undefined;
}

const ENTRY_FIELDS = ['value', 'cost', 'ttl', 'policy'] as const;

export function checkLoadOptions(options: unknown): boolean {
  if (options === undefined) return false;
  const o = requireObject('load() options', options);
  rejectUnknownKeys('load() option', o, ['admit']);
  return o.admit === undefined ? false : requireBoolean('load() options.admit', o.admit);
}

/**
 * Checks every entry (throws naming `entries[i]`); `checkHint` validates a hint written by the
 * cache's own policy (`policyName`); other policies' hints are dropped.
 */
export function checkEntries(
  entries: unknown,
  policyName: string,
  checkHint: ((hint: PolicyHint, where: string) => void) | undefined,
): CheckedEntry[] {
  if (!Array.isArray(entries)) {
    throw new TypeError(
      `cortado: load() entries must be an array of [key, { value, cost, ttl }] pairs (as dump() returns), got ${describe(entries)}`,
    );
  }
  const checked: CheckedEntry[] = [];
  // Every part of an entry is read once, and that value is checked and stored: a getter or Proxy
  // answering differently on a second read could otherwise store what was never checked.
  for (let i = 0; i < entries.length; i++) {
    const where = `entries[${i}]`;
    const pair: unknown = entries[i];
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(
        `cortado: load() ${where} must be a [key, { value, cost, ttl }] pair, got ${describe(pair)}${Array.isArray(pair) ? ` of length ${pair.length}` : ''}`,
      );
    }
    const key: unknown = pair[0];
    const entry = readOptions(
      `field in load() ${where}[1]:`,
      requireObject(`load() ${where}[1]`, pair[1]),
      ENTRY_FIELDS,
    );
    const value = entry.value;
    if (value === undefined) throw new TypeError(`cortado: load() ${where}[1].value must not be undefined`);
    const cost = entry.cost === undefined ? undefined : requireCost(`load() ${where}[1].cost`, entry.cost, false);
    let ttl: number | undefined;
    if (entry.ttl === null) ttl = Infinity;
    else if (entry.ttl !== undefined) ttl = requireNumber(`load() ${where}[1].ttl`, entry.ttl);
    let hint: PolicyHint | undefined;
    if (entry.policy !== undefined) {
      // A plain copy of the note (each field read once), which is what the policy reads later.
      const h: Record<string, unknown> = { ...requireObject(`load() ${where}[1].policy`, entry.policy) };
      if (typeof h.name !== 'string') {
        throw new TypeError(
          `cortado: load() ${where}[1].policy.name must be a policy name (a string), got ${describe(h.name)}`,
        );
      }
      if (h.name === policyName && checkHint !== undefined) {
        hint = h as PolicyHint;
        checkHint(hint, `load() ${where}[1].policy`);
      }
    }
    checked.push({ key, value, cost, ttl, hint });
  }
  return checked;
}
