// The throughput workloads. Each one prepares a cache (filled before timing starts) and a
// batch function that runs BATCH operations on pregenerated data.
//
// The batch function is compiled afresh for every contender (new Function), so each
// contender's call sites stay monomorphic, as in an application that uses one cache library: a
// shared loop would see many receiver shapes, go megamorphic and hide the very inlining we want
// to measure. And every batch function's SOURCE TEXT is unique (a comment and the function's
// name carry the workload, contender, keys, size and a serial number): V8 caches what
// `new Function` compiles by source text, so identical text made every contender after the
// first share one SharedFunctionInfo, one feedback vector and one optimized code object.
// Only the first got its closure context specialized; the others ran a shared, polymorphic
// loop (four identical `Map` contenders measured 13.9 / 16.7 / 16.7 / 16.6 ns per get).
// `npm run bench -- --calibrate` shows the spread of identical contenders through this harness.

import type { CacheLike, Contender } from './contenders.js';
import { type KeyKind, makeKeys, uniformIndexes, zipfIndexes, keysForStream, prng } from './data.js';

/** Operations per timed call; ops/s = BATCH / mean call time. */
export const BATCH = 1000;

/** What a workload's batch function works on. */
export interface Prepared {
  cache: CacheLike;
  /** One timed call: BATCH operations. */
  run: () => void;
  /** The batch function's factory source, unique to this preparation (see the top of this file). */
  source: string;
  /** Hits / gets over every call of `run` so far (workloads whose gets can miss). */
  hitRatio?: () => number;
}

export interface Workload {
  readonly name: string;
  /** One line for the report: what is measured. */
  readonly describe: string;
  /** Whether the contender can run it (e.g. costs need a cost-aware cache). */
  supports(contender: Contender): boolean;
  /** Builds the data and a filled cache; `size` is the cache's capacity in entries. */
  prepare(contender: Contender, kind: KeyKind, size: number): Prepared;
}

/** Cursor and sink shared by a batch function across calls (the sink counts hits where the body says so). */
interface State {
  pos: number;
  sink: number;
  calls: number;
  /** A second cursor, for bodies that need one (the Map's FIFO ring in zipf-mixed). */
  q: number;
}

/** Which preparation a batch function belongs to. */
export interface BatchTag {
  workload: string;
  contender: string;
  kind: KeyKind;
  size: number;
}

let serial = 0;
let biased = false;

/**
 * With `true`, batch functions are compiled from the old, identical source text (no tag, no
 * serial): only to reproduce the harness bias (`npm run bench -- --calibrate --biased-source`,
 * which runs in one process: in a child process per contender there is nothing to share).
 */
export function setBiasedSource(on: boolean): void {
  biased = on;
}

