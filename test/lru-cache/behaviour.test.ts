// The behaviour walk of cortado/lru-cache: lru-cache 11's documented behaviours, option by option
// and method by method, each a scenario that returns what it observed. Every test runs its
// scenario on lru-cache itself first and checks the expected observations there, then on
// cortado/lru-cache, against the same expectations. The whole walk runs again with
// `policy: 'w-tinylfu'`, where only the scenarios whose observations depend on the order of
// eviction (or on iteration order, which follows it) are skipped, each by name.
import { LRUCache as Original } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { LRUCache } from '../../src/adapters/lru-cache/index.js';
import { announceSkip } from '../helpers.js';
import { disposeLog, Perf } from './scaffold.js';

/** One scenario drives both classes, whose types differ in their private members. */
type AnyCache = any;
type Make = (options: object) => AnyCache;

interface Scenario {
  name: string;
  run: (make: Make) => unknown;
  expected: unknown;
  /** Why its observations depend on the order of eviction (skipped under w-tinylfu). */
  order?: string;
}

const scenarios: Scenario[] = [];
const asyncScenarios: { name: string; run: (make: Make) => Promise<unknown>; expected: unknown; order?: string }[] = [];
function walk(name: string, expected: unknown, run: (make: Make) => unknown, order?: string): void {
  scenarios.push({ name, run, expected, ...(order === undefined ? {} : { order }) });
}
function walkAsync(name: string, expected: unknown, run: (make: Make) => Promise<unknown>, order?: string): void {
  asyncScenarios.push({ name, run, expected, ...(order === undefined ? {} : { order }) });
}

const EVICTION_ORDER = 'which key is evicted is the policy’s choice';
const ITERATION_ORDER = 'iteration follows the policy’s order';

// ─── the basics ───────────────────────────────────────────────────────────────────────────

walk(
  'set() returns the cache; get, has, peek, delete; undefined for absent keys',
  [true, 1, true, 1, true, false, undefined, false, 0],
  (make) => {
    const c = make({ max: 10 });
    const same = c.set('a', 1) === c;
    return [same, c.get('a'), c.has('a'), c.peek('a'), c.delete('a'), c.delete('a'), c.get('a'), c.has('a'), c.size];
  },
);

walk('set(k, undefined) deletes k', [false, 0, ['1:delete']], (make) => {
  const log: string[] = [];
  const c = make({ max: 10, dispose: (v: number, _k: string, r: string) => log.push(`${v}:${r}`) });
  c.set('a', 1);
  c.set('a', undefined);
  return [c.has('a'), c.size, log];
});

walk('keys compare as a Map compares them (objects by identity, NaN equal to NaN)', [1, undefined, 2, 3], (make) => {
  const c = make({ max: 10 });
  const key = { id: 1 };
  c.set(key, 1);
  c.set(Number.NaN, 2);
  c.set(0, 3);
  return [c.get(key), c.get({ id: 1 }), c.get(Number.NaN), c.get(-0)];
});

walk(
  'max: the least recently used entry is evicted; get() refreshes, peek() and has() do not',
  [['a', 'd', 'c'], false, 3],
  (make) => {
    const c = make({ max: 3 });
    c.set('a', 1).set('b', 2).set('c', 3);
    c.get('a');
    c.peek('b');
    c.has('b');
    c.set('d', 4);
    return [['a', 'd', 'c'].filter((k) => c.has(k)), c.has('b'), c.size];
  },
  EVICTION_ORDER,
);

walk(
  'set() of a present key refreshes its recency',
  [false, true],
  (make) => {
    const c = make({ max: 2 });
    c.set('a', 1).set('b', 2);
    c.set('a', 10);
    c.set('c', 3);
    return [c.has('b'), c.has('a')];
  },
  EVICTION_ORDER,
);

walk('the size never passes max', [true], (make) => {
  const c = make({ max: 5 });
  let within = true;
  for (let i = 0; i < 200; i++) {
    c.set(i % 17, i);
    if (i % 3 === 0) c.get((i * 7) % 17);
    within &&= c.size <= 5;
  }
  return [within];
});

// ─── dispose, disposeAfter, onInsert ────────────────────────────────────────────────────────

walk(
  'dispose(value, key, reason): evict, set, delete, clear (delete, least recent first); the same value set again disposes nothing',
  [['2:b:set', '1:a:evict', '20:b:set', '3:c:delete', '4:d:delete', '21:b:delete']],
  (make) => {
    const { log, dispose } = disposeLog();
    const c = make({ max: 3, dispose });
    c.set('a', 1).set('b', 2).set('c', 3);
    c.set('b', 20);
    c.set('b', 20);
    c.set('d', 4); // evicts a
    c.set('b', 21);
    c.delete('c');
    c.delete('zz');
    c.clear();
    return [log];
  },
  EVICTION_ORDER,
);

