// InFlight (src/adapters/redis/in-flight.ts): tickets spoiled by news of their key, and the reads without
// a ticket (since() / freshSince()) that get() uses, including what happens once the map of
// recent invalidations forgets: a read older than what was forgotten is never taken as fresh.
// No server.
import { describe, expect, it } from 'vitest';
import { InFlight, REMEMBERED } from '../../src/adapters/redis/in-flight.js';

describe('InFlight', () => {
  it('a read without a ticket is fresh unless its key, or every key, was invalidated after it began', () => {
    const inFlight = new InFlight();
    const first = inFlight.since();
    expect(inFlight.freshSince('a', first)).toBe(true);
    inFlight.invalidate('b');
    expect(inFlight.freshSince('a', first)).toBe(true);
    expect(inFlight.freshSince('b', first)).toBe(false);
    const second = inFlight.since(); // begun after b's invalidation
    expect(inFlight.freshSince('b', second)).toBe(true);
    inFlight.invalidate('a');
    expect(inFlight.freshSince('a', first)).toBe(false);
    expect(inFlight.freshSince('a', second)).toBe(false);
    const third = inFlight.since();
    inFlight.invalidateAll();
    for (const read of [first, second, third]) expect(inFlight.freshSince('c', read)).toBe(false);
    expect(inFlight.freshSince('a', inFlight.since())).toBe(true);
  });

  it('a read older than the invalidations it forgot is taken as overtaken, a newer one is not', () => {
    const inFlight = new InFlight();
    const old = inFlight.since();
    inFlight.invalidate('a');
    const recent = inFlight.since();
    for (let i = 0; i < 2 * REMEMBERED; i++) inFlight.invalidate(`other ${i}`); // two generations: 'a' is forgotten
    expect(inFlight.freshSince('a', old)).toBe(false);
    expect(inFlight.freshSince('z', old)).toBe(false); // not fresh: what it may have missed is forgotten
    const newest = inFlight.since();
    expect(inFlight.freshSince('a', newest)).toBe(true);
    inFlight.invalidate('a');
    expect(inFlight.freshSince('a', newest)).toBe(false);
    expect(inFlight.freshSince('z', newest)).toBe(true);
    // A read begun within the generations still remembered sees its key's invalidation.
    const mid = inFlight.since();
    for (let i = 0; i < REMEMBERED / 2; i++) inFlight.invalidate(`more ${i}`);
    inFlight.invalidate('m');
    for (let i = 0; i < REMEMBERED; i++) inFlight.invalidate(`yet more ${i}`); // 'm' is now in the older generation
    expect(inFlight.freshSince('q', mid)).toBe(true); // nothing forgotten since mid began…
    expect(inFlight.freshSince('m', mid)).toBe(false); // …so this is m's invalidation, remembered
    expect(recent).toBeLessThan(newest);
  });

  it('tickets: spoiled by news of their key (not the caller’s own), by invalidateAll, not by other keys', () => {
    const inFlight = new InFlight();
    const mine = inFlight.begin('k');
    const other = inFlight.begin('k');
    const elsewhere = inFlight.begin('j');
    inFlight.invalidate('k', mine);
    expect(inFlight.end(other)).toBe(false);
    expect(inFlight.end(mine)).toBe(true);
    expect(inFlight.end(elsewhere)).toBe(true);
    const late = inFlight.begin('j');
    inFlight.invalidateAll();
    expect(inFlight.end(late)).toBe(false);
  });

  it('spoils a lone ticket and every ticket of a key, by the key or by invalidateAll', () => {
    const inFlight = new InFlight();
    const lone = inFlight.begin('a');
    inFlight.invalidate('a');
    expect(inFlight.end(lone)).toBe(false);
    const pair = [inFlight.begin('b'), inFlight.begin('b')];
    inFlight.invalidateAll();
    expect(pair.map((ticket) => inFlight.end(ticket))).toEqual([false, false]);
  });

  it('a ticket given back leaves the others of its key spoilable, and none is kept once all are back', () => {
    const inFlight = new InFlight();
    const byKey = Reflect.get(inFlight, 'byKey') as Map<string, unknown>;
    const first = inFlight.begin('k');
    const second = inFlight.begin('k');
    const third = inFlight.begin('k');
    expect(inFlight.end(first)).toBe(true);
    inFlight.invalidate('k'); // still two out: both hear it
    expect(inFlight.end(second)).toBe(false);
    expect(inFlight.end(third)).toBe(false);
    expect(byKey.size).toBe(0);
    // A lone ticket, and a pair given back in the other order.
    inFlight.end(inFlight.begin('a'));
    const pair = [inFlight.begin('b'), inFlight.begin('b')];
    inFlight.end(pair[1]!);
    inFlight.end(pair[0]!);
    expect(byKey.size).toBe(0); // no key kept for tickets all given back (a leak per key fetched)
  });
});
