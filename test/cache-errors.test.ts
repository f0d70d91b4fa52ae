// Bad input: every option and argument gets a RangeError or TypeError naming it, thrown before
// anything changes; use after close() throws a plain Error.
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { ManualClock } from './helpers.js';

/** A small populated cache and a fingerprint of its whole state. */
function populated() {
  const cache = new Cache<string, number>({ maxCost: 10, policy: 'lru' });
  cache.set('a', 1);
  cache.set('b', 2, { cost: 3 });
  const state = () =>
    JSON.stringify({ entries: [...cache.entries()], size: cache.size, cost: cache.cost, max: cache.maxCost });
  return { cache, before: state(), state };
}

describe('constructor options', () => {
  const cases: [string, unknown, ErrorConstructor, RegExp][] = [
    ['no options', undefined, TypeError, /options must be an object/],
    ['options not an object', 5, TypeError, /options must be an object/],
    ['missing maxCost', {}, TypeError, /maxCost is required/],
    ['maxCost zero', { maxCost: 0 }, RangeError, /maxCost must be > 0/],
    ['maxCost negative', { maxCost: -1 }, RangeError, /maxCost must be > 0/],
    ['maxCost NaN', { maxCost: NaN }, RangeError, /maxCost must not be NaN/],
    ['maxCost string', { maxCost: '10' }, TypeError, /maxCost must be a number/],
    ['unknown option', { maxCost: 1, maxcost: 2 }, TypeError, /unknown option "maxcost"; did you mean "maxCost"\?/],
    ["lru-cache's max", { max: 2 }, TypeError, /unknown option "max"; did you mean "maxCost"\? allowed: maxCost/],
    [
      "lru-cache's dispose",
      { maxCost: 1, dispose: () => {} },
      TypeError,
      /unknown option "dispose"; did you mean "onExit"\?/,
    ],
    ['a typo', { maxCost: 1, bufferItem: 8 }, TypeError, /unknown option "bufferItem"; did you mean "bufferItems"\?/],
    ['no near name', { maxCost: 1, zzz: 8 }, TypeError, /unknown option "zzz"; allowed: maxCost/],
    [
      'policy in capitals',
      { maxCost: 1, policy: 'LRU' },
      RangeError,
      /unknown policy "LRU"; did you mean "lru"\? \(policy names are lower case\)/,
    ],
    [
      'policy unknown',
      { maxCost: 1, policy: 'lruu' },
      RangeError,
      /unknown policy "lruu"; did you mean "lru"\? allowed: .*lru/,
    ],
    ['policy wrong type', { maxCost: 1, policy: 3 }, TypeError, /policy must be a policy name/],
    [
      'policy object without name',
      { maxCost: 1, policy: {} },
      TypeError,
      /^cortado: policy is an object without a name; pass \{ name, \.\.\.options \}, name one of: w-tinylfu, /,
    ],
    [
      'policy name not a string',
      { maxCost: 1, policy: { name: 5 } },
      TypeError,
      /^cortado: policy\.name must be a policy name \(a string\), got 5$/,
    ],
    [
      'policy array',
      { maxCost: 1, policy: ['lru'] },
      TypeError,
      /^cortado: policy must be a policy name or \{ name, \.\.\.options \}, got an array$/,
    ],
    [
      'policy unknown option',
      { maxCost: 1, policy: { name: 'lru', k: 2 } },
      TypeError,
      /^cortado: policy "lru" has no option "k"; allowed: name$/,
    ],
    [
      'policy option misspelt',
      { maxCost: 1, policy: { name: 'lru-k', K: 2 } },
      TypeError,
      /^cortado: policy "lru-k" has no option "K"; allowed: name, k, variant$/,
    ],
    ['numCounters fraction', { maxCost: 1, numCounters: 1.5 }, RangeError, /numCounters must be an integer/],
    ['numCounters zero', { maxCost: 1, numCounters: 0 }, RangeError, /numCounters must be an integer/],
    // 2^30 counters on a 10-entry cache asked for a 2 GiB sketch: refused, naming the limit.
    [
      'numCounters 2^30',
      { maxCost: 10, numCounters: 2 ** 30 },
      RangeError,
      /^cortado: numCounters must be at most 16,777,216 \(2\^24, a 32 MiB sketch\), got 1073741824$/,
    ],
    [
      'numCounters 2^24 + 1',
      { maxCost: 10, numCounters: 2 ** 24 + 1 },
      RangeError,
      /numCounters must be at most 16,777,216/,
    ],
    ['maxCost a bigint', { maxCost: 5n }, TypeError, /^cortado: maxCost must be a number, got 5n$/],
    ['maxCost a function', { maxCost: () => 5 }, TypeError, /^cortado: maxCost must be a number, got a function$/],
    // The hint for a misspelt option: a letter or two missing at the end, not three; not for two letters.
    [
      'numCounters two letters short',
      { maxCost: 1, numCounte: 5 },
      TypeError,
      /^cortado: unknown option "numCounte"; did you mean "numCounters"\? allowed: /,
    ],
    [
      'numCounters three letters short',
      { maxCost: 1, numCount: 5 },
      TypeError,
      /^cortado: unknown option "numCount"; allowed: /,
    ],
    ['a two-letter name', { maxCost: 1, tt: 5 }, TypeError, /^cortado: unknown option "tt"; allowed: /],
    // A fraction strictly between 0 and 1; a ratio that is a finite number.
    [
      'windowFrac 0',
      { maxCost: 1, policy: { name: 'w-tinylfu', windowFrac: 0 } },
      RangeError,
      /^cortado: policy\.windowFrac must be between 0 and 1 \(exclusive\), got 0$/,
    ],
    [
      'windowFrac 1',
      { maxCost: 1, policy: { name: 'w-tinylfu', windowFrac: 1 } },
      RangeError,
      /^cortado: policy\.windowFrac must be between 0 and 1 \(exclusive\), got 1$/,
    ],
    [
      'ghostRatio Infinity',
      { maxCost: 1, policy: { name: 's3-fifo', ghostRatio: Infinity } },
      RangeError,
      /^cortado: policy\.ghostRatio must be finite, got Infinity$/,
    ],
    // A case slip is hinted as the name it slipped from, even where a shorter name is near it too.
    [
      'policy name in upper case',
      { maxCost: 1, policy: 'LRU-K' },
      RangeError,
      /^cortado: unknown policy "LRU-K"; did you mean "lru-k"\? \(policy names are lower case\)/,
    ],
    ['ttl negative', { maxCost: 1, ttl: -5 }, RangeError, /ttl must be >= 0/],
    ['ttl NaN', { maxCost: 1, ttl: NaN }, RangeError, /ttl must not be NaN/],
    ['ttl string', { maxCost: 1, ttl: '5' }, TypeError, /ttl must be a number/],
    ['cost not a function', { maxCost: 1, cost: 5 }, TypeError, /cost must be a function/],
    ['shouldUpdate not a function', { maxCost: 1, shouldUpdate: true }, TypeError, /shouldUpdate must be a function/],
    ['onEvict not a function', { maxCost: 1, onEvict: {} }, TypeError, /onEvict must be a function/],
    ['onReject not a function', { maxCost: 1, onReject: 'x' }, TypeError, /onReject must be a function/],
    ['onExit not a function', { maxCost: 1, onExit: 1 }, TypeError, /onExit must be a function/],
    ['metrics not a boolean', { maxCost: 1, metrics: 1 }, TypeError, /metrics must be a boolean/],
    ['clock not an object', { maxCost: 1, clock: () => 1 }, TypeError, /clock must be an object/],
    ['clock without now', { maxCost: 1, clock: {} }, TypeError, /clock.now must be a function/],
    ['bufferItems zero', { maxCost: 1, bufferItems: 0 }, RangeError, /bufferItems must be an integer/],
    ['bufferItems huge', { maxCost: 1, bufferItems: 1e9 }, RangeError, /bufferItems must be an integer/],
    ['seed Infinity', { maxCost: 1, seed: Infinity }, RangeError, /seed must be finite/],
    [
      'wasmModule wrong type',
      { maxCost: 1, wasmModule: new Uint8Array(4) },
      TypeError,
      /wasmModule must be a WebAssembly.Module/,
    ],
  ];
  for (const [name, options, type, message] of cases) {
    it(`${name}: ${type.name}`, () => {
      const attempt = () => new Cache(options as never);
      expect(attempt).toThrow(type);
      expect(attempt).toThrow(message);
    });
  }

  // Only undefined means "not given": null is a wrong type for every option, as TypeScript says.
  const nullable = [
    'maxCost',
    'policy',
    'numCounters',
    'ttl',
    'cost',
    'shouldUpdate',
    'onEvict',
    'onReject',
    'onExit',
    'metrics',
    'clock',
    'bufferItems',
    'seed',
    'wasmModule',
  ];
  it.each(nullable)('%s: null is a TypeError naming it, like every other option', (name) => {
    const attempt = () => new Cache({ maxCost: 1, [name]: null } as never);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(new RegExp(`^cortado: ${name.replace('.', '\\.')}\\b.*got null$`));
  });

  it('numCounters up to 2^24 is accepted; undefined options are defaults', () => {
    expect(new Cache({ maxCost: 10, policy: 'lru', numCounters: 2 ** 24 }).maxCost).toBe(10);
    const cache = new Cache<string, number>({ maxCost: 2, policy: undefined, ttl: undefined, onExit: undefined });
    expect(cache.set('a', 1)).toBe(true);
  });

  it('ttl, idleTtl and refreshAfter of Infinity are accepted and mean none, as 0 does', () => {
    const clock = new ManualClock();
    const load = (key: string) => `loaded ${key}`;
    const cache = new Cache<string, string>({
      maxCost: 10,
      ttl: Infinity,
      idleTtl: Infinity,
      refreshAfter: Infinity,
      load,
      clock,
    });
    cache.set('a', 'v');
    clock.advance(1e12);
    expect([cache.get('a'), cache.getTTL('a'), cache.getGivenTTL('a')]).toEqual(['v', Infinity, Infinity]);
    cache.close();
  });

  it('maxCost Infinity is an unbounded cache', () => {
    const cache = new Cache<number, number>({ maxCost: Infinity, policy: 'lru' });
    for (let i = 0; i < 10_000; i++) cache.set(i, i);
    expect(cache.size).toBe(10_000);
  });
});