walk('dispose reason expire: a get() of an expired entry removes it', [[undefined, ['1:a:expire'], 0]], (make) => {
  const perf = new Perf();
  const { log, dispose } = disposeLog();
  const c = make(perf.with({ max: 3, ttl: 100, dispose }));
  c.set('a', 1);
  perf.time += 101;
  return [[c.get('a'), log, c.size]];
});

walk('noDisposeOnSet (option and per call): an overwritten value is not disposed', [['1:a:delete']], (make) => {
  const { log, dispose } = disposeLog();
  const c = make({
    max: 3,
    noDisposeOnSet: true,
    dispose,
  });
  c.set('a', 0);
  c.set('a', 1);
  const d = make({ max: 3, dispose });
  d.set('b', 0);
  d.set('b', 1, { noDisposeOnSet: true });
  c.delete('a');
  return [log];
});

walk(
  'disposeAfter runs after the call, with the same arguments as dispose',
  [
    [
      ['dispose', 1, 'a', 'evict'],
      ['dispose', 2, 'b', 'evict'],
      ['after', 1, 'a', 'evict'],
      ['after', 2, 'b', 'evict'],
    ],
  ],
  (make) => {
    const log: unknown[] = [];
    const c = make({
      maxSize: 3,
      sizeCalculation: (v: number) => v,
      dispose: (v: number, k: string, r: string) => log.push(['dispose', v, k, r]),
      disposeAfter: (v: number, k: string, r: string) => log.push(['after', v, k, r]),
    });
    c.set('a', 1).set('b', 2);
    c.set('c', 3);
    return [log];
  },
  EVICTION_ORDER,
);

walk(
  'onInsert(value, key, reason): add, replace, update',
  [['1:a:add', '2:a:replace', '2:a:update', '3:b:add']],
  (make) => {
    const log: string[] = [];
    const c = make({ max: 3, onInsert: (v: number, k: string, r: string) => log.push(`${v}:${k}:${r}`) });
    c.set('a', 1).set('a', 2).set('a', 2).set('b', 3);
    return [log];
  },
);

walk('a throwing dispose leaves the cache consistent: the error reaches the caller', [['boom', true, 1]], (make) => {
  const c = make({
    max: 3,
    dispose: () => {
      throw new Error('boom');
    },
  });
  c.set('a', 1);
  let error = '';
  try {
    c.set('a', 2);
  } catch (e) {
    error = (e as Error).message;
  }
  return [[error, c.has('a'), c.size]];
});

// ─── iteration ────────────────────────────────────────────────────────────────────────────

walk(
  'entries(), keys(), values() most recent first; rentries(), rkeys(), rvalues() least recent first',
  [
    [
      ['b', 2],
      ['c', 3],
      ['a', 1],
    ],
    ['b', 'c', 'a'],
    [2, 3, 1],
    [
      ['a', 1],
      ['c', 3],
      ['b', 2],
    ],
    ['a', 'c', 'b'],
    [1, 3, 2],
    [
      ['b', 2],
      ['c', 3],
      ['a', 1],
    ],
  ],
  (make) => {
    const c = make({ max: 5 });
    c.set('a', 1).set('b', 2).set('c', 3);
    c.get('b');
    return [
      [...c.entries()],
      [...c.keys()],
      [...c.values()],
      [...c.rentries()],
      [...c.rkeys()],
      [...c.rvalues()],
      [...c],
    ];
  },
  ITERATION_ORDER,
);

walk(
  'forEach and rforEach: (value, key, cache), thisArg; no recency change',
  [['2b', '1a'], ['1a', '2b'], true, ['b', 'a']],
  (make) => {
    const c = make({ max: 5 });
    c.set('a', 1).set('b', 2);
    const seen: string[] = [];
    const rseen: string[] = [];
    let selfOk = true;
    const that = { tag: 1 };
    c.forEach(function (this: unknown, v: number, k: string, self: unknown) {
      seen.push(`${v}${k}`);
      selfOk &&= self === c && this === that;
    }, that);
    c.rforEach((v: number, k: string) => rseen.push(`${v}${k}`));
    return [seen, rseen, selfOk, [...c.keys()]];
  },
  ITERATION_ORDER,
);

walk('find(fn) returns the first value matching, read with get()', [3, undefined], (make) => {
  const c = make({ max: 5 });
  c.set('a', 1).set('b', 2).set('c', 3);
  return [c.find((v: number) => v > 2), c.find((v: number) => v > 5)];
});