/** A JavaScript identifier made of the tag (letters, digits, underscores). */
function identifier(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * The factory source of one batch function: the loop body wrapped in the cursor handling, with
 * the tag and a process-wide serial number in a comment and in the function's name, so no two
 * preparations ever compile identical text (and V8 never shares their code or feedback).
 */
export function batchSource(tag: BatchTag, body: string, id = ++serial): string {
  if (biased) {
    return `"use strict"; return function batch() { let p = st.pos, q = st.q, sink = 0;
      for (let i = 0; i < ${BATCH}; i++) { ${body} }
      st.pos = p; st.q = q; st.sink += sink; st.calls++; };`;
  }
  const label = `${tag.workload} / ${tag.contender} / ${tag.kind} / ${tag.size}`.replace(/[\r\n\u2028\u2029]/g, ' ');
  const name = `batch_${identifier(tag.workload)}__${identifier(tag.contender)}__${tag.kind}_${tag.size}__${id}`;
  return `"use strict"; // cortado bench: ${label} (#${id})
    return function ${name}() { let p = st.pos, q = st.q, sink = 0;
      for (let i = 0; i < ${BATCH}; i++) { ${body} }
      st.pos = p; st.q = q; st.sink += sink; st.calls++; };`;
}

/** Compiles a batch function for one preparation from the loop body's source. */
function compile(
  tag: BatchTag,
  body: string,
  names: string[],
  values: unknown[],
  start: Partial<State> = {},
  countsHits = false,
): Prepared & { cache: CacheLike } {
  const state: State = { pos: 0, sink: 0, calls: 0, q: 0, ...start };
  const source = batchSource(tag, body);
  const factory = new Function('st', ...names, source);
  const run = factory(state, ...values) as () => void;
  const cache = values[0] as CacheLike;
  return countsHits
    ? { cache, run, source, hitRatio: () => (state.calls === 0 ? NaN : state.sink / (state.calls * BATCH)) }
    : { cache, run, source };
}

/** The smallest power of two >= n (streams wrap with a mask). */
function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function fill(cache: CacheLike, keys: unknown[]): void {
  for (let i = 0; i < keys.length; i++) cache.set(keys[i], i);
}

// Data shared by every contender of a group (in one process), and by every group of a child
// process: the same key objects and index streams, built once rather than once per contender
// and workload (at 1M entries, millions of strings).
const shared = new Map<string, unknown>();
function memo<T>(id: string, build: () => T): T {
  let value = shared.get(id) as T | undefined;
  if (value === undefined) shared.set(id, (value = build()));
  return value;
}

/** Keys with ids firstId .. firstId + count - 1: slices of one growing array of each kind. */
function keysOf(kind: KeyKind, count: number, firstId = 0): unknown[] {
  return memo(`keys/${kind}/${firstId}/${count}`, () => {
    const id = `keys/${kind}`;
    let base = shared.get(id) as unknown[] | undefined;
    const need = firstId + count;
    if (base === undefined || base.length < need) {
      const more = makeKeys(kind, need - (base?.length ?? 0), base?.length ?? 0);
      base = base === undefined ? more : base.concat(more);
      shared.set(id, base);
    }
    return firstId === 0 && count === base.length ? base : base.slice(firstId, need);
  });
}
const uniformOf = (n: number, length: number, seed: number) =>
  memo(`uniform/${n}/${length}/${seed}`, () => uniformIndexes(n, length, seed));

/**
 * Drops the shared data: all of it, or (`keepKeys`) all but the keys, which the next groups of
 * the same key kind reuse. What a prepared cache or batch function holds stays alive.
 */
export function releaseSharedData(keepKeys = false): void {
  for (const id of [...shared.keys()]) if (!keepKeys || !id.startsWith('keys/')) shared.delete(id);
}

const all = () => true;
const tagOf = (workload: Workload, contender: Contender, kind: KeyKind, size: number): BatchTag => ({
  workload: workload.name,
  contender: contender.name,
  kind,
  size,
});

export const getHit: Workload = {
  name: 'get-hit',
  describe: 'get() of resident keys, uniform random order',
  supports: all,
  prepare(contender, kind, size) {
    const keys = keysOf(kind, size);
    const cache = contender.create(size);
    fill(cache, keys);
    const idx = uniformOf(size, pow2(Math.max(size, 1 << 16)), 11);
    return compile(
      tagOf(this, contender, kind, size),
      `if (c.get(keys[idx[p]]) !== undefined) sink++; p = (p + 1) & m;`,
      ['c', 'keys', 'idx', 'm'],
      [cache, keys, idx, idx.length - 1],
    );
  },
};

export const getMiss: Workload = {
  name: 'get-miss',
  describe: 'get() of absent keys on a full cache',
  supports: all,
  prepare(contender, kind, size) {
    const cache = contender.create(size);
    fill(cache, keysOf(kind, size));
    const absent = keysOf(kind, pow2(Math.min(size, 1 << 16)), size + 1);
    return compile(
      tagOf(this, contender, kind, size),
      `if (c.get(keys[p]) === undefined) sink++; p = (p + 1) & m;`,
      ['c', 'keys', 'm'],
      [cache, absent, absent.length - 1],
    );
  },
};

export const setEvict: Workload = {
  name: 'set-evict',
  describe:
    'set() of a new key on a full cache (each set evicts; Map: set + delete of the key set `size` writes earlier)',
  supports: all,
  prepare(contender, kind, size) {
    // A cycle of 4 x size keys: a key comes back only after 3 x size other keys were set,
    // so under any policy it has long been evicted (or refused).
    const keys = keysOf(kind, pow2(4 * size));
    const m = keys.length - 1;
    const cache = contender.create(size);
    for (let i = keys.length - size; i < keys.length; i++) cache.set(keys[i], i);
    const body = contender.evicts
      ? `c.set(keys[p], p); p = (p + 1) & m;`
      : `c.set(keys[p], p); c.delete(keys[(p - ${size}) & m]); p = (p + 1) & m;`;
    return compile(tagOf(this, contender, kind, size), body, ['c', 'keys', 'm'], [cache, keys, m]);
  },
};

export const setUpdate: Workload = {
  name: 'set-update',
  describe: 'set() of a resident key with a new value, uniform random order',
  supports: all,
  prepare(contender, kind, size) {
    const keys = keysOf(kind, size);
    const cache = contender.create(size);
    fill(cache, keys);
    const idx = uniformOf(size, pow2(Math.max(size, 1 << 16)), 12);
    return compile(
      tagOf(this, contender, kind, size),
      `c.set(keys[idx[p]], p); p = (p + 1) & m;`,
      ['c', 'keys', 'idx', 'm'],
      [cache, keys, idx, idx.length - 1],
    );
  },
};

/** A Zipf stream of keys over `universe` keys, with a 10 % write flag per op; shared by a group. */
function zipfStream(
  kind: KeyKind,
  universe: number,
  s: number,
  length: number,
  seed: number,
): { keys: unknown[]; writes: Uint8Array } {
  return memo(`zipf/${kind}/${universe}/${s}/${length}/${seed}`, () => {
    const indexes = zipfIndexes(universe, s, length, seed);
    const random = prng(seed + 1);
    const writes = new Uint8Array(length);
    for (let i = 0; i < length; i++) writes[i] = random() < 0.1 ? 1 : 0;
    return { keys: keysForStream(kind, indexes), writes };
  });
}

/** The length of a Zipf stream: 4 x size, and at least 2^20 (or 64 x size for tiny test caches). */
function streamLength(size: number): number {
  return pow2(Math.max(4 * size, Math.min(1 << 20, 64 * size)));
}

/** Zipf keys over a universe of 10 x size: every op is a get(); 10 % of ops set() on a miss. */
export const mixedZipf: Workload = {
  name: 'zipf-90/10',
  describe:
    'Zipf(s = 0.99) keys from 10 x size: get() every op; on a miss, 10 % of ops set() (cache-aside; Map: no eviction)',
  supports: all,
  prepare(contender, kind, size) {
    const length = streamLength(size);
    const stream = zipfStream(kind, 10 * size, 0.99, length, 21);
    const cache = contender.create(size);
    // Warm up to the steady state: one pass loading every miss.
    for (let i = 0; i < length; i++) {
      const key = stream.keys[i];
      if (cache.get(key) === undefined) cache.set(key, i);
    }
    const body = `const k = keys[p]; if (c.get(k) === undefined) { if (w[p] === 1) c.set(k, p); } else sink++; p = (p + 1) & m;`;
    return compile(
      tagOf(this, contender, kind, size),
      body,
      ['c', 'keys', 'w', 'm'],
      [cache, stream.keys, stream.writes, length - 1],
      {},
      true,
    );
  },
};

/** Zipf skew and key-space multiple of zipf-mixed. */
export const ZIPF_MIXED = { s: 0.9, universe: 4 } as const;

/**
 * A read-through cache: get() every op of a Zipf stream over `universe` keys, each miss followed
 * by set() of that key, after a warm-up pass over another stream of the same law to the steady
 * state (untimed, without any load cost). Inserts and evictions run in the timed loop among the hits; the hit ratio is reported
 * beside the speed, so a policy cannot win by refusing inserts. The bare Map evicts as a FIFO (a
 * ring of the keys it inserted, the oldest deleted on each insert): the cheapest eviction there
 * is. With `loadMicros`, each miss first spins that long on performance.now() (the load a
 * read-through cache saves), so the figure shows what the hit ratio gains end to end.
 */
function readThrough(
  workload: Workload,
  contender: Contender,
  kind: KeyKind,
  size: number,
  shape: { s: number; universe: number; seed: number; loadMicros?: number },
): Prepared {
  const length = streamLength(size);
  const stream = zipfStream(kind, shape.universe * size, shape.s, length, shape.seed);
  // The warm-up draws a stream of its own: warmed on the timed stream itself, a cache would be
  // timed on a replay of what it has just seen, which a frequency-based policy remembers (at 1M
  // entries, where that stream holds about as many distinct keys as the cache, W-TinyLFU hit
  // nearly every replayed key and LRU did not).
  const warm = zipfStream(kind, shape.universe * size, shape.s, length, shape.seed + 1000);
  const cache = contender.create(size);
  const tag = tagOf(workload, contender, kind, size);
  const load =
    shape.loadMicros === undefined
      ? ''
      : `const until = performance.now() + ${shape.loadMicros / 1000}; while (performance.now() < until);`;
  if (contender.evicts) {
    for (let i = 0; i < length; i++) {
      const key = warm.keys[i];
      if (cache.get(key) === undefined) cache.set(key, i);
    }
    const body = `const k = keys[p]; if (c.get(k) === undefined) { ${load} c.set(k, p); } else sink++; p = (p + 1) & m;`;
    return compile(tag, body, ['c', 'keys', 'm'], [cache, stream.keys, length - 1], {}, true);
  }
  const ring = new Array<unknown>(size).fill(undefined);
  let q = 0;
  for (let i = 0; i < length; i++) {
    const key = warm.keys[i];
    if (cache.get(key) === undefined) {
      const old = ring[q];
      if (old !== undefined) cache.delete!(old);
      cache.set(key, i);
      ring[q] = key;
      q = q + 1 === size ? 0 : q + 1;
    }
  }
  const body =
    `const k = keys[p]; if (c.get(k) === undefined) { ${load} const old = r[q]; if (old !== undefined) c.delete(old); ` +
    `c.set(k, p); r[q] = k; q = q + 1 === n ? 0 : q + 1; } else sink++; p = (p + 1) & m;`;
  return compile(tag, body, ['c', 'keys', 'm', 'r', 'n'], [cache, stream.keys, length - 1, ring, size], { q }, true);
}

/** The eviction path under a realistic mix: Zipf(0.9) keys over 4 x size, read-through (see readThrough). */
export const zipfMixed: Workload = {
  name: 'zipf-mixed',
  describe:
    `Zipf(s = ${ZIPF_MIXED.s}) keys from ${ZIPF_MIXED.universe} x size: get() every op; every miss is followed by set() ` +
    'of that key (read-through), so inserts and evictions run among the hits (Map: FIFO eviction by a ring of its keys)',
  supports: all,
  prepare(contender, kind, size) {
    return readThrough(this, contender, kind, size, { s: ZIPF_MIXED.s, universe: ZIPF_MIXED.universe, seed: 41 });
  },
};

/** Zipf skew and key-space multiple of the read-through workloads. */
export const READ_THROUGH = { s: 0.99, universe: 10 } as const;

/** The simulated load costs of the read-through-load workloads, microseconds per miss. */
export const LOAD_MICROS = [1, 10] as const;

/** Read-through as users run it: Zipf(0.99) over 10 x the cache's keys, a set() after every miss. */
export const readThroughZipf: Workload = {
  name: 'read-through',
  describe:
    `Zipf(s = ${READ_THROUGH.s}) keys from ${READ_THROUGH.universe} x size: get() every op; every miss is followed by ` +
    'set() of that key (Map: FIFO eviction by a ring of its keys)',
  supports: all,
  prepare(contender, kind, size) {
    return readThrough(this, contender, kind, size, { ...READ_THROUGH, seed: 51 });
  },
};

/** read-through with a load that costs `micros` µs of busy work on every miss. */
function readThroughLoad(micros: number): Workload {
  return {
    name: `read-through-load-${micros}us`,
    describe:
      `read-through (Zipf(s = ${READ_THROUGH.s}) keys from ${READ_THROUGH.universe} x size), each miss spinning ${micros} µs ` +
      'on performance.now() before its set(), as a load would: ops/s end to end, so a higher hit ratio shows as speed',
    supports: all,
    prepare(contender, kind, size) {
      return readThrough(this, contender, kind, size, { ...READ_THROUGH, seed: 51, loadMicros: micros });
    },
  };
}

export const readThroughLoads: readonly Workload[] = LOAD_MICROS.map(readThroughLoad);

/** The Zipf skew of get-zipf. */
export const GET_ZIPF_S = 0.99;

/** Reads as users skew them: every get() a hit, the keys drawn Zipf(0.99) from the resident ones. */
export const getZipf: Workload = {
  name: 'get-zipf',
  describe: `get() of resident keys, Zipf(s = ${GET_ZIPF_S}) order (all hits: the skew a real read stream has)`,
  supports: all,
  prepare(contender, kind, size) {
    const keys = keysOf(kind, size);
    const cache = contender.create(size);
    fill(cache, keys);
    const length = pow2(Math.max(size, 1 << 16));
    const idx = memo(`zipf-indexes/${size}/${length}`, () => zipfIndexes(size, GET_ZIPF_S, length, 61));
    return compile(
      tagOf(this, contender, kind, size),
      `if (c.get(keys[idx[p]]) !== undefined) sink++; p = (p + 1) & m;`,
      ['c', 'keys', 'idx', 'm'],
      [cache, keys, idx, length - 1],
      {},
      true,
    );
  },
};

/** Sets of new keys with costs 1..100 (log-uniform) into a cache bounded by cost. */
export const setCosts: Workload = {
  name: 'set-costs',
  describe:
    'set() of a new key with a cost of 1..100 (log-uniform) into a cost-bounded cache (budget = size x mean cost)',
  supports: (contender) => contender.createCosted !== undefined,
  prepare(contender, kind, size) {
    const keys = keysOf(kind, pow2(4 * size));
    const costs = memo(`costs/${keys.length}`, () => {
      const random = prng(31);
      return keys.map(() => Math.max(1, Math.round(Math.exp(random() * Math.log(100)))));
    });
    const meanCost = costs.reduce((a, b) => a + b, 0) / costs.length;
    const options = costs.map((cost) => contender.costOption!(cost));
    const cache = contender.createCosted!(Math.round(size * meanCost));
    for (let i = keys.length - size; i < keys.length; i++) cache.set(keys[i], i, options[i] as object);
    return compile(
      tagOf(this, contender, kind, size),
      `c.set(keys[p], p, o[p]); p = (p + 1) & m;`,
      ['c', 'keys', 'o', 'm'],
      [cache, keys, options, keys.length - 1],
    );
  },
};

export const WORKLOADS: readonly Workload[] = [
  getHit,
  getZipf,
  getMiss,
  setEvict,
  setUpdate,
  mixedZipf,
  zipfMixed,
  readThroughZipf,
  ...readThroughLoads,
  setCosts,
];
