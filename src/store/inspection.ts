// Inspection: what the store shows of its entries without changing anything. The live slots in
// the policy's eviction order (peekVictim(), coldest(), hottest(), dump()), one entry's info, and
// every entry as the plain data of dump() (which load() puts back: dump.ts checks it, the cache
// restores it). Functions of the store's state (the slot table, expiry and the policy), not of
// the Cache, so nothing here reaches back into cache.ts; the cache reads the clock and passes
// `now` in.

import type { DumpedEntry, EntryInfo } from '../dump.js';
import { forkVictims } from '../policies/machinery/fork.js';
import type { Policy } from '../policy.js';
import type { Expiry } from './expiry.js';
import type { SlotTable } from './slot-table.js';

/** Live slots at `now` in the policy's eviction order, next victim first (policy.ts, policies/machinery/fork.ts). */
export function* victimSlots<K, V>(
  table: SlotTable<K, V>,
  expiry: Expiry<K, V>,
  policy: Policy,
  now: number,
): Generator<number, void, undefined> {
  const order = policy.victims !== undefined ? policy.victims([...table.map.values()]) : forkVictims(policy, table);
  for (const slot of order) if (expiry.live(slot, now)) yield slot;
}

/** A live slot's value, cost and time left at `now` (cache.info()). */
export function entryInfo<K, V>(table: SlotTable<K, V>, expiry: Expiry<K, V>, slot: number, now: number): EntryInfo<V> {
  const info: EntryInfo<V> = {
    value: table.values[slot] as V,
    cost: table.costOf(slot),
    ttl: expiry.ttlLeft(slot, now),
  };
  if (expiry.idle) info.idle = expiry.expiresAt[slot]! - now;
  return info;
}

/** The entries of live `slots` as dump() gives them at `now`, with the policy's notes on their state. */
export function dumpedEntries<K, V>(
  table: SlotTable<K, V>,
  expiry: Expiry<K, V>,
  policy: Policy,
  slots: number[],
  now: number,
): [K, DumpedEntry<V>][] {
  const notes =
    policy.hints !== undefined
      ? policy.hints(slots)
      : policy.hint !== undefined
        ? slots.map((slot) => policy.hint!(slot))
        : undefined;
  return slots.map((slot, i) => {
    const entry: DumpedEntry<V> = {
      value: table.values[slot] as V,
      cost: table.costOf(slot),
      ttl: expiry.ttlLeft(slot, now),
    };
    if (notes !== undefined) entry.policy = notes[i];
    return [table.keys[slot] as K, entry];
  });
}