walk('iteration skips expired entries', [['b']], (make) => {
  const perf = new Perf();
  const c = make(perf.with({ max: 5 }));
  c.set('a', 1, { ttl: 10 });
  c.set('b', 2);
  perf.time += 20;
  return [[...c.keys()]];
});

// ─── TTL ──────────────────────────────────────────────────────────────────────────────────

walk(
  'ttl: an entry expires after its TTL; per-call ttl; getRemainingTTL (0 absent, Infinity without TTL)',
  [
    [1, 2, 100, 500, Infinity, 0],
    [undefined, 2, false, true, 399],
    [1, 2],
  ],
  (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 5, ttl: 100 }));
    c.set('a', 1);
    c.set('b', 2, { ttl: 500 });
    c.set('n', 3, { ttl: 0 });
    const first = [
      c.get('a'),
      c.get('b'),
      c.getRemainingTTL('a'),
      c.getRemainingTTL('b'),
      c.getRemainingTTL('n'),
      c.getRemainingTTL('zz'),
    ];
    perf.time += 101;
    const mid = [c.peek('a'), c.peek('b'), c.has('a'), c.has('b'), c.getRemainingTTL('b')];
    const sizes = [c.get('a') === undefined ? 1 : 0, c.size];
    return [first, mid, sizes];
  },
);

for (const [option, read] of [
  ['updateAgeOnGet', 'get'],
  ['updateAgeOnHas', 'has'],
] as const) {
  walk(`${option} (option and per call) restarts the TTL on ${read}()`, [[100, 100, 50]], (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 5, ttl: 100, [option]: true }));
    c.set('a', 1);
    const d = make(perf.with({ max: 5, ttl: 100 }));
    d.set('a', 1);
    d.set('b', 1);
    perf.time += 50;
    c[read]('a');
    d[read]('a', { [option]: true });
    d[read]('b');
    return [[c.getRemainingTTL('a'), d.getRemainingTTL('a'), d.getRemainingTTL('b')]];
  });
}

walk(
  'allowStale: an expired value is returned once, as it is removed (dispose expire)',
  [[1, undefined, ['1:a:expire'], 0]],
  (make) => {
    const perf = new Perf();
    const { log, dispose } = disposeLog();
    const c = make(perf.with({ max: 5, ttl: 10, allowStale: true, dispose }));
    c.set('a', 1);
    perf.time += 11;
    return [[c.get('a'), c.get('a'), log, c.size]];
  },
);

walk(
  'allowStale per call; peek(k, { allowStale }) serves it without removing it',
  [[1, 1, undefined, 1, undefined]],
  (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 5, ttl: 10 }));
    c.set('a', 1);
    c.set('b', 2);
    perf.time += 11;
    return [[c.peek('a', { allowStale: true }), c.get('a', { allowStale: true }), c.get('a'), c.size, c.get('b')]];
  },
);

walk(
  'noDeleteOnStaleGet: a stale get() leaves the entry (returned stale with allowStale)',
  [[undefined, 1, 1, 1, false]],
  (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 5, ttl: 10, noDeleteOnStaleGet: true }));
    c.set('a', 1);
    perf.time += 11;
    return [[c.get('a'), c.size, c.get('a', { allowStale: true }), c.get('a', { allowStale: true }), c.has('a')]];
  },
);

walk(
  'expired entries stay in size until read, and set() of other keys does not remove them',
  [[3, false, 1]],
  (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 10, ttl: 10 }));
    c.set('a', 1).set('b', 2);
    perf.time += 20;
    c.set('c', 3, { ttl: 0 });
    return [[c.size, c.has('a'), c.peek('a', { allowStale: true })]];
  },
);

walk(
  'purgeStale() removes every expired entry (dispose expire) and says whether it removed any',
  [[true, false, ['1:a:expire', '2:b:expire'], ['c']]],
  (make) => {
    const perf = new Perf();
    const { log, dispose } = disposeLog();
    const c = make(perf.with({ max: 10, ttl: 10, dispose }));
    c.set('a', 1).set('b', 2);
    c.set('c', 3, { ttl: 100 });
    perf.time += 20;
    return [[c.purgeStale(), c.purgeStale(), log.sort(), [...c.keys()]]];
  },
);

