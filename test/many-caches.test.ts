// Many live caches in one process: every cache is a region of an arena (an instance and its
// memory, src/wasm/realm.ts) shared with thousands of others, so the count of caches is bounded
// by memory, not by instances (with an instance per cache, `new Cache()` threw
// "WebAssembly.Instance(): Out of memory" at ~12,900 caches, each costing 64 KiB or more of
// linear memory).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { Kernels } from '../src/wasm/kernels.js';
import { kernelsModule } from '../src/wasm/module.js';
import { realmMemoryBytes } from '../src/wasm/realm.js';
import { blockBytes, kernelsOf as probesOf, testingModule } from './testing-kernels.js';

const CACHES = 100_000;

// A cache of maxCost 16 under the default policy (w-tinylfu) holds, in linear memory: its
// context (about 150 B), a sketch of 4 rows x 1,024 counters x 4 bits (2,048 B; 1,024 is the
// least numCounters the options derive, and 16 slots ask for all of it), an access ring of 64
// (bufferItems) u64 hashes (512 B) and 16 slot hashes of 8 B (128 B), and W-TinyLFU's state
// (assembly/w-tinylfu.ts): its fields (224 B), and per slot its links (8 B), segment (1 B) and
// hit mark (4 B), and a ring of 16 marked slots (64 B); each block with 16 bytes of header and
// footer. Nothing else is allocated unless the policy asks (index, resident set).
const POLICY_BLOCKS = blockBytes(224) + blockBytes(16 * 8) + blockBytes(16) + blockBytes(16 * 4) + blockBytes(64);
const REGION_BOUND = blockBytes(160) + blockBytes(2048) + blockBytes(512) + blockBytes(128) + POLICY_BLOCKS;

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
    // The realm's arenas hold them all and grew geometrically: at most a quarter more than what
    // is in use, plus an arena's initial 4 MiB for each 16 MiB of caches.
    const memory = realmMemoryBytes(kernelsModule());
    expect(memory).toBeGreaterThanOrEqual(regions);
    expect(memory).toBeLessThanOrEqual(1.25 * regions + (regions / (16 << 20) + 1) * (4 << 20));
    console.log(`${CACHES} caches: at most ${largest} B of wasm memory each; realm memory ${memory / 2 ** 20} MiB`);
  });

  // 4,000 caches of these sizes hold about 13 MiB, under one arena's ARENA_BYTES (realm.ts), so
  // every round stays in the one arena and what it frees is all that the next round uses.
  it("gives a closed cache's region back: memory stays flat over rounds of 4,000 caches", () => {
    const module = testingModule();
    const used: number[] = [];
    for (let round = 0; round < 10; round++) {
      const caches: Cache<number, number>[] = [];
      for (let i = 0; i < 4000; i++) {
        const cache = new Cache<number, number>({ maxCost: 16 << (i % 4), wasmModule: module });
        for (let k = 0; k < 20; k++) cache.set(k, k); // the smallest evict, the others hold all 20
        caches.push(cache);
      }
      expect(probesOf(caches[0]!).exports.liveBytes()).toBeGreaterThan(4000 * 1024);
      used.push(realmMemoryBytes(module));
      for (const cache of caches) cache.close();
    }
    expect(new Set(used.slice(1)).size).toBe(1);
    expect(used[9]).toBe(used[0]);
  });

  it("says so with a RangeError when a cache's arena is full at 4 GiB, and every cache of the arena keeps working", () => {
    // An arena of its own (a module compiled here). A cache stays in the arena it was made in,
    // so a cache growing past what its memory can hold is refused there; fresh memory is never
    // written until a slot is, so 4 GiB of address space costs little real memory. Before, the
    // allocator's 32-bit end pointer wrapped past 4 GiB and handed out blocks that overlapped
    // live ones.
    const module = new WebAssembly.Module(readFileSync(join(import.meta.dirname, '..', 'build', 'cortado.wasm')));
    const config = { numCounters: 1024, sampleSize: 1024, doorkeeper: false, ringItems: 16 };
    const a = new Kernels(config, module);
    const b = new Kernels(config, module); // the same arena
    a.reserve(1 << 27); // 1 GiB of slot hashes each
    b.reserve(1 << 27);
    a.setSlotHash(5, 55, 0);
    b.setSlotHash(6, 66, 0);
    const refused = (grow: () => void): unknown => {
      try {
        grow();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    // a's table cannot grow in place (b's is above it): moving it needs 2 GiB beside the 2 held.
    // Then 4 GiB, more than any memory holds.
    for (const error of [refused(() => a.reserve(1 << 28)), refused(() => b.reserve(1 << 29))]) {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(
        /out of WebAssembly memory \(4 GiB, shared with the caches created next to this one\)/,
      );
    }
    expect(a.hashLo(5)).toBe(55);
    expect(b.hashLo(6)).toBe(66);
    a.setSlotHash((1 << 27) - 1, 7, 0);
    expect(a.hashLo((1 << 27) - 1)).toBe(7);
    // The next cache goes to a fresh arena, and works.
    const next = new Cache<number, number>({ maxCost: 10, wasmModule: module });
    next.set(1, 1);
    expect(next.get(1)).toBe(1);
    a.release();
    b.release();
  });
});
