// One step of the miniature simulations, below the replays: how `count` accesses of a sampled key
// are credited to the outcomes, when a period ends, the miniatures' own sketch (saturation at 15
// and aging), and one miniature's lists through a miss (the window's overflow against probation's
// LRU entry, by frequency) and a probation hit (promotion, demotion past the protected share),
// with the lists built by hand and the frequencies set directly, as the admission rule's table
// (tinylfu-admission.test.ts). The end-of-period choice is miniature-choice.test.ts's.
import { describe, expect, it } from 'vitest';
import { MiniatureSimulations, WINDOW_SHARES } from '../../src/policies/w-tinylfu/miniature-simulations.js';

/** Outcome sets: accesses that every miniature hit, and that none hit. */
const ALL = (1 << WINDOW_SHARES.length) - 1;
const NONE = 0;
const LAST = WINDOW_SHARES.length - 1; // share 0.99

/** 1,000 entries: miniatures of 250 entries, 125 sampled accesses a period, the sketch aged every 2,500. */
const ENTRIES = 1000;
const PERIOD = 125;
const SKETCH_PERIOD = 2500;
/** Sampled key hashes (below the threshold, 2^30 at this size) whose sketch counters do not all meet. */
const A = 0x01234567;
const B = 0x02345678;
const C = 0x03456789;

const outcomesOf = (sims: MiniatureSimulations) => Reflect.get(sims, 'outcomes') as Float64Array;

/** The miniatures' sketch estimate of a key they hold. */
function frequency(sims: MiniatureSimulations, hash: number): number {
  const id = (Reflect.get(sims, 'directory') as Map<number, number>).get(hash);
  if (id === undefined) throw new Error(`key ${hash} is not held`);
  return sims.frequency(id);
}

describe('MiniatureSimulations.access(): the outcomes of a sampled key’s accesses', () => {
  it('credits the first of `count` accesses by who hit it, and the count - 1 after it to the miniatures that keep the key', () => {
    const sims = new MiniatureSimulations(ENTRIES);
    const outcomes = outcomesOf(sims);
    // A new key: every miniature missed it first, and every one keeps it (it enters the window).
    sims.access(A, 5, 0.01);
    expect(outcomes[NONE]).toBe(1);
    expect(outcomes[ALL]).toBe(4);
    // Held everywhere now: all three hit.
    sims.access(A, 3, 0.01);
    expect(outcomes[NONE]).toBe(1);
    expect(outcomes[ALL]).toBe(7);
    // One access of a new key: one miss, nothing after it.
    sims.access(B, 1, 0.01);
    expect(outcomes[NONE]).toBe(2);
    expect(outcomes[ALL]).toBe(7);
    expect(outcomes.reduce((sum, n) => sum + n, 0)).toBe(9);
  });

  it('ends a period at exactly PERIOD_PER_ENTRY × a miniature’s entries sampled accesses, and starts the next', () => {
    const sims = new MiniatureSimulations(ENTRIES);
    // A lead far past the test of chance: the choice moves to the largest window at the period's end.
    outcomesOf(sims)[1 << LAST] = 1000;
    for (let i = 1; i < PERIOD; i++) expect(sims.access(i, 1, 0.01)).toBe(-1);
    expect(sims.access(PERIOD, 1, 0.01)).toBe(WINDOW_SHARES[LAST]);
    // The count starts over: a key read PERIOD - 1 times does not end the next period, one more access does.
    expect(sims.access(A, PERIOD - 1, 0.01)).toBe(-1);
    expect(sims.access(B, 1, 0.01)).toBe(WINDOW_SHARES[LAST]);
  });
});

