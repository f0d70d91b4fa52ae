// The store's expiry queue (src/store/expiry-queue.ts) on its own: an indexed min-heap of slots by
// expiry time. The cache's tests see it only through the sweeps, which stop at the first entry
// not yet due, so a heap out of order shows there only as an expired entry swept late; here the
// order is read directly: slots come off the top soonest first after adds, re-sorts, removals,
// growth and clear().
import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from '../src/store/expiry-queue.js';

/** A queue over its own table of expiry times. */
class Queue extends ExpiryQueue {
  readonly times: number[] = [];
  protected expiryOf(slot: number): number {
    return this.times[slot]!;
  }
  /** Sets `slot`'s time and schedules it. */
  at(slot: number, time: number): void {
    this.times[slot] = time;
    this.schedule(slot);
  }
  /** Takes every slot off the top, soonest first (stopping at 1,000, should the top never empty). */
  drain(): number[] {
    const slots: number[] = [];
    for (let slot = this.peek(); slot >= 0 && slots.length < 1000; slot = this.peek()) {
      slots.push(slot);
      this.remove(slot);
    }
    return slots;
  }
}

/** The slots of `times` (slot → time, distinct times) soonest first. */
const byTime = (times: Map<number, number>) => [...times].sort((a, b) => a[1] - b[1]).map(([slot]) => slot);

/** xorshift32: the same shuffled times on every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('ExpiryQueue', () => {
  it('an empty queue has size 0 and no slot on top (-1)', () => {
    const queue = new Queue();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBe(-1);
    queue.at(3, 10);
    expect(queue.peek()).toBe(3);
    expect(queue.drain()).toEqual([3]);
    expect(queue.peek()).toBe(-1);
  });

  it('gives slots soonest first, however they were added, across growth', () => {
    const queue = new Queue();
    const next = random(0x2545f491);
    const times = new Map<number, number>();
    // 16 slots fit at first; the rest after reserve(), which must keep what is queued.
    for (let slot = 0; slot < 16; slot++) times.set(slot, slot * 1000 + Math.floor(next() * 999));
    for (const [slot, time] of [...times].sort(() => next() - 0.5)) queue.at(slot, time);
    queue.reserve(300);
    for (let slot = 16; slot < 300; slot++) {
      times.set(slot, Math.floor(next() * 1e9));
      queue.at(slot, times.get(slot)!);
    }
    expect(queue.size).toBe(300);
    expect(queue.drain()).toEqual(byTime(times));
    expect(queue.size).toBe(0);
  });

  it('re-sorts a queued slot whose time changed, earlier or later, without queuing it twice', () => {
    const queue = new Queue();
    const times = new Map<number, number>();
    for (let slot = 0; slot < 16; slot++) {
      times.set(slot, 100 + slot * 10);
      queue.at(slot, times.get(slot)!);
    }
    for (const [slot, time] of [
      [15, 5], // the latest becomes the soonest
      [0, 500], // the soonest becomes the latest
      [7, 101], // a middle one moves up
      [3, 175], // and one moves down
    ] as const) {
      times.set(slot, time);
      queue.at(slot, time);
    }
    expect(queue.size).toBe(16);
    expect(queue.drain()).toEqual(byTime(times));
  });

  it('removes a slot from anywhere in the heap; removing one not queued changes nothing', () => {
    const queue = new Queue();
    const times = new Map<number, number>();
    for (let slot = 0; slot < 16; slot++) {
      times.set(slot, (slot * 7) % 16);
      queue.at(slot, times.get(slot)!);
    }
    for (const slot of [5, 0, 11]) {
      queue.remove(slot);
      times.delete(slot);
    }
    queue.remove(5);
    expect(queue.size).toBe(13);
    expect(queue.drain()).toEqual(byTime(times));
  });

  it('clear() forgets every slot: they can be queued again, each once', () => {
    const queue = new Queue();
    for (let slot = 0; slot < 10; slot++) queue.at(slot, 100 - slot);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBe(-1);
    for (let slot = 0; slot < 10; slot++) queue.at(slot, slot);
    expect(queue.size).toBe(10);
    expect(queue.drain()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('release() (the cache closed) leaves it empty', () => {
    const queue = new Queue();
    for (let slot = 0; slot < 10; slot++) queue.at(slot, slot);
    queue.release();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBe(-1);
  });
});
