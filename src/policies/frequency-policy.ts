// The policy over FrequencyBuckets that LFU and MFU share: every access counts one (updates only
// when `updatesCount`), and the victim is the least recently used slot of the lowest (LFU) or
// highest (MFU) frequency. The slot being written is not a candidate while others are. Every
// operation is O(1).

import type { Policy, PolicyContext, PolicyHint } from '../policy.js';
import { FrequencyBuckets } from './structures/frequency-buckets.js';
import { hintInteger } from './machinery/hints.js';
import { evictInTurn, reuseNextVictim } from './machinery/evict-in-turn.js';

export class FrequencyPolicy implements Policy {
  private readonly buckets: FrequencyBuckets;

  /** `evictLeastFrequent`: true for LFU, false for MFU. */
  constructor(
    readonly name: string,
    private readonly evictLeastFrequent: boolean,
    context: PolicyContext,
    private readonly updatesCount = true,
  ) {
    this.buckets = new FrequencyBuckets(context.initialSlots);
  }

  reserve(n: number): void {
    this.buckets.reserve(n);
  }

  insert(slot: number): void {
    this.buckets.add(slot);
  }

  hit(slot: number): void {
    this.buckets.touch(slot);
  }

  update(slot: number): void {
    if (this.updatesCount) this.buckets.touch(slot);
  }

  remove(slot: number): void {
    this.buckets.delete(slot);
  }

  peek(): number {
    return this.buckets.victim(this.evictLeastFrequent, -1);
  }

  makeRoom(incoming: number, _cost: number, onVictim: (slot: number) => boolean, keep: number): void {
    evictInTurn(this, onVictim, keep);
    if (incoming >= 0) this.insert(incoming);
  }

  reuseVictim(): number {
    return reuseNextVictim(this);
  }

  /** Unlinks and returns the next victim (-1: none), `keep` (a slot being updated) only if it is the last. */
  evictNext(keep: number): number {
    const victim = this.buckets.victim(this.evictLeastFrequent, keep);
    if (victim >= 0) this.buckets.delete(victim);
    return victim;
  }

  clear(): void {
    this.buckets.clear();
  }

  /** dump()'s note: `freq`, the access count. */
  hint(slot: number): PolicyHint {
    return { name: this.name, freq: this.buckets.frequency(slot) };
  }

  checkHint(hint: PolicyHint, where: string): void {
    hintInteger(hint, where, 'freq', 1);
  }

  /** load(): each slot at its noted count (else 1), least recently used first within a count. */
  restore(slots: readonly number[], hints: readonly (PolicyHint | undefined)[]): void {
    for (let i = 0; i < slots.length; i++) this.buckets.addAt(slots[i]!, (hints[i]?.freq as number | undefined) ?? 1);
  }
}
