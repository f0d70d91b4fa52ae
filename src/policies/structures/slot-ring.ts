// A fixed ring of positions with one hand, as cachekit's ClockRing lays out its entries: the
// layout under the cachekit variants of `clock` (cachekit/clock.ts) and `clock-pro`
// (cachekit/clock-pro.ts), where the position an entry takes after removals decides later victims.
// The ring is as long as the budget in entries (`capacity()`), but is allocated lazily: positions
// never used are empty in cachekit too, so the array grows (doubling, up to the capacity) when
// the hand first moves past its end. With costs below 1 (more entries than the capacity) a full
// ring doubles when an entry finds no empty position. Placing is O(1) amortised unless removals
// left holes before the hand; everything else is O(1).

import { grown } from '../../typed-arrays.js';

const EMPTY = -1;

export class SlotRing {
  /** Slot ids by position, EMPTY where free. */
  private ring: Int32Array;
  /** Each slot's position (-1: not in the ring). */
  private position: Int32Array;
  hand = 0;
  count = 0;

  constructor(
    slots: number,
    private readonly capacity: () => number,
  ) {
    this.ring = new Int32Array(Math.max(1, Math.min(capacity(), 16))).fill(EMPTY);
    this.position = new Int32Array(slots).fill(-1);
  }

  /** Positions allocated (the capacity once the ring has filled, with unit costs). */
  get length(): number {
    return this.ring.length;
  }

  reserve(n: number): void {
    if (n > this.position.length) this.position = grown(this.position, n, -1);
  }

  /** The slot at the hand, or -1 if that position is empty. */
  atHand(): number {
    return this.ring[this.hand]!;
  }

  /** Moves the hand one position on, wrapping at the ring's end (a sweep over a full ring). */
  advance(): void {
    this.hand = this.hand + 1 === this.ring.length ? 0 : this.hand + 1;
  }

  /** Puts a slot in the first empty position from the hand on; the hand stops just past it. */
  place(slot: number): void {
    if (this.count === this.ring.length) this.grow(this.ring.length);
    while (this.ring[this.hand] !== EMPTY) this.step();
    this.ring[this.hand] = slot;
    this.position[slot] = this.hand;
    this.count++;
    this.step();
  }

  /** Empties a slot's position; the hand stays. */
  take(slot: number): void {
    this.ring[this.position[slot]!] = EMPTY;
    this.position[slot] = -1;
    this.count--;
  }

  clear(): void {
    this.ring.fill(EMPTY);
    this.position.fill(-1);
    this.hand = this.count = 0;
  }

  /** One position on; at the end, grows into the positions not allocated yet, else wraps. */
  private step(): void {
    if (++this.hand < this.ring.length) return;
    const length = this.ring.length;
    if (length < this.capacity()) this.grow(length);
    else this.hand = 0;
  }

  /** Doubles the ring (up to the capacity until it is reached); the hand goes to the first new position. */
  private grow(length: number): void {
    const capacity = this.capacity();
    this.ring = grown(this.ring, length >= capacity ? 2 * length : Math.min(2 * length, capacity), EMPTY);
    this.hand = length;
  }
}