walk('noUpdateTTL (option and per call): set() of a present key keeps its TTL', [[50, 50, 100]], (make) => {
  const perf = new Perf();
  const c = make(perf.with({ max: 5, ttl: 100, noUpdateTTL: true }));
  c.set('a', 1);
  const d = make(perf.with({ max: 5, ttl: 100 }));
  d.set('a', 1);
  d.set('b', 1);
  perf.time += 50;
  c.set('a', 2);
  d.set('a', 2, { noUpdateTTL: true });
  d.set('b', 2);
  return [[c.getRemainingTTL('a'), d.getRemainingTTL('a'), d.getRemainingTTL('b')]];
});

walk('set() over an expired value disposes it as overwritten (set)', [['1:a:set'], 2], (make) => {
  const perf = new Perf();
  const { log, dispose } = disposeLog();
  const c = make(perf.with({ max: 5, ttl: 10, dispose }));
  c.set('a', 1);
  perf.time += 20;
  c.set('a', 2);
  return [log, c.get('a')];
});

walk('delete() of an expired entry returns true and disposes it as deleted', [[true, ['1:a:delete'], 0]], (make) => {
  const perf = new Perf();
  const { log, dispose } = disposeLog();
  const c = make(perf.with({ max: 5, ttl: 10, dispose }));
  c.set('a', 1);
  perf.time += 20;
  return [[c.delete('a'), log, c.size]];
});

// ─── sizes ────────────────────────────────────────────────────────────────────────────────

walk(
  'maxSize with sizeCalculation: calculatedSize, and evictions until the sizes fit',
  [[6, 2, ['b', 'c'], 10]],
  (make) => {
    const c = make({ maxSize: 10, sizeCalculation: (v: string) => v.length });
    c.set('a', 'xxxx').set('b', 'xx');
    const first = c.calculatedSize;
    c.set('c', 'xxxxxxxx');
    return [[first, c.size, [...c.keys()].sort(), c.calculatedSize]];
  },
  EVICTION_ORDER,
);

walk(
  'set(k, v, { size }) overrides sizeCalculation; a size over maxEntrySize is not stored and removes the old value (dispose set)',
  [[3, false, ['x:a:set'], 0, true]],
  (make) => {
    const { log, dispose } = disposeLog();
    const c = make({
      maxSize: 10,
      maxEntrySize: 5,
      sizeCalculation: () => 1,
      dispose,
    });
    c.set('a', 'x', { size: 3 });
    const size = c.calculatedSize;
    const status: Record<string, unknown> = {};
    c.set('a', 'y', { size: 6, status });
    return [[size, c.has('a'), log, c.calculatedSize, status.maxEntrySizeExceeded]];
  },
);

walk('max and maxSize together: the entry count binds while sizes fit', [[3, 3]], (make) => {
  const c = make({ max: 3, maxSize: 100, sizeCalculation: () => 1 });
  for (const k of ['a', 'b', 'c', 'd', 'e']) c.set(k, k);
  return [[c.size, c.calculatedSize]];
});

walk(
  'max and maxSize together: the sizes bind while the count fits',
  [[5, 2, ['b', 'c']]],
  (make) => {
    const d = make({ max: 10, maxSize: 5, sizeCalculation: (v: string) => v.length });
    d.set('a', 'xx').set('b', 'xx').set('c', 'xxx');
    return [[d.calculatedSize, d.size, [...d.keys()].sort()]];
  },
  EVICTION_ORDER,
);

walk(
  'sizes are checked: a size without maxSize, a bad sizeCalculation result',
  [['TypeError', 'TypeError', 'TypeError']],
  (make) => {
    const name = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return (e as Error).constructor.name;
      }
    };
    const plain = make({ max: 3 });
    const sized = make({ maxSize: 10, sizeCalculation: () => -1 });
    const noCalc = make({ maxSize: 10 });
    return [
      [name(() => plain.set('a', 1, { size: 2 })), name(() => sized.set('a', 1)), name(() => noCalc.set('a', 1))],
    ];
  },
);

// ─── pop, info, status ────────────────────────────────────────────────────────────────────

walk(
  'pop() evicts and returns the least recently used value (dispose evict)',
  [[1, 2, undefined, ['1:a:evict', '2:b:evict']]],
  (make) => {
    const { log, dispose } = disposeLog();
    const c = make({ max: 5, dispose });
    c.set('a', 1).set('b', 2);
    return [[c.pop(), c.pop(), c.pop(), log]];
  },
  EVICTION_ORDER,
);

walk(
  'info(): value, remaining ttl, size; undefined when absent',
  [[{ value: 'x', ttl: 70, size: 1, start: 'now' }, { value: 'y' }, undefined]],
  (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 5, ttl: 100, maxSize: 10, sizeCalculation: () => 1 }));
    const d = make({ max: 5 });
    c.set('a', 'x');
    d.set('b', 'y');
    perf.time += 30;
    const info = c.info('a');
    info.start = Math.abs(info.start - Date.now()) < 1000 ? 'now' : info.start;
    return [[info, d.info('b'), c.info('zz')]];
  },
);

