// cachekit's NRU (NruCache, v0.4.0), exactly: the `variant: 'cachekit'` of `nru`. The entries sit
// in a dense array with a reference bit each; a newcomer is appended with its bit clear, and get
// hits and updates set it. The victim is the first entry in array order whose bit is clear; when
// every bit is set, all are cleared and index 0 is evicted. Eviction and removal swap the last
// entry into the freed index, which decides later victims. As in cachekit, the newcomer is
// appended after the evictions for it (makeRoom; the bit, the arrival and that order are the
// mechanism of reference-bits.ts). Eviction is O(n) in the worst case
// (the scan), everything else O(1).

import type { PolicyContext } from '../../policy.js';
import { grown } from '../../typed-arrays.js';
import { ReferenceBitPolicy } from './reference-bits.js';

export class DenseNruPolicy extends ReferenceBitPolicy {
  readonly name = 'nru';
  private order: Int32Array;
  /** Each slot's index in `order` (-1: not there). */
  private pos: Int32Array;
  private length = 0;

  constructor(context: PolicyContext) {
    super(context);
    this.order = new Int32Array(context.initialSlots);
    this.pos = new Int32Array(context.initialSlots).fill(-1);
  }

  protected reserveLayout(n: number): void {
    if (n <= this.pos.length) return;
    this.order = grown(this.order, n);
    this.pos = grown(this.pos, n, -1);
  }

  /** Appends a slot to the array. */
  protected place(slot: number): void {
    this.pos[slot] = this.length;
    this.order[this.length++] = slot;
  }

  /** The first unreferenced entry in array order (all bits cleared if none is), taken out and returned (-1: none). */
  evictNext(): number {
    if (this.length === 0) return -1;
    let victim = -1;
    for (let i = 0; i < this.length; i++) {
      const slot = this.order[i]!;
      if (this.referenced[slot] === 0) {
        victim = slot;
        break;
      }
    }
    if (victim < 0) {
      for (let i = 0; i < this.length; i++) this.referenced[this.order[i]!] = 0;
      victim = this.order[0]!;
    }
    this.take(victim);
    return victim;
  }

  /**
   * load(): the victims are taken from the array's front and each removal moves the last entry
   * there, so victims v1..vn come back in that order from the array [v1, vn, vn-1, ..., v2].
   */
  restore(slots: readonly number[]): void {
    if (slots.length === 0) return;
    this.insert(slots[0]!);
    for (let i = slots.length - 1; i >= 1; i--) this.insert(slots[i]!);
  }

  clear(): void {
    for (let i = 0; i < this.length; i++) this.pos[this.order[i]!] = -1;
    this.length = 0;
  }

  /** Swap-removes a slot from the array. */
  protected take(slot: number): void {
    const i = this.pos[slot]!;
    const last = this.order[--this.length]!;
    this.order[i] = last;
    this.pos[last] = i;
    this.pos[slot] = -1;
  }
}
