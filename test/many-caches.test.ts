// Many live caches in one process: every cache is a region of the realm's one WebAssembly
// instance and memory, so the count of caches is bounded by memory, not by instances (with an
// instance per cache, `new Cache()` threw "WebAssembly.Instance(): Out of memory" at ~12,900
// caches, each costing 64 KiB or more of linear memory).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import type { Kernels } from '../src/wasm/kernels.js';
import { kernelsOf as probesOf, realmOf, testingModule } from './testing-kernels.js';

const CACHES = 100_000;

// A cache of maxCost 16 under the default policy (w-tinylfu) holds, in linear memory: its
// context (128 B), a sketch of 4 rows x 1,024 counters x 4 bits (2,048 B; 1,024 is the least
// numCounters the options derive), an access ring of 64 (bufferItems) u64 hashes (512 B) and
// 16 slot hashes of 8 B (128 B): 2,816 B. Nothing else is allocated unless the policy asks
// (index, resident set). 3 KiB leaves no room for a table sized from anything but its numbers.
const REGION_BOUND = 3 * 1024;

const kernelsOf = (cache: Cache<number, number>): Kernels => (cache as unknown as { kernels: Kernels }).kernels;

describe('many caches in one realm', () => {
  it(`runs ${CACHES.toLocaleString('en')} live caches, each a few KB of wasm memory`, () => {
    const caches: Cache<number, number>[] = [];
    for (let i = 0; i < CACHES; i++) {
      const cache = new Cache<number, number>({ maxCost: 16 });
      expect(cache.set(i, i * 3)).toBe(true);
      if (cache.get(i) !== i * 3) expect.fail(`cache ${i} missed its own key`);
      caches.push(cache);
    }
    // Memory grew many times while they were made; every cache still reads its own region.
    let regions = 0;
    let largest = 0;
    for (let i = 0; i < CACHES; i++) {
      const cache = caches[i]!;
      if (cache.get(i) !== i * 3 || cache.get(i + 1) !== undefined) expect.fail(`cache ${i} lost its entry`);
      const bytes = kernelsOf(cache).memoryBytes;
      regions += bytes;
      largest = Math.max(largest, bytes);
    }
    expect(largest).toBeLessThanOrEqual(REGION_BOUND);
    // The realm's memory holds them all and grew geometrically: at most twice what is in use,
    // plus its initial 4 MiB.
    const memory = realmOf(kernelsOf(caches[0]!)).exports.memory.buffer.byteLength;
    expect(memory).toBeGreaterThanOrEqual(regions);
    expect(memory).toBeLessThanOrEqual(2 * regions + (4 << 20));
    console.log(`${CACHES} caches: at most ${largest} B of wasm memory each; realm memory ${memory / 2 ** 20} MiB`);
  });

  it('gives a closed cache\'s region back: memory stays flat over rounds of 5,000 caches', () => {
    const used: number[] = [];
    for (let round = 0; round < 10; round++) {
      const caches: Cache<number, number>[] = [];
      for (let i = 0; i < 5000; i++) {
        const cache = new Cache<number, number>({ maxCost: 16 << (i % 4), wasmModule: testingModule() });
        for (let k = 0; k < 20; k++) cache.set(k, k); // the smallest evict, the others hold all 20
        caches.push(cache);
      }
      used.push(probesOf(caches[0]!).exports.usedBytes());
      for (const cache of caches) cache.close();
    }
    expect(new Set(used.slice(1)).size).toBe(1);
    expect(used[9]).toBe(used[0]);
  });

  it('says so with a RangeError when the realm\'s 4 GiB memory is full, and every cache keeps working', () => {
    // A realm of its own (a module compiled here), so the other tests' realm is not filled. Each
    // cache's sketch of 2^24 counters per row takes 32 MiB; fresh memory is never written until a
    // counter is, so 4 GiB of address space costs little real memory. Before, the allocator's
    // 32-bit end pointer wrapped past 4 GiB and handed out blocks that overlapped live ones.
    const module = new WebAssembly.Module(readFileSync(join(import.meta.dirname, '..', 'build', 'cortado.wasm')));
    const make = (i: number) => {
      const cache = new Cache<number, number>({ maxCost: 1000, numCounters: 1 << 24, wasmModule: module });
      cache.set(i, i);
      return cache;
    };
    const caches: Cache<number, number>[] = [];
    let error: unknown;
    try {
      for (let i = 0; i < 200; i++) caches.push(make(i));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/out of WebAssembly memory \(4 GiB, shared by all caches\)/);
    expect(caches.length).toBeGreaterThan(100); // 127 x 32 MiB fit below 4 GiB
    expect(caches.length).toBeLessThan(128);
    for (let i = 0; i < caches.length; i++) if (caches[i]!.get(i) !== i) expect.fail(`cache ${i} lost its entry`);
    // A closed cache's blocks serve the next one.
    caches.pop()!.close();
    const again = make(7);
    expect(again.get(7)).toBe(7);
    for (const cache of [...caches, again]) cache.close();
  });
});
