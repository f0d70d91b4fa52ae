// Caches living and dying around the fuzzed cache: every few ops the harness makes
// caches of many sizes and policies next to it, fills them, checks that each still reads back
// only its own values, and closes some, drops others without close() (to the garbage collector,
// run where available) and keeps the rest. They share the fuzzed cache's arena and allocator, so
// a block handed out twice, memory zeroed under a live cache or a table freed while in use shows
// up as a wrong value here or as a divergence of the fuzzed cache from its model.

import { Cache, POLICIES } from '../../src/index.js';
import { pick, type Rand } from './ops.js';

/** Runs a full garbage collection, where the process allows (`node --expose-gc`, or a test that set it). */
let collectGarbage: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Lets the suite hand over a gc() it obtained (test/fuzz/fuzz.test.ts does). */
export function useGarbageCollector(gc: () => void): void {
  collectGarbage = gc;
}

interface Neighbour {
  cache: Cache<number, string>;
  id: number;
  keys: number;
  maxCost: number;
}

const MAX_COSTS = [1, 16, 300, 10_000, 1e6];
const KEEP = 6;

export class Neighbours {
  private readonly pool: Neighbour[] = [];
  private nextId = 0;

  /** One round: make, fill, check, close or drop; returns what went wrong, if anything. */
  step(r: Rand): string | undefined {
    for (let made = r(3); made > 0; made--) this.make(r);
    for (const n of this.pool) {
      const wrong = check(n, r);
      if (wrong !== undefined) return wrong;
    }
    while (this.pool.length > KEEP || (this.pool.length > 0 && r(4) === 0)) {
      const n = this.pool.splice(r(this.pool.length), 1)[0]!;
      if (r(2) === 0) n.cache.close(); // else dropped: freed by the registry or with its arena
    }
    if (collectGarbage !== undefined && r(250) === 0) collectGarbage(); // rarely: a full collection is slow
    return undefined;
  }

  /** Drops every neighbour (half of them closed first). */
  finish(): void {
    for (const [i, n] of this.pool.entries()) if (i % 2 === 0) n.cache.close();
    this.pool.length = 0;
  }

  private make(r: Rand): void {
    const maxCost = pick(r, MAX_COSTS);
    const policy = pick(r, POLICIES);
    const options: ConstructorParameters<typeof Cache<number, string>>[0] = { maxCost, policy, seed: r(1000) };
    if (r(4) === 0) options.numCounters = pick(r, [64, 2 ** 16, 2 ** 20]);
    const n: Neighbour = {
      cache: new Cache<number, string>(options),
      id: this.nextId++,
      keys: Math.min(r(200) + 1, maxCost * 2),
      maxCost,
    };
    for (let k = 0; k < n.keys; k++) n.cache.set(k, `${n.id}:${k}`);
    for (let k = 0; k < n.keys; k += 3) n.cache.get(k);
    this.pool.push(n);
  }
}

/** A neighbour holds only its own values, within its budget. */
function check(n: Neighbour, r: Rand): string | undefined {
  if (n.cache.size > n.maxCost) return `neighbour ${n.id} (maxCost ${n.maxCost}) holds ${n.cache.size} entries`;
  for (let k = r(4); k < n.keys; k += 4) {
    const v = n.cache.peek(k);
    if (v !== undefined && v !== `${n.id}:${k}`) return `neighbour ${n.id} read ${JSON.stringify(v)} for key ${k}`;
  }
  for (const [k, v] of n.cache)
    if (v !== `${n.id}:${k}`) return `neighbour ${n.id} iterated ${k} → ${JSON.stringify(v)}`;
  return undefined;
}