walk(
  'status objects for get, has, peek and set',
  [
    [
      { op: 'get', key: 'a', get: 'hit', value: 1, ttl: 100, start: 1000, now: 1050, remainingTTL: 50 },
      { op: 'get', key: 'zz', get: 'miss' },
      { op: 'has', key: 'a', has: 'hit', ttl: 100, start: 1000, now: 1050, remainingTTL: 50 },
      { op: 'peek', key: 'a', peek: 'hit', value: 1 },
      {
        op: 'set',
        key: 'a',
        value: 2,
        set: 'replace',
        oldValue: 1,
        ttl: 100,
        start: 1050,
        now: 1050,
        remainingTTL: 100,
      },
      { op: 'set', key: 'b', value: 3, set: 'add', ttl: 100, start: 1050, now: 1050, remainingTTL: 100 },
      { op: 'get', key: 'zz', get: 'miss' },
      { op: 'has', key: 'b', has: 'stale' },
    ],
  ],
  (make) => {
    const perf = new Perf();
    const c = make(perf.with({ max: 5, ttl: 100 }));
    c.set('a', 1);
    perf.time += 50;
    const statuses: Record<string, unknown>[] = [];
    const s = () => {
      const status: Record<string, unknown> = {};
      statuses.push(status);
      return status;
    };
    c.get('a', { status: s() });
    c.get('zz', { status: s() });
    c.has('a', { status: s() });
    c.peek('a', { status: s() });
    c.set('a', 2, { status: s() });
    c.set('b', 3, { status: s() });
    perf.time += 101;
    c.get('zz', { status: s() });
    const stale = s();
    c.has('b', { status: stale });
    // A stale entry's TTL fields: lru-cache gives its negative remainingTTL, cortado none (README).
    for (const field of ['ttl', 'start', 'now', 'remainingTTL']) delete stale[field];
    for (const status of statuses) {
      expect(status.cache).toBe(c);
      delete status.cache;
    }
    return [statuses];
  },
);

// ─── dump and load ────────────────────────────────────────────────────────────────────────

walk(
  'dump(): least recently used first, with ttl, start (Date.now ms) and size; load() clears first and restores',
  [
    [
      ['a', { value: 1, ttl: 1000, size: 1, start: 'ok' }],
      ['b', { value: 2, ttl: 0, size: 2, start: 'any' }],
    ],
    [
      ['b', 2],
      ['a', 1],
    ],
    [1000, Infinity],
  ],
  (make) => {
    const c = make({ max: 5, maxSize: 10, sizeCalculation: (v: number) => v });
    c.set('a', 1, { ttl: 1000 });
    c.set('b', 2);
    const dump = c.dump();
    dump[0][1].start = Math.abs(dump[0][1].start - Date.now()) < 200 ? 'ok' : dump[0][1].start;
    if (dump[1][1].start !== undefined) dump[1][1].start = 'any';
    const copy = structuredClone(c.dump());
    const d = make({ max: 5, maxSize: 10, sizeCalculation: (v: number) => v });
    d.set('old', 3);
    d.load(copy);
    return [
      dump,
      [...d.entries()],
      [d.getRemainingTTL('a') > 990 ? 1000 : d.getRemainingTTL('a'), d.getRemainingTTL('b')],
    ];
  },
  ITERATION_ORDER,
);

walk(
  'load() takes lru-cache’s own dump (through JSON): values, sizes, remaining TTLs, recency',
  [
    [
      ['b', 'y'],
      ['a', 'x'],
    ],
    [true, Infinity],
    3,
  ],
  (make) => {
    const source = new Original<string, string>({ max: 5, maxSize: 10, sizeCalculation: (v) => v.length });
    source.set('a', 'x', { ttl: 5000 });
    source.set('b', 'y', { size: 2 });
    const dump = JSON.parse(JSON.stringify(source.dump()));
    const c = make({ max: 5, maxSize: 10, sizeCalculation: (v: string) => v.length });
    c.load(dump);
    const ttl = c.getRemainingTTL('a');
    return [[...c.entries()], [ttl > 4900 && ttl <= 5000, c.getRemainingTTL('b')], c.calculatedSize];
  },
  ITERATION_ORDER,
);

