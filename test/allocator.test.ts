// The arena's allocator (assembly/memory.ts), seen through caches' kernels in an arena of their
// own: freed blocks coalesce and serve requests of any size, reused memory comes back zeroed,
// and freeing writes nothing into what it frees (closing a cache commits no pages).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { Kernels } from '../src/wasm/kernels.js';
import { arenaOf, kernelsOf, withProbes } from './testing-kernels.js';

const testingWasm = readFileSync(join(import.meta.dirname, '..', 'build', 'cortado.testing.wasm'));
const config = { numCounters: 1024, sampleSize: 1024, doorkeeper: false, ringItems: 16 };

/** Kernels in an arena of their own (a module compiled for the test), with the probes. */
function isolated() {
  const module = new WebAssembly.Module(testingWasm);
  return () => withProbes(new Kernels(config, module));
}

describe('the arena allocator', () => {
  it('serves a request of another size from freed blocks: 8 freed 1 MiB tables hold 40 small ones and one of 4 MiB', () => {
    const make = isolated();
    const first = make();
    const big = Array.from({ length: 8 }, () => make());
    for (const k of big) k.reserve(1 << 17); // 1 MiB of slot hashes each
    const used = first.exports.usedBytes();
    for (const k of big) k.release();
    const small = Array.from({ length: 40 }, () => make());
    for (const k of small) k.reserve(3000); // 32 KiB tables (4,096 slots)
    const large = make();
    large.reserve(1 << 19); // 4 MiB: only the freed blocks merged can hold it
    expect(first.exports.usedBytes()).toBe(used);
    for (const [i, k] of [...small, large].entries()) {
      k.setSlotHash(2999, i, i + 1);
      expect(k.hashLo(2999)).toBe(i);
    }
  });

  it('hands out reused memory zeroed', () => {
    const make = isolated();
    const a = make();
    a.reserve(1 << 12);
    for (let slot = 0; slot < 1 << 12; slot++) a.setSlotHash(slot, 0xdeadbeef, 0xfeedface);
    a.release();
    const b = make(); // its blocks come out of a's
    b.reserve(1 << 12);
    let dirty = 0;
    for (let slot = 0; slot < 1 << 12; slot++) if (b.hashLo(slot) !== 0 || b.hashHi(slot) !== 0) dirty++;
    expect(dirty).toBe(0);
    for (let key = 0; key < 100; key++) expect(b.exports.estimate(key, key)).toBe(0);
  });

  it('gives the whole of a closed cache back: the next cache of any size reuses it, live bytes return to zero', () => {
    const make = isolated();
    const probe = make();
    const empty = probe.exports.liveBytes();
    const caches = Array.from({ length: 50 }, (_, i) => {
      const k = make();
      k.reserve(16 << (i % 8));
      k.indexInsert(i, i, i);
      k.enableResidents();
      return k;
    });
    expect(probe.exports.liveBytes()).toBeGreaterThan(empty);
    for (const k of caches) k.release();
    expect(probe.exports.liveBytes()).toBe(empty);
  });

  it('close() writes nothing into the memory it frees (no zero-fill: its pages stay as they were)', () => {
    const module = new WebAssembly.Module(testingWasm);
    const cache = new Cache<number, number>({ maxCost: 5000, wasmModule: module });
    for (let round = 0; round < 3; round++) for (let k = 0; k < 5000; k++) cache.set(k, k);
    cache.flush();
    const kernels = kernelsOf(cache);
    const arena = arenaOf(kernels);
    const table = (arena.exports as unknown as { sketchTable(ctx: number): number }).sketchTable(
      (kernels as unknown as { ctx: number }).ctx,
    );
    const words = kernels.exports.sketchWidth() / 2; // u32 words of 4 rows x width x 4 bits
    const counted = (): number => {
      let n = 0;
      for (let i = 16; i < words - 16; i++) if (arena.u32[(table >>> 2) + i] !== 0) n++;
      return n;
    };
    const before = counted();
    expect(before).toBeGreaterThan(words / 4);
    cache.close();
    expect(counted()).toBe(before);
  });
});
