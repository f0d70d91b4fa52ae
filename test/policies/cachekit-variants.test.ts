// The cachekit variants (`{ name, variant: 'cachekit' }`) on short sequences (hand-written ones and the
// golden data README's examples), against the other rule of each policy, and the key order
// cachekit's ties use, for string keys too (the golden data has only numbers; its every
// operation is replayed by test/cachekit-golden.test.ts). Capacity in entries; sN set, gN get,
// dN delete.
import { describe, expect, it } from 'vitest';
import { Cache, type PolicySpec } from '../../src/index.js';

/** Runs `ops` (e.g. "s1 s2 g1 s3") on a cache of `capacity` entries; returns the keys evicted. */
function evictions<K extends number | string>(
  policy: PolicySpec,
  capacity: number,
  ops: string,
  key: (s: string) => K,
): K[] {
  const evicted: K[] = [];
  const cache = new Cache<K, number>({ maxCost: capacity, policy, onEvict: (k) => evicted.push(k) });
  for (const op of ops.split(' ')) {
    const k = key(op.slice(1));
    if (op[0] === 's') cache.set(k, 0);
    else if (op[0] === 'g') cache.get(k);
    else cache.delete(k);
  }
  return evicted;
}
const num = (ops: string, policy: PolicySpec, capacity: number): number[] => evictions(policy, capacity, ops, Number);

describe("variant: 'cachekit'", () => {
  it('2q: a re-access in probation promotes (cap 4, s1 s2 s3 s4 g1 s5 evicts 2)', () => {
    expect(num('s1 s2 s3 s4 g1 s5', { name: '2q', variant: 'cachekit' }, 4)).toEqual([2]);
    expect(num('s1 s2 s3 s4 g1 s5', { name: '2q', variant: 'paper' }, 4)).toEqual([1]);
  });

  it("names policy.variant when it is not one of the policy's variants", () => {
    expect(() => new Cache({ maxCost: 4, policy: { name: '2q', variant: 'clock' as 'paper' } })).toThrow(
      /policy\.variant of "2q" must be one of "paper", "cachekit"; got "clock"/,
    );
  });

  it('mru: an update does not move the entry (cap 3, s1 s2 s3 s1 s4 evicts 3)', () => {
    expect(num('s1 s2 s3 s1 s4', { name: 'mru', variant: 'cachekit' }, 3)).toEqual([3]);
    expect(num('s1 s2 s3 s1 s4', 'mru', 3)).toEqual([3]);
    expect(num('s1 s2 s3 s1 s4', { name: 'mru', variant: 'cortado' }, 3)).toEqual([1]);
  });

  it('heap-lfu: a tie goes to the smallest key, numbers by value and strings by code units', () => {
    const spec: PolicySpec = { name: 'heap-lfu', variant: 'cachekit' };
    expect(num('s10 s9 s2 s11', spec, 3)).toEqual([2]);
    expect(evictions(spec, 3, 'sb sab sc sa', String)).toEqual(['ab']);
    // Updates do not count: 9 stays at frequency 1 and, the smallest key, leaves first.
    expect(num('s9 s10 s9 s9 s11', spec, 2)).toEqual([9]);
    expect(num('s10 s9 s2 s11', { name: 'heap-lfu', variant: 'cortado' }, 3)).toEqual([10]);
  });

  it('heap-lfu: keys of other types tie-break to the older entry', () => {
    const a = {};
    const b = {};
    const evicted: object[] = [];
    const cache = new Cache<object, number>({
      maxCost: 2,
      policy: { name: 'heap-lfu', variant: 'cachekit' },
      onEvict: (k) => evicted.push(k),
    });
    cache.set(b, 1);
    cache.set(a, 2);
    cache.set({}, 3);
    expect(evicted).toEqual([b]);
  });

  it('slru: no demotion from protected (cap 4, s1…s4 g1 g2 g3 s5 evicts 1)', () => {
    expect(num('s1 s2 s3 s4 g1 g2 g3 s5', { name: 'slru', variant: 'cachekit' }, 4)).toEqual([1]);
    expect(num('s1 s2 s3 s4 g1 g2 g3 s5', { name: 'slru', variant: 'paper' }, 4)).toEqual([4]);
  });

  it('mfu: a tie goes to the largest key', () => {
    const spec: PolicySpec = { name: 'mfu', variant: 'cachekit' };
    expect(num('s10 s9 s2 s11', spec, 3)).toEqual([10]);
    expect(evictions(spec, 3, 'sb sab sc sa', String)).toEqual(['c']);
    expect(num('s10 s9 s2 s11', { name: 'mfu', variant: 'cortado' }, 3)).toEqual([10]);
    expect(num('s2 s9 s10 s11', { name: 'mfu', variant: 'cortado' }, 3)).toEqual([2]);
  });

  it('nru: the first unreferenced entry in array order, swap-remove reorders (cap 3)', () => {
    // d1 moves 3 into index 0; s4 is appended; 3 is then the first unreferenced.
    expect(num('s1 s2 s3 d1 s4 g2 s5', { name: 'nru', variant: 'cachekit' }, 3)).toEqual([3]);
    // cortado's NRU sets the bit on insert: every bit is set, an epoch ends, the oldest (2) leaves.
    expect(num('s1 s2 s3 d1 s4 g2 s5', { name: 'nru', variant: 'cortado' }, 3)).toEqual([2]);
    expect(num('s1 s2 s3 g1 g2 g3 s4', { name: 'nru', variant: 'cachekit' }, 3)).toEqual([1]);
    expect(num('s1 s2 s3 g1 s4', { name: 'nru', variant: 'cachekit' }, 3)).toEqual([2]);
  });

  it('lfu: an update keeps the frequency (cap 2, s1 s2 s1 s3 evicts 1)', () => {
    expect(num('s1 s2 s1 s3', 'lfu', 2)).toEqual([1]);
    expect(num('s1 s2 s1 s3', { name: 'lfu', variant: 'cachekit' }, 2)).toEqual([1]);
    expect(num('s1 s2 s1 s3', { name: 'lfu', variant: 'cortado' }, 2)).toEqual([2]);
  });

  it('clock: after a removal a newcomer fills the first free slot from the hand (cap 3, s1 s2 s3 d2 s4 s5 evicts 3)', () => {
    expect(num('s1 s2 s3 d2 s4 s5', { name: 'clock', variant: 'cachekit' }, 3)).toEqual([3]);
    expect(num('s1 s2 s3 d2 s4 s5', { name: 'clock', variant: 'cortado' }, 3)).toEqual([1]);
  });
});
