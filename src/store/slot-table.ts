// The slot table: where the store keeps its entries. A key maps to an integer slot, and the slot
// indexes the key, the value and the cost; the policy, the expiry queue and the kernels keep
// their per-slot state under the same integers.
//
//   key ──map──► slot ──► keys[slot], values[slot], costs[slot]
//
// A JS Map gives exact Map semantics (SameValueZero; objects by identity) and is the fastest
// lookup for strings, because V8 caches a string's hash inside the string.
//
// The table is also the store as its policy sees it (PolicyHost): the budget, the summed cost,
// the size, a slot's cost and key. A class with plain fields, so every cache's host has one shape
// and the policy's reads of them inline (docs/design-measurements.md, "The store's host").

import type { PolicyHost } from '../policy.js';
import type { Kernels } from '../wasm/kernels.js';
import { grown } from '../typed-arrays.js';

export class SlotTable<K, V> implements PolicyHost {
  readonly map = new Map<K, number>();
  /** The key per slot; undefined for a free slot. */
  readonly keys: (K | undefined)[] = [];
  /** The value per slot; undefined for a free slot (values are never undefined). */
  readonly values: (V | undefined)[] = [];
  /**
   * Cost per slot. Empty while every cost has been 1 (`costed` false): most caches count
   * entries, and they save 8 bytes per slot.
   */
  private costs = new Float64Array(0);
  costed = false;
  /**
   * Slots freed and not yet reused. A plain array, not a typed array of one entry per slot: it
   * holds only what is free right now (at most one entry in a full cache's steady state), so
   * it costs nothing per entry.
   */
  private readonly freeSlots: number[] = [];
  /** Slots handed out so far; beyond them, up to `capacity`, slots were never used. */
  private nextSlot = 0;
  /** Slots the per-slot arrays (here, in the kernels, the policy and the expiry) have room for. */
  capacity: number;
  /** The summed cost of the entries held. */
  totalCost = 0;
  /** The budget (the maxCost option; writable, and fit() in cache.ts then evicts down to it). */
  maxCost: number;

  constructor(
    capacity: number,
    maxCost: number,
    /** Slot hashes, for the policies that need them (PolicyHost.kernels); released by close(). */
    public kernels: Kernels | undefined,
    /** Called when the table doubled, so the other per-slot state grows with it. */
    private readonly grew: (capacity: number) => void,
  ) {
    this.capacity = capacity;
    this.maxCost = maxCost;
  }

  /** Entries held. */
  get size(): number {
    return this.map.size;
  }

  costOf(slot: number): number {
    return this.costed ? this.costs[slot]! : 1;
  }

  keyOf(slot: number): unknown {
    return this.keys[slot];
  }

  /** A slot for a new entry: a freed one if any, else the next, doubling the tables when full. */
  allocate(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if (this.nextSlot === this.capacity) this.grow();
    return this.nextSlot++;
  }

  /** Stores a new entry in a slot from allocate(). */
  place(slot: number, key: K, value: V, cost: number): void {
    this.keys[slot] = key;
    this.values[slot] = value;
    this.setCost(slot, cost);
    this.map.set(key, slot);
    this.totalCost += cost;
  }

  /** Replaces a resident slot's value and cost; returns the value it held. */
  replace(slot: number, value: V, cost: number): V {
    const previous = this.values[slot] as V;
    this.values[slot] = value;
    this.totalCost += cost - this.costOf(slot);
    if (this.totalCost < 0) this.totalCost = 0; // fractional costs round; a total is never negative
    this.setCost(slot, cost);
    return previous;
  }

  /**
   * Gives a resident slot of cost 1 to a new entry of cost 1, its old entry gone without the
   * slot being freed: one out, one in (see Cache.insertOverVictim). The total is unchanged.
   */
  takeOver(slot: number, key: K, value: V): void {
    this.map.delete(this.keys[slot] as K);
    this.keys[slot] = key;
    this.values[slot] = value;
    this.map.set(key, slot);
  }

  /**
   * Drops the cost-1 entry in `victim` and stores a new cost-1 entry in `slot` (from allocate()):
   * drop() and place() at once, the total unchanged (Cache.insertAdmitted).
   */
  swap(victim: number, slot: number, key: K, value: V): void {
    const keys = this.keys;
    const values = this.values;
    this.map.delete(keys[victim] as K);
    keys[victim] = undefined;
    values[victim] = undefined;
    this.freeSlots.push(victim);
    keys[slot] = key;
    values[slot] = value;
    this.map.set(key, slot);
  }

  /** Frees a slot (the policy has already let go of it). */
  drop(slot: number): void {
    this.map.delete(this.keys[slot] as K);
    this.totalCost -= this.costOf(slot);
    // Fractional costs add up with rounding: no drift once empty, and never below zero.
    if (this.map.size === 0 || this.totalCost < 0) this.totalCost = 0;
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /**
   * Takes back a slot from allocate() that was never placed (its newcomer was refused), only
   * its key set for the policy to read.
   */
  unallocate(slot: number): void {
    this.keys[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** Empties the table, keeping its capacity. */
  clear(): void {
    this.map.clear();
    this.keys.length = 0;
    this.values.length = 0;
    this.costs.fill(1);
    this.freeSlots.length = 0;
    this.nextSlot = 0;
    this.totalCost = 0;
  }

  /** Empties the table and lets its arrays go (the cache was closed). */
  release(): void {
    this.clear();
    this.costs = new Float64Array(0);
    this.costed = false;
    this.kernels = undefined;
  }

  /** Records a slot's cost; the cost array appears at the first cost other than 1. */
  private setCost(slot: number, cost: number): void {
    if (!this.costed) {
      if (cost === 1) return;
      this.costed = true;
      this.costs = new Float64Array(this.capacity).fill(1); // every earlier entry cost 1
    }
    this.costs[slot] = cost;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    if (this.costed) this.costs = grown(this.costs, capacity, 1);
    this.kernels?.reserve(capacity);
    this.grew(capacity);
    this.capacity = capacity;
  }
}