describe('MiniatureSimulations: the miniatures’ sketch', () => {
  it('adds a key’s accesses to its counters, capped at 15', () => {
    const sims = new MiniatureSimulations(ENTRIES);
    sims.access(A, 3, 0.01);
    expect(frequency(sims, A)).toBe(3);
    sims.access(A, 11, 0.01);
    expect(frequency(sims, A)).toBe(14);
    sims.access(A, 2, 0.01);
    expect(frequency(sims, A)).toBe(15);
    sims.access(B, 40, 0.01);
    expect(frequency(sims, B)).toBe(15);
    expect(frequency(sims, A)).toBe(15);
  });

  it('halves every counter once 10 × a miniature’s entries accesses were added, then counts again from zero', () => {
    const sims = new MiniatureSimulations(ENTRIES);
    sims.access(A, 8, 0.01);
    expect(frequency(sims, A)).toBe(8);
    // One addition short of the sketch's period: nothing halves.
    sims.access(B, SKETCH_PERIOD - 8 - 1, 0.01);
    expect(frequency(sims, A)).toBe(8);
    expect(frequency(sims, B)).toBe(15);
    // The period's last addition halves every counter.
    sims.access(C, 1, 0.01);
    expect(frequency(sims, A)).toBe(4);
    expect(frequency(sims, B)).toBe(7);
    // The next aging comes a whole period later.
    sims.access(B, SKETCH_PERIOD - 1, 0.01);
    expect(frequency(sims, A)).toBe(4);
    sims.access(C, 1, 0.01);
    expect(frequency(sims, A)).toBe(2);
  });
});

// One miniature, apart from its owner: its lists built by hand, its owner a stand-in that sets the
// frequencies and records what the miniature holds and lets go.

/** A miniature's outcomes for an access (miniature-simulations.ts). */
const HIT = 3;
const KEPT = 1;
/** Node ids addressable in the hand-built miniatures; their lists' sentinels are 64, 65, 66. */
const IDS = 64;

interface Miniature {
  access(id: number, owner: MiniatureSimulations): number;
  reserve(ids: number): void;
}
/** Each list, most recent first. */
interface Lists {
  window: number[];
  probation: number[];
  protected: number[];
}
const SEGMENTS = ['window', 'probation', 'protected'] as const;

/** The owner's side: frequencies set by the test; every hold and release recorded. */
class Owner {
  readonly frequencies = new Map<number, number>();
  readonly held = new Set<number>();
  readonly released: number[] = [];
  hold(id: number): void {
    this.held.add(id);
  }
  release(id: number): void {
    this.held.delete(id);
    this.released.push(id);
  }
  /** Unknown ids (a list's sentinel among them) read 0, as a key the sketch never saw. */
  frequency(id: number): number {
    return this.frequencies.get(id) ?? 0;
  }
}

/** A miniature of `size` entries with window share `share`, holding `lists`. */
function miniature(size: number, share: number, lists: Lists): Miniature {
  const someMiniature = (Reflect.get(new MiniatureSimulations(ENTRIES), 'minis') as object[])[0]!;
  const Miniature = someMiniature.constructor as new (size: number, share: number) => Miniature;
  const mini = new Miniature(size, share);
  mini.reserve(IDS);
  const pushHead = Reflect.get(mini, 'pushHead') as (this: Miniature, id: number, segment: number) => void;
  SEGMENTS.forEach((name, segment) => {
    for (const id of [...lists[name]].reverse()) pushHead.call(mini, id, segment);
  });
  return mini;
}

/** A miniature's lists, walked from each sentinel, checked against its lengths. */
function listsOf(mini: Miniature): Lists {
  const next = Reflect.get(mini, 'next') as Int16Array;
  const lengths = Reflect.get(mini, 'lengths') as Int32Array;
  const lists: Lists = { window: [], probation: [], protected: [] };
  SEGMENTS.forEach((name, segment) => {
    const sentinel = IDS + segment;
    for (let id = next[sentinel]!; id !== sentinel && lists[name].length <= IDS; id = next[id]!) lists[name].push(id);
    expect(lengths[segment], `${name}'s length`).toBe(lists[name].length);
  });
  return lists;
}

