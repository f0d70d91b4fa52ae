// SlotList.rotateTail(): the one-step form of unlink(tail()) then pushHead() that LRU and FIFO
// answer Policy.reuseVictim with. It moves the sentinel instead of the slot, so it is checked
// against the two-step form on random work over several lists, every list read both ways
// (head to tail and tail to head) after each step, lengths and owners included. SlotList.bump():
// moveToHead() for a slot the caller knows is in the list, checked the same way.
import { describe, expect, it } from 'vitest';
import { SlotList } from '../../src/policies/structures/slot-list.js';
import { rng } from '../helpers.js';

/** Every list of `l`, head to tail, then tail to head, with lengths and owners. */
function shape(l: SlotList): unknown {
  const lists = [];
  for (let list = 0; list < l.lists; list++) {
    const forward: number[] = [];
    // Bounded, so that a broken link shows as a wrong shape rather than an endless walk.
    for (let s = l.head(list); s >= 0 && forward.length <= 64; s = l.older(s)) forward.push(s);
    const backward: number[] = [];
    for (let s = l.tail(list); s >= 0 && backward.length <= 64; s = l.newer(s)) backward.push(s);
    lists.push({ forward, backward, length: l.length(list), owners: forward.map((s) => l.owner[s]) });
  }
  return lists;
}

describe('SlotList.rotateTail', () => {
  it('returns -1 on an empty list and leaves a one-slot list as it is', () => {
    const l = new SlotList(4, 2);
    expect(l.rotateTail(0)).toBe(-1);
    l.pushHead(3, 1);
    expect(l.rotateTail(0)).toBe(-1);
    expect(l.rotateTail(1)).toBe(3);
    expect(shape(l)).toEqual([
      { forward: [], backward: [], length: 0, owners: [] },
      { forward: [3], backward: [3], length: 1, owners: [1] },
    ]);
  });

  it('moves the tail to the head: 0 1 2 (head first) becomes 2 0 1', () => {
    const l = new SlotList(3);
    for (const s of [2, 1, 0]) l.pushHead(s);
    expect(l.rotateTail()).toBe(2);
    expect(shape(l)).toEqual([{ forward: [2, 0, 1], backward: [1, 0, 2], length: 3, owners: [0, 0, 0] }]);
    expect(l.rotateTail()).toBe(1);
    expect(l.rotateTail()).toBe(0);
    expect(shape(l)).toEqual([{ forward: [0, 1, 2], backward: [2, 1, 0], length: 3, owners: [0, 0, 0] }]);
  });

  it('matches unlink(tail()) then pushHead() on random work over three lists', () => {
    const slots = 24;
    const random = rng(11);
    const rotated = new SlotList(slots, 3);
    const stepped = new SlotList(slots, 3);
    for (let step = 0; step < 20_000; step++) {
      const list = random(3);
      const op = random(10);
      if (op < 4) {
        const a = rotated.rotateTail(list);
        const b = stepped.tail(list);
        if (b >= 0) {
          stepped.unlink(b);
          stepped.pushHead(b, list);
        }
        expect(a).toBe(b);
      } else {
        const slot = random(slots);
        for (const l of [rotated, stepped]) {
          if (op < 7) l.moveToHead(slot, list);
          else if (op < 8 && l.owner[slot] === -1) l.pushTail(slot, list);
          else l.unlink(slot);
        }
      }
      expect(shape(rotated)).toEqual(shape(stepped));
    }
  });

  it('keeps working after the arrays grow (reserve moves the sentinels)', () => {
    const l = new SlotList(2);
    l.pushHead(0);
    l.pushHead(1);
    l.reserve(8);
    for (let s = 2; s < 8; s++) l.pushHead(s);
    expect(l.rotateTail()).toBe(0);
    expect(l.head()).toBe(0);
    expect(l.tail()).toBe(1);
    expect(l.length()).toBe(8);
  });
});

describe('SlotList.bump', () => {
  it('matches unlink() then pushHead() for a slot already in the list, over three lists', () => {
    const slots = 24;
    const random = rng(12);
    const bumped = new SlotList(slots, 3);
    const stepped = new SlotList(slots, 3);
    for (let step = 0; step < 20_000; step++) {
      const slot = random(slots);
      const list = random(3);
      const op = random(10);
      if (op < 5 && bumped.owner[slot] !== -1) {
        const own = bumped.owner[slot]!;
        bumped.bump(slot, own);
        stepped.unlink(slot);
        stepped.pushHead(slot, own);
      } else {
        for (const l of [bumped, stepped]) {
          if (op < 8) l.moveToHead(slot, list);
          else l.unlink(slot);
        }
      }
      expect(shape(bumped)).toEqual(shape(stepped));
    }
  });

  it('leaves the head where it is', () => {
    const l = new SlotList(3);
    for (const s of [0, 1, 2]) l.pushHead(s);
    l.bump(2);
    expect(shape(l)).toEqual([{ forward: [2, 1, 0], backward: [0, 1, 2], length: 3, owners: [0, 0, 0] }]);
    l.bump(0);
    expect(shape(l)).toEqual([{ forward: [0, 2, 1], backward: [1, 2, 0], length: 3, owners: [0, 0, 0] }]);
  });
});