walk(
  'lru-cache’s load() takes this dump (through JSON): values, sizes, remaining TTLs, recency',
  [
    [
      ['b', 'y'],
      ['a', 'x'],
    ],
    [true, Infinity],
    3,
  ],
  (make) => {
    const c = make({ max: 5, maxSize: 10, sizeCalculation: (v: string) => v.length });
    c.set('a', 'x', { ttl: 5000 });
    c.set('b', 'y', { size: 2 });
    const target = new Original<string, string>({ max: 5, maxSize: 10, sizeCalculation: (v) => v.length });
    target.load(JSON.parse(JSON.stringify(c.dump())));
    const ttl = target.getRemainingTTL('a');
    return [[...target.entries()], [ttl > 4900 && ttl <= 5000, target.getRemainingTTL('b')], target.calculatedSize];
  },
  ITERATION_ORDER,
);

// ─── fetch and memo ───────────────────────────────────────────────────────────────────────

walkAsync('fetch() without fetchMethod: the cached value, or undefined', [[1, undefined]], async (make) => {
  const c = make({ max: 5 });
  c.set('a', 1);
  return [[await c.fetch('a'), await c.fetch('b')]];
});

walkAsync(
  'fetchMethod: one call per key however many wait; stored; a hit after',
  [[['a!', 'a!', 'a!'], 1, 'a!', 1]],
  async (make) => {
    let calls = 0;
    const c = make({
      max: 5,
      fetchMethod: async (k: string) => {
        calls++;
        await Promise.resolve();
        return `${k}!`;
      },
    });
    const values = await Promise.all([c.fetch('a'), c.fetch('a'), c.fetch('a')]);
    const first = calls;
    const again = await c.fetch('a');
    return [[values, first, again, calls]];
  },
);

walkAsync(
  'fetchMethod gets (key, staleValue, { signal, options, context }); stale served with allowStale while it refreshes',
  [[['a', undefined, true, 'ctx'], ['a', 'v1', true, 'ctx'], 'v1', 'v2']],
  async (make) => {
    const perf = new Perf();
    const seen: unknown[] = [];
    let n = 0;
    const c = make({
      max: 5,
      ttl: 10,
      perf,
      allowStale: true,
      fetchMethod: async (k: string, stale: string | undefined, { signal, options, context }: AnyCache) => {
        seen.push([k, stale, signal instanceof AbortSignal && typeof options === 'object', context]);
        return `v${++n}`;
      },
    });
    await c.fetch('a', { context: 'ctx' });
    perf.time += 20;
    const stale = await c.fetch('a', { context: 'ctx' });
    await new Promise((r) => setTimeout(r, 0));
    return [[seen[0], seen[1], stale, c.get('a')]];
  },
);

walkAsync(
  'forceRefresh fetches even when fresh; fetch status fields',
  [
    [
      'v2',
      {
        op: 'fetch',
        key: 'a',
        forceRefresh: true,
        fetch: 'refresh',
        fetchDispatched: true,
        fetchResolved: true,
        fetchUpdated: true,
        value: 'v2',
        set: 'replace',
        oldValue: 'v1',
      },
      { op: 'fetch', key: 'a', fetch: 'hit' },
    ],
  ],
  async (make) => {
    let n = 0;
    const c = make({ max: 5, fetchMethod: async () => `v${++n}` });
    await c.fetch('a');
    const status: Record<string, unknown> = {};
    const v = await c.fetch('a', { forceRefresh: true, status });
    const hit: Record<string, unknown> = {};
    await c.fetch('a', { status: hit });
    delete status.cache;
    delete hit.cache;
    return [[v, status, hit]];
  },
);

walkAsync(
  'a rejected fetch rejects and removes the stale value; allowStaleOnFetchRejection serves it; noDeleteOnFetchRejection keeps it',
  [['down', false, 'old', true, 'down', true]],
  async (make) => {
    const perf = new Perf();
    const failing = async () => {
      throw new Error('down');
    };
    const opts = perf.with({ max: 5, ttl: 10, fetchMethod: failing });
    const a = make(opts);
    a.set('k', 'old');
    perf.time += 20;
    const error = await a.fetch('k').catch((e: Error) => e.message);
    const b = make({ ...opts, allowStaleOnFetchRejection: true });
    b.set('k', 'old');
    perf.time += 20;
    const stale = await b.fetch('k');
    const c = make({ ...opts, noDeleteOnFetchRejection: true });
    c.set('k', 'old');
    perf.time += 20;
    const error2 = await c.fetch('k').catch((e: Error) => e.message);
    return [
      [
        error,
        a.peek('k', { allowStale: true }) !== undefined,
        stale,
        b.peek('k', { allowStale: true }) === 'old',
        error2,
        c.peek('k', { allowStale: true }) === 'old',
      ],
    ];
  },
);

