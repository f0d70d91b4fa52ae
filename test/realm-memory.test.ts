// The realm's WebAssembly memory (src/wasm/realm.ts, assembly/memory.ts) under the ways people
// really use caches: one per request or job, dropped without close(), in synchronous loops
// (where no FinalizationRegistry callback can run) and asynchronous ones; caches of every size
// closed and created around each other. Each test compiles a module of its own, so its realm
// (its arenas) holds only what the test made.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import type { Kernels } from '../src/wasm/kernels.js';
import { realmArenas, realmMemoryBytes } from '../src/wasm/realm.js';

const MiB = 2 ** 20;
const wasm = readFileSync(join(import.meta.dirname, '..', 'build', 'cortado.wasm'));

/** A module of its own: a realm that holds only what the test makes. */
const freshModule = (): WebAssembly.Module => new WebAssembly.Module(wasm);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage and lets the finalization callbacks run (they never run inside a job). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('caches dropped without close()', () => {
  it('20,000 caches made and dropped in a synchronous loop end without error, the realm under 64 MiB', () => {
    const module = freshModule();
    for (let i = 0; i < 20_000; i++) {
      const cache = new Cache<string, number>({ maxCost: 100_000, wasmModule: module });
      cache.set('k', i);
      if (cache.get('k') !== i) expect.fail(`cache ${i} lost its key`);
    }
    // Nothing could be finalized inside this job: what the realm holds is what the caches took.
    expect(realmMemoryBytes(module)).toBeLessThan(64 * MiB);
  });

  it('20,000 caches made and dropped with setImmediate between them keep the realm under 64 MiB', async () => {
    const module = freshModule();
    let peak = 0;
    for (let i = 0; i < 20_000; i++) {
      const cache = new Cache<string, number>({ maxCost: 100_000, wasmModule: module });
      cache.set('k', i);
      if (cache.get('k') !== i) expect.fail(`cache ${i} lost its key`);
      peak = Math.max(peak, realmMemoryBytes(module));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(peak).toBeLessThan(64 * MiB);
  });

  it('caches of 8 MiB sketches dropped in a synchronous loop never exhaust memory: whole arenas are collected', async () => {
    // 600 caches whose sketches ask for 8 MiB each (numCounters 2^24 over maxCost 100: the
    // sketch's full size from the first slots), 4.7 GiB in all: more than one memory can hold.
    const module = freshModule();
    for (let i = 0; i < 600; i++) {
      const cache = new Cache<number, number>({ maxCost: 100, numCounters: 2 ** 24, wasmModule: module });
      cache.set(i, i);
      if (cache.get(i) !== i) expect.fail(`cache ${i} lost its key`);
    }
    // Once collected, no arena of theirs is left but the current one.
    await settle();
    expect(realmArenas(module)).toBeLessThanOrEqual(1);
    expect(realmMemoryBytes(module)).toBeLessThan(64 * MiB);
  });
});

describe('freed memory serves any later request', () => {
  it('after closing 1,000 caches of maxCost 1e6, 1,000 of maxCost 1e4 and one of numCounters 2^24 fit in what they freed', () => {
    const module = freshModule();
    const big: Cache<number, number>[] = [];
    for (let i = 0; i < 1000; i++) {
      const cache = new Cache<number, number>({ maxCost: 1e6, wasmModule: module });
      for (let k = 0; k < 300; k++) cache.set(k, k); // tables grown past their first sizes
      big.push(cache);
    }
    for (const cache of big) cache.close();
    const before = realmMemoryBytes(module);
    const small: Cache<number, number>[] = [];
    for (let i = 0; i < 1000; i++) {
      const cache = new Cache<number, number>({ maxCost: 1e4, wasmModule: module });
      for (let k = 0; k < 20; k++) cache.set(k, k + i);
      small.push(cache);
    }
    // The small caches' blocks came out of the big ones' (other sizes): the realm did not grow.
    expect(realmMemoryBytes(module)).toBeLessThanOrEqual(before);
    const wide = new Cache<number, number>({ maxCost: 100, numCounters: 2 ** 24, wasmModule: module });
    for (let k = 0; k < 100; k++) wide.set(k, -k);
    for (let i = 0; i < 1000; i++) if (small[i]!.get(7) !== 7 + i) expect.fail(`cache ${i} lost its entry`);
    expect(wide.get(99)).toBe(-99);
    // The wide cache is the only thing the realm grew for: its sketch grew with its slots to
    // the 2^24 counters per row (32 MiB) that 100 entries ask for, leaving its smaller tables
    // behind as free blocks on the way.
    const wideBytes = (wide as unknown as { kernels: Kernels }).kernels.memoryBytes;
    expect(wideBytes).toBeGreaterThan(32 * MiB);
    expect(realmMemoryBytes(module)).toBeLessThanOrEqual(before + 2 * wideBytes);
  });
});