// A fractional maxCost is a real budget (GB of costs in GB), so it is accepted; with the default
// cost of 1, one below 1 refuses every set() visibly (false, onReject), as README says.
describe('maxCost below 1', () => {
  it('refuses default-cost values visibly: set() returns false and onReject fires', () => {
    const rejected: string[] = [];
    const cache = new Cache<string, number>({ maxCost: 0.5, onReject: (key) => rejected.push(key) });
    expect(cache.set('a', 1)).toBe(false);
    expect([cache.size, cache.has('a'), rejected, cache.stats().setsRejected]).toEqual([0, false, ['a'], 1]);
  });

  it('a budget lowered below 1 refuses the next set() as one built below 1 does; raised again, it stores', () => {
    const rejected: string[] = [];
    const cache = new Cache<string, number>({ maxCost: 10, onReject: (key) => rejected.push(key) });
    expect(cache.set('a', 1)).toBe(true);
    cache.maxCost = 0.5; // evicts 'a'
    expect([cache.set('b', 2), cache.set('a', 3)]).toEqual([false, false]);
    expect([cache.size, rejected]).toEqual([0, ['b', 'a']]);
    cache.maxCost = 2;
    expect([cache.set('c', 4), cache.get('c')]).toEqual([true, 4]);
    cache.close();
  });

  it('holds values whose cost fits, as any budget does', () => {
    const cache = new Cache<string, number>({ maxCost: 0.5, policy: 'lru', cost: () => 0.25 });
    expect([cache.set('a', 1), cache.set('b', 2), cache.set('c', 3)]).toEqual([true, true, true]);
    expect([...cache.keys()].sort()).toEqual(['b', 'c']);
    expect(cache.cost).toBe(0.5);
  });
});