walkAsync(
  'the caller’s signal aborts the fetch (rejects with its reason); ignoreFetchAbort stores the value all the same',
  [['stop', true, false, 'late']],
  async (make) => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let aborted = false;
    const c = make({
      max: 5,
      fetchMethod: async (_k: string, _s: unknown, { signal }: { signal: AbortSignal }) => {
        signal.addEventListener('abort', () => (aborted = true));
        await gate;
        return 'late';
      },
    });
    const ac = new AbortController();
    const p = c.fetch('a', { signal: ac.signal });
    ac.abort(new Error('stop'));
    const error = await p.catch((e: Error) => e.message);
    release();
    await new Promise((r) => setTimeout(r, 0));
    const d = make({ max: 5, ignoreFetchAbort: true, fetchMethod: async () => 'late' });
    const ac2 = new AbortController();
    const p2 = d.fetch('a', { signal: ac2.signal });
    ac2.abort(new Error('stop'));
    await p2.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    return [[error, aborted, c.has('a'), d.get('a')]];
  },
);

walkAsync(
  'a fetch resolving undefined stores nothing; forceFetch() rejects then',
  [[undefined, false, 'fetch() returned undefined']],
  async (make) => {
    const c = make({ max: 5, fetchMethod: async () => undefined });
    const v = await c.fetch('a');
    const error = await c.forceFetch('a').catch((e: Error) => e.message);
    return [[v, c.has('a'), error]];
  },
);

walkAsync('set() during a fetch wins: the fetch’s value is not stored', [['mine', 'replaced']], async (make) => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let reason = '';
  const c = make({
    max: 5,
    fetchMethod: async (_k: string, _s: unknown, { signal }: { signal: AbortSignal }) => {
      signal.addEventListener('abort', () => (reason = (signal.reason as Error).message));
      await gate;
      return 'fetched';
    },
  });
  const p = c.fetch('a').catch(() => undefined);
  c.set('a', 'mine');
  release();
  await p;
  return [[c.get('a'), reason]];
});

walk(
  'memo(): the cached value, else memoMethod’s, stored; forceRefresh; context',
  [[1, 1, 'k:undefined:c', 2, 'k:1:undefined']],
  (make) => {
    const seen: string[] = [];
    let n = 0;
    const c = make({
      max: 5,
      memoMethod: (k: string, stale: number | undefined, { context }: { context: unknown }) => {
        seen.push(`${k}:${stale}:${context}`);
        return ++n;
      },
    });
    return [[c.memo('k', { context: 'c' }), c.memo('k'), seen[0], c.memo('k', { forceRefresh: true }), seen[1]]];
  },
);

walk('memo() without memoMethod throws', ['no memoMethod provided to constructor'], (make) => {
  try {
    make({ max: 5 }).memo('k');
    return ['none'];
  } catch (e) {
    return [(e as Error).message];
  }
});

walkAsync(
  'fetch status on a miss; a stale fetch without allowStale waits for the new value',
  [
    [
      {
        op: 'fetch',
        key: 'a',
        fetch: 'miss',
        fetchDispatched: true,
        fetchResolved: true,
        fetchUpdated: true,
        value: 'v1',
        set: 'add',
      },
      'v2',
      {
        op: 'fetch',
        key: 'a',
        fetch: 'stale',
        fetchDispatched: true,
        fetchResolved: true,
        fetchUpdated: true,
        value: 'v2',
        set: 'replace',
        oldValue: 'v1',
      },
    ],
  ],
  async (make) => {
    const perf = new Perf();
    let n = 0;
    const c = make(perf.with({ max: 5, ttl: 10, fetchMethod: async () => `v${++n}` }));
    const miss: Record<string, unknown> = {};
    await c.fetch('a', { status: miss });
    perf.time += 20;
    const stale: Record<string, unknown> = {};
    const v = await c.fetch('a', { status: stale });
    for (const status of [miss, stale]) {
      delete status.cache;
      for (const field of ['ttl', 'start', 'now', 'remainingTTL']) delete status[field];
    }
    return [[miss, v, stale]];
  },
);

walkAsync(
  'allowStaleOnFetchAbort: an aborted fetch resolves the stale value, and its late result is stored',
  [['old', 'new']],
  async (make) => {
    const perf = new Perf();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = make(
      perf.with({
        max: 5,
        ttl: 10,
        allowStaleOnFetchAbort: true,
        fetchMethod: async () => {
          await gate;
          return 'new';
        },
      }),
    );
    c.set('a', 'old');
    perf.time += 20;
    const ac = new AbortController();
    const p = c.fetch('a', { signal: ac.signal });
    ac.abort(new Error('stop'));
    const served = await p;
    release();
    await new Promise((r) => setTimeout(r, 0));
    return [[served, c.get('a')]];
  },
);