const access = (mini: Miniature, id: number, owner: Owner) => mini.access(id, owner as unknown as MiniatureSimulations);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('Miniature: one miniature’s lists through a miss and a hit', () => {
  // 10 entries at share 0.1: a window of 1, a protected space of at most 7 (80 % of main's 9).
  const SIZE = 10;
  const SHARE = 0.1;

  it('a miss enters the window and is kept; the window’s overflow goes to probation while the miniature has room', () => {
    const mini = miniature(SIZE, SHARE, { window: [], probation: [], protected: [] });
    const owner = new Owner();
    expect(access(mini, 1, owner)).toBe(KEPT);
    expect(listsOf(mini)).toEqual({ window: [1], probation: [], protected: [] });
    expect(access(mini, 2, owner)).toBe(KEPT);
    expect(listsOf(mini)).toEqual({ window: [2], probation: [1], protected: [] });
    expect([...owner.held]).toEqual([1, 2]);
    expect(owner.released).toEqual([]);
  });

  // A full miniature (1 + 2 + 7 entries): a miss pushes the window's LRU entry (the candidate, 20)
  // into probation, where it faces probation's LRU entry (the victim, 22). As the real policy's
  // rule without its random admission: the candidate must beat the victim, by two when the victim
  // was seen 3 times or more.
  it.each([
    // victim's frequency, candidate's, candidate admitted?
    [0, 0, false],
    [0, 1, true],
    [2, 2, false],
    [2, 3, true],
    [3, 3, false],
    [3, 4, false],
    [3, 5, true],
    [4, 5, false],
    [4, 6, true],
    [14, 15, false],
    [15, 15, false],
  ])('admission: victim %i, candidate %i: admitted %s', (victim, candidate, admitted) => {
    const protectedIds = range(30, 37);
    const mini = miniature(SIZE, SHARE, { window: [20], probation: [21, 22], protected: protectedIds });
    const owner = new Owner();
    owner.frequencies.set(22, victim).set(20, candidate);
    // The newcomer stays in any case (it is the window's most recent entry).
    expect(access(mini, 40, owner)).toBe(KEPT);
    expect(listsOf(mini)).toEqual({
      window: [40],
      probation: admitted ? [20, 21] : [21, 22],
      protected: protectedIds,
    });
    expect(owner.released).toEqual([admitted ? 22 : 20]);
  });

  it('a miniature that is all window (share 0.99 of 4 entries) is an LRU: its overflow leaves whatever its frequency', () => {
    // Nothing in probation or protected to face: the candidate's victim would be protected's
    // sentinel, which is no key.
    const mini = miniature(4, 0.99, { window: [0, 1, 2, 3], probation: [], protected: [] });
    const owner = new Owner();
    owner.frequencies.set(3, 15);
    expect(access(mini, 4, owner)).toBe(KEPT);
    expect(listsOf(mini)).toEqual({ window: [4, 0, 1, 2], probation: [], protected: [] });
    expect(owner.released).toEqual([3]);
  });

  it('a probation hit is promoted; protected’s LRU entry is demoted once protected holds more than its share', () => {
    const mini = miniature(SIZE, SHARE, { window: [20], probation: [21, 22], protected: range(30, 36) });
    const owner = new Owner();
    // Protected reaches its 7: nothing is demoted.
    expect(access(mini, 22, owner)).toBe(HIT);
    expect(listsOf(mini)).toEqual({ window: [20], probation: [21], protected: [22, ...range(30, 36)] });
    // An 8th: its LRU entry (35) goes back to probation's head.
    expect(access(mini, 21, owner)).toBe(HIT);
    expect(listsOf(mini)).toEqual({ window: [20], probation: [35], protected: [21, 22, ...range(30, 35)] });
    // Hits in the window and in protected move the key to its list's head.
    expect(access(mini, 30, owner)).toBe(HIT);
    expect(access(mini, 20, owner)).toBe(HIT);
    expect(listsOf(mini)).toEqual({ window: [20], probation: [35], protected: [30, 21, 22, ...range(31, 35)] });
    expect(owner.released).toEqual([]);
  });
});
