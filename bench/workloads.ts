// The throughput workloads. Each one prepares a cache (filled before timing starts) and a
// batch function that runs BATCH operations on pregenerated data. The batch function is
// compiled afresh for every contender (new Function), so each contender's call sites stay
// monomorphic, as in an application that uses one cache library: a shared loop would see
// eleven receiver shapes, go megamorphic and hide the very inlining we want to measure.

import type { CacheLike, Contender } from './contenders.js';
import { type KeyKind, makeKeys, uniformIndexes, zipfIndexes, keysForStream, prng } from './data.js';

/** Operations per timed call; ops/s = BATCH / mean call time. */
export const BATCH = 1000;

/** What a workload's batch function works on. */
export interface Prepared {
  cache: CacheLike;
  /** One timed call: BATCH operations. */
  run: () => void;
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

/** Cursor and sink shared by a batch function across calls (the sink keeps results alive). */
interface State {
  pos: number;
  sink: number;
}

/** Compiles a batch function for one contender from the loop body's source. */
function compile(body: string, names: string[], values: unknown[]): () => void {
  const state: State = { pos: 0, sink: 0 };
  const factory = new Function(
    'st',
    ...names,
    `"use strict"; return function batch() { let p = st.pos, sink = 0;
      for (let i = 0; i < ${BATCH}; i++) { ${body} }
      st.pos = p; st.sink += sink; };`,
  );
  return factory(state, ...values) as () => void;
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

const all = () => true;

export const getHit: Workload = {
  name: 'get-hit',
  describe: 'get() of resident keys, uniform random order',
  supports: all,
  prepare(contender, kind, size) {
    const keys = makeKeys(kind, size);
    const cache = contender.create(size);
    fill(cache, keys);
    const idx = uniformIndexes(size, pow2(Math.max(size, 1 << 16)), 11);
    const run = compile(`if (c.get(keys[idx[p]]) !== undefined) sink++; p = (p + 1) & m;`, ['c', 'keys', 'idx', 'm'], [
      cache, keys, idx, idx.length - 1,
    ]);
    return { cache, run };
  },
};

export const getMiss: Workload = {
  name: 'get-miss',
  describe: 'get() of absent keys on a full cache',
  supports: all,
  prepare(contender, kind, size) {
    const cache = contender.create(size);
    fill(cache, makeKeys(kind, size));
    const absent = makeKeys(kind, pow2(Math.min(size, 1 << 16)), size + 1);
    const run = compile(`if (c.get(keys[p]) === undefined) sink++; p = (p + 1) & m;`, ['c', 'keys', 'm'], [
      cache, absent, absent.length - 1,
    ]);
    return { cache, run };
  },
};

export const setEvict: Workload = {
  name: 'set-evict',
  describe: 'set() of a new key on a full cache (each set evicts; Map: set + delete of the key set `size` writes earlier)',
  supports: all,
  prepare(contender, kind, size) {
    // A cycle of 4 x size keys: a key comes back only after 3 x size other keys were set,
    // so under any policy it has long been evicted (or refused).
    const keys = makeKeys(kind, pow2(4 * size));
    const m = keys.length - 1;
    const cache = contender.create(size);
    for (let i = keys.length - size; i < keys.length; i++) cache.set(keys[i], i);
    const body = contender.evicts
      ? `c.set(keys[p], p); p = (p + 1) & m;`
      : `c.set(keys[p], p); c.delete(keys[(p - ${size}) & m]); p = (p + 1) & m;`;
    return { cache, run: compile(body, ['c', 'keys', 'm'], [cache, keys, m]) };
  },
};

export const setUpdate: Workload = {
  name: 'set-update',
  describe: 'set() of a resident key with a new value, uniform random order',
  supports: all,
  prepare(contender, kind, size) {
    const keys = makeKeys(kind, size);
    const cache = contender.create(size);
    fill(cache, keys);
    const idx = uniformIndexes(size, pow2(Math.max(size, 1 << 16)), 12);
    const run = compile(`c.set(keys[idx[p]], p); p = (p + 1) & m;`, ['c', 'keys', 'idx', 'm'], [
      cache, keys, idx, idx.length - 1,
    ]);
    return { cache, run };
  },
};

/** Zipf keys over a universe of 10 x size: every op is a get(); 10 % of ops set() on a miss. */
export const mixedZipf: Workload = {
  name: 'zipf-90/10',
  describe: 'Zipf(s = 0.99) keys from 10 x size: get() every op; on a miss, 10 % of ops set() (cache-aside)',
  supports: all,
  prepare(contender, kind, size) {
    const length = pow2(Math.max(4 * size, 1 << 20));
    const stream = zipfCache(kind, size, length);
    const cache = contender.create(size);
    // Warm up to the steady state: one pass loading every miss.
    for (let i = 0; i < length; i++) {
      const key = stream.keys[i];
      if (cache.get(key) === undefined) cache.set(key, i);
    }
    const body = `const k = keys[p]; if (c.get(k) === undefined) { if (w[p] === 1) c.set(k, p); } else sink++; p = (p + 1) & m;`;
    return { cache, run: compile(body, ['c', 'keys', 'w', 'm'], [cache, stream.keys, stream.writes, length - 1]) };
  },
};

/** The Zipf stream for (kind, size) is built once and shared by every contender. */
let zipfMemo: { id: string; keys: unknown[]; writes: Uint8Array } | undefined;
function zipfCache(kind: KeyKind, size: number, length: number): { keys: unknown[]; writes: Uint8Array } {
  const id = `${kind}/${size}/${length}`;
  if (zipfMemo?.id !== id) {
    zipfMemo = undefined; // let the previous stream go before building the next
    const indexes = zipfIndexes(10 * size, 0.99, length, 21);
    const random = prng(22);
    const writes = new Uint8Array(length);
    for (let i = 0; i < length; i++) writes[i] = random() < 0.1 ? 1 : 0;
    zipfMemo = { id, keys: keysForStream(kind, indexes), writes };
  }
  return zipfMemo;
}

/** Drops the shared Zipf stream (memory measurements follow the speed runs). */
export function releaseSharedData(): void {
  zipfMemo = undefined;
}

/** Sets of new keys with costs 1..100 (log-uniform) into a cache bounded by cost. */
export const setCosts: Workload = {
  name: 'set-costs',
  describe: 'set() of a new key with a cost of 1..100 (log-uniform) into a cost-bounded cache (budget = size x mean cost)',
  supports: (contender) => contender.createCosted !== undefined,
  prepare(contender, kind, size) {
    const keys = makeKeys(kind, pow2(4 * size));
    const random = prng(31);
    const costs = keys.map(() => Math.max(1, Math.round(Math.exp(random() * Math.log(100)))));
    const meanCost = costs.reduce((a, b) => a + b, 0) / costs.length;
    const options = costs.map((cost) => contender.costOption!(cost));
    const cache = contender.createCosted!(Math.round(size * meanCost));
    for (let i = keys.length - size; i < keys.length; i++) cache.set(keys[i], i, options[i] as object);
    const run = compile(`c.set(keys[p], p, o[p]); p = (p + 1) & m;`, ['c', 'keys', 'o', 'm'], [
      cache, keys, options, keys.length - 1,
    ]);
    return { cache, run };
  },
};

export const WORKLOADS: readonly Workload[] = [getHit, getMiss, setEvict, setUpdate, mixedZipf, setCosts];