walk(
  'memo() status: miss then hit',
  [
    [
      { op: 'memo', key: 'k', memo: 'miss', value: 3 },
      { op: 'memo', key: 'k', memo: 'hit', value: 3 },
    ],
  ],
  (make) => {
    const c = make({ max: 5, memoMethod: (k: string) => k.length + 2 });
    const first: Record<string, unknown> = {};
    const second: Record<string, unknown> = {};
    c.memo('k', { status: first });
    c.memo('k', { status: second });
    delete first.cache;
    delete second.cache;
    return [[first, second]];
  },
);

walkAsync(
  'ttlAutopurge: an entry leaves when it expires, with no read (dispose and disposeAfter, reason expire)',
  [[1, 0, ['dispose a:expire', 'after a:expire']]],
  async (make) => {
    const told: string[] = [];
    const c = make({
      max: 5,
      ttl: 20,
      ttlAutopurge: true,
      dispose: (_v: number, k: string, reason: string) => told.push(`dispose ${k}:${reason}`),
      disposeAfter: (_v: number, k: string, reason: string) => told.push(`after ${k}:${reason}`),
    });
    c.set('a', 1);
    const before = c.size;
    await new Promise((r) => setTimeout(r, 80));
    return [[before, c.size, told]];
  },
);

// ─── options, getters ─────────────────────────────────────────────────────────────────────

walk(
  'getters: max, maxSize, ttl, size, calculatedSize, the option flags, fetchMethod, dispose; toStringTag',
  [[3, 0, 5, 0, 0, true, true, false, true, true, '[object LRUCache]']],
  (make) => {
    const dispose = () => {};
    const fetchMethod = async () => 1;
    const c = make({ max: 3, ttl: 5, allowStale: true, updateAgeOnGet: true, dispose, fetchMethod });
    return [
      [
        c.max,
        c.maxSize,
        c.ttl,
        c.size,
        c.calculatedSize,
        c.allowStale,
        c.updateAgeOnGet,
        c.updateAgeOnHas,
        c.dispose === dispose,
        c.fetchMethod === fetchMethod,
        Object.prototype.toString.call(c),
      ],
    ];
  },
);

walk(
  'bad options throw TypeErrors: no bound, a bad max, sizeCalculation without maxSize, a bad ttl, a perf without now()',
  [['TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError']],
  (make) => {
    const name = (options: object) => {
      try {
        make(options);
        return 'none';
      } catch (e) {
        return (e as Error).constructor.name;
      }
    };
    return [
      [
        name({}),
        name({ max: -1 }),
        name({ max: 1.5 }),
        name({ max: 5, sizeCalculation: () => 1 }),
        name({ max: 5, ttl: -5 }),
        name({ max: 5, perf: {} }),
      ],
    ];
  },
);

// ─── the runs ─────────────────────────────────────────────────────────────────────────────

const original: Make = (options) => new Original(options as never);
const cortado =
  (extra: object): Make =>
  (options) =>
    new LRUCache({ ...options, ...extra } as never);

const skipped =
  scenarios.filter((s) => s.order !== undefined).length + asyncScenarios.filter((s) => s.order !== undefined).length;
announceSkip(
  'lru-cache behaviour walk under w-tinylfu',
  `${skipped} scenarios depend on the order of eviction (named in the skipped tests)`,
);

for (const [title, extra] of [
  ['lru (the default)', {}],
  ['w-tinylfu', { policy: 'w-tinylfu' }],
] as const) {
  const tiny = title === 'w-tinylfu';
  describe(`cortado/lru-cache behaves as lru-cache 11 (${title}), each expectation checked on lru-cache first`, () => {
    for (const s of scenarios) {
      if (tiny && s.order !== undefined) {
        it.skip(`${s.name} (skipped under w-tinylfu: ${s.order})`, () => {});
        continue;
      }
      it(s.name, () => {
        expect(s.run(original), 'lru-cache itself').toEqual(s.expected);
        expect(s.run(cortado(extra)), 'cortado/lru-cache').toEqual(s.expected);
      });
    }
    for (const s of asyncScenarios) {
      if (tiny && s.order !== undefined) {
        it.skip(`${s.name} (skipped under w-tinylfu: ${s.order})`, () => {});
        continue;
      }
      it(s.name, async () => {
        expect(await s.run(original), 'lru-cache itself').toEqual(s.expected);
        expect(await s.run(cortado(extra)), 'cortado/lru-cache').toEqual(s.expected);
      });
    }
  });
}