describe('method arguments leave the cache unchanged', () => {
  const cases: [string, (c: Cache<string, number>) => unknown, ErrorConstructor, RegExp][] = [
    ['set undefined value', (c) => c.set('x', undefined as never), TypeError, /value must not be undefined/],
    ['set negative cost', (c) => c.set('x', 1, { cost: -1 }), RangeError, /cost must be >= 0/],
    ['set NaN cost', (c) => c.set('x', 1, { cost: NaN }), RangeError, /cost must not be NaN/],
    ['set Infinity cost', (c) => c.set('x', 1, { cost: Infinity }), RangeError, /cost must be finite/],
    ['set string cost', (c) => c.set('x', 1, { cost: '1' as never }), TypeError, /cost must be a number/],
    ['set negative ttl', (c) => c.set('x', 1, { ttl: -1 }), RangeError, /ttl must be >= 0/],
    ['set NaN ttl', (c) => c.set('x', 1, { ttl: NaN }), RangeError, /ttl must not be NaN/],
    ['set options not an object', (c) => c.set('x', 1, 5 as never), TypeError, /set\(\) options must be an object/],
    ['set unknown option', (c) => c.set('x', 1, { cots: 1 } as never), TypeError, /unknown set\(\) option "cots"/],
    // lru-cache's `max` means maxCost, which is no set() option: no hint then.
    [
      'set option max',
      (c) => c.set('x', 1, { max: 1 } as never),
      TypeError,
      /^cortado: unknown set\(\) option "max"; allowed: cost, ttl, keepTTL$/,
    ],
    ['set options null', (c) => c.set('x', 1, null as never), TypeError, /set\(\) options must be an object, got null/],
    ['set null cost', (c) => c.set('x', 1, { cost: null as never }), TypeError, /cost must be a number, got null/],
    ['set null ttl', (c) => c.set('x', 1, { ttl: null as never }), TypeError, /ttl must be a number, got null/],
    ['update with negative cost', (c) => c.set('a', 5, { cost: -2 }), RangeError, /cost must be >= 0/],
    ['setIfPresent bad ttl', (c) => c.setIfPresent('a', 5, { ttl: -1 }), RangeError, /ttl must be >= 0/],
    ['maxCost = 0', (c) => (c.maxCost = 0), RangeError, /maxCost must be > 0/],
    ['maxCost = NaN', (c) => (c.maxCost = NaN), RangeError, /maxCost must not be NaN/],
    ['maxCost = "5"', (c) => (c.maxCost = '5' as never), TypeError, /maxCost must be a number/],
    ['forEach without a function', (c) => c.forEach(5 as never), TypeError, /forEach callback must be a function/],
  ];
  for (const [name, call, type, message] of cases) {
    it(`${name}: ${type.name}`, () => {
      const { cache, before, state } = populated();
      expect(() => call(cache)).toThrow(type);
      expect(() => call(cache)).toThrow(message);
      expect(state()).toBe(before);
    });
  }

  it('a cost function returning a bad cost is a RangeError naming it, cache unchanged', () => {
    const cache = new Cache<string, number>({ maxCost: 10, cost: (v) => v });
    cache.set('a', 1);
    expect(() => cache.set('b', -3)).toThrow(/cost option's function returned -3/);
    expect(() => cache.set('b', NaN)).toThrow(RangeError);
    expect(() => cache.set('a', Infinity)).toThrow(RangeError);
    expect([...cache.entries()]).toEqual([['a', 1]]);
    expect(cache.cost).toBe(1);
  });

  // A cost of the wrong type is a TypeError, as `set(…, { cost: '5' })` is.
  it('a cost function returning a string is a TypeError naming it, cache unchanged', () => {
    const cache = new Cache<string, number>({ maxCost: 10, cost: () => '3' as never });
    expect(() => cache.set('a', 1)).toThrow(TypeError);
    expect(() => cache.set('a', 1)).toThrow(/cost option's function returned "3"/);
    expect(cache.size).toBe(0);
  });

  it('a throwing cost function or validator leaves the cache unchanged', () => {
    const cache = new Cache<string, number>({
      maxCost: 10,
      cost: (v) => {
        if (v === 13) throw new Error('unlucky');
        return 1;
      },
      shouldUpdate: (_cur, next) => {
        if (next === 7) throw new Error('no sevens');
        return true;
      },
    });
    cache.set('a', 1);
    expect(() => cache.set('b', 13)).toThrow('unlucky');
    expect(() => cache.set('a', 7)).toThrow('no sevens');
    expect([...cache.entries()]).toEqual([['a', 1]]);
    expect(cache.cost).toBe(1);
  });
});

describe('after close()', () => {
  it('every method throws an Error naming the method', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.close();
    const calls: [string, () => unknown][] = [
      ['get', () => cache.get('a')],
      ['peek', () => cache.peek('a')],
      ['has', () => cache.has('a')],
      ['set', () => cache.set('a', 1)],
      ['setIfPresent', () => cache.setIfPresent('a', 1)],
      ['delete', () => cache.delete('a')],
      ['getTTL', () => cache.getTTL('a')],
      ['clear', () => cache.clear()],
      ['flush', () => cache.flush()],
      ['purgeExpired', () => cache.purgeExpired()],
      ['stats', () => cache.stats()],
      ['size', () => cache.size],
      ['cost', () => cache.cost],
      ['maxCost', () => cache.maxCost],
      ['entries', () => cache.entries().next()],
      ['forEach', () => cache.forEach(() => {})],
      ['getOrSet', () => cache.getOrSet('a', () => 1)],
      ['resetStats', () => cache.resetStats()],
      ['info', () => cache.info('a')],
      ['peekVictim', () => cache.peekVictim()],
      ['evictOne', () => cache.evictOne()],
      ['coldest', () => cache.coldest(1)],
      ['hottest', () => cache.hottest(1)],
      ['dump', () => cache.dump()],
      ['load', () => cache.load([])],
    ];
    for (const [method, call] of calls) {
      expect(call).toThrow(Error);
      expect(call).toThrow(`cortado: ${method}`);
      expect(call).toThrow(/closed/);
    }
  });
});

describe('changes refused inside a cost callback, and the budget', () => {
  it('close() and a new maxCost from inside the cost callback throw naming themselves; the cache stays open', () => {
    let inside: (cache: Cache<string, number>) => void = () => {};
    const cache: Cache<string, number> = new Cache<string, number>({
      maxCost: 10,
      cost: () => {
        inside(cache);
        return 1;
      },
    });
    inside = (c) => c.close();
    expect(() => cache.set('a', 1)).toThrow(/^cortado: close: called from inside the shouldUpdate or cost callback/);
    inside = (c) => {
      c.maxCost = 5;
    };
    expect(() => cache.set('a', 1)).toThrow(/^cortado: maxCost: called from inside the shouldUpdate or cost callback/);
    inside = () => {};
    expect(cache.set('a', 1)).toBe(true);
    expect(cache.maxCost).toBe(10);
    cache.close();
    expect(() => cache.policyName).toThrow(/^cortado: policyName: the cache is closed$/);
  });

  it('a lower maxCost evicts at once, the policy choosing; Infinity makes the cache unbounded', () => {
    const cache = new Cache<string, number>({ maxCost: 5, policy: 'lru' });
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, 1);
    cache.get('a');
    cache.maxCost = 2;
    expect([...cache.keys()].sort()).toEqual(['a', 'e']);
    cache.maxCost = Infinity;
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, i);
    expect(cache.size).toBe(102);
    cache.close();
    // FIFO: the oldest go, whichever slots they are in (none is the slot of a write in progress).
    const fifo = new Cache<string, number>({ maxCost: 5, policy: 'fifo' });
    for (const key of ['a', 'b', 'c', 'd', 'e']) fifo.set(key, 1);
    fifo.maxCost = 2;
    expect([...fifo.keys()]).toEqual(['d', 'e']);
    fifo.close();
  });

  it('delete() of an expired entry not yet removed: false, and it leaves as expired', () => {
    const clock = new ManualClock();
    const exits: string[] = [];
    const cache = new Cache<string, number>({
      maxCost: 10,
      clock,
      onExit: (key, _v, reason) => exits.push(`${key} ${reason}`),
    });
    cache.set('a', 1, { ttl: 10 });
    clock.advance(11);
    expect(cache.size).toBe(1);
    expect(cache.delete('a')).toBe(false);
    expect([cache.size, exits]).toEqual([0, ['a expired']]);
    cache.close();
  });
});
