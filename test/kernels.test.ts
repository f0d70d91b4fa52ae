// The WebAssembly kernels through their bindings: count-min sketch, doorkeeper, hash index,
// the resident sampler, and the caches' regions of their arena's instance. Hashes are chosen
// by the tests (including forced collisions), not by the key hasher, so each kernel is checked
// on its own, through the testing build's probes.
import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kernels } from '../src/wasm/kernels.js';
import { blockBytes, ctxOf, arenaOf, testingKernels, testingModule, type TestingKernels } from './testing-kernels.js';

/** Kernels whose sketch has its full numCounters from the start (its slots ask for them all). */
function kernels(numCounters = 1024, sampleSize = 1 << 30, doorkeeper = false): TestingKernels {
  const k = testingKernels({ numCounters, sampleSize, doorkeeper, ringItems: 16 }, numCounters);
  k.reserve(1);
  k.seed(0x1234, 0x5678);
  return k;
}

/** A deterministic stream of well-spread 32-bit words. */
function* words(seed: number): Generator<number> {
  let x = seed >>> 0 || 1;
  for (;;) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    yield x;
  }
}

describe('count-min sketch', () => {
  it('never under-counts before a reset', () => {
    const k = kernels(256);
    const counts = new Map<number, number>();
    const w = words(7);
    for (let i = 0; i < 5000; i++) {
      const key = w.next().value % 600; // more keys than counters: collisions are certain
      k.exports.increment(key, key ^ 0xabcdef);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) {
      expect(k.exports.estimate(key, key ^ 0xabcdef)).toBeGreaterThanOrEqual(Math.min(n, 15));
    }
    expect(k.exports.sketchResets()).toBe(0);
  });

  it('saturates at 15', () => {
    const k = kernels();
    for (let i = 0; i < 40; i++) k.exports.increment(1, 2);
    expect(k.exports.estimate(1, 2)).toBe(15);
  });

  it('is accurate when keys are few (rows are independent)', () => {
    const k = kernels(4096);
    for (let key = 0; key < 200; key++) for (let j = 0; j < key % 10; j++) k.exports.increment(key, 0);
    let exact = 0;
    for (let key = 0; key < 200; key++) if (k.exports.estimate(key, 0) === key % 10) exact++;
    expect(exact).toBeGreaterThanOrEqual(195);
  });

  it('rows do not share collisions (keys differing only in high bits)', () => {
    // ristretto's XOR-seeded rows index by the same low bits: keys equal in their low bits
    // collide in every row. Ours mixes each row independently.
    const k = kernels(1024);
    for (let i = 0; i < 12; i++) k.exports.increment(0x55, 1);
    let overcounted = 0;
    for (let hi = 2; hi < 200; hi++) if (k.exports.estimate(0x55, hi) > 0) overcounted++;
    expect(overcounted).toBeLessThan(5);
  });

  it('halves every counter on reset after sampleSize recorded accesses', () => {
    const k = kernels(1024, 100);
    for (let i = 0; i < 8; i++) k.exports.increment(9, 9);
    for (let i = 0; i < 6; i++) k.exports.increment(10, 10);
    expect(k.exports.estimate(9, 9)).toBe(8);
    const before = k.exports.estimate(10, 10);
    // 86 more accesses of other keys reach the 100-access sample
    for (let i = 0; i < 86; i++) k.exports.increment(1000 + i, 0);
    expect(k.exports.sketchResets()).toBe(1);
    expect(k.exports.estimate(9, 9)).toBe(4);
    expect(k.exports.estimate(10, 10)).toBe(before >> 1);
  });

  /** Every counter of the sketch's table (4 bits each), read from the arena's memory. */
  function counters(k: TestingKernels): number[] {
    const probes = k.exports as unknown as { sketchTable(): number; sketchWidth(): number };
    // Four rows of `width` 4-bit counters: width × 2 bytes.
    const bytes = new Uint8Array(k.exports.memory.buffer, probes.sketchTable(), probes.sketchWidth() * 2);
    return Array.from(bytes).flatMap((b) => [b & 15, b >> 4]);
  }

  it("updates conservatively: a record raises only the rows at the key's minimum", () => {
    // 200 keys recorded once each into 64 counters a row: every row has collisions. A plain
    // count-min update adds exactly 4 (one per row) a record; the conservative one skips the
    // rows a colliding key already raised above this key's minimum, and still never under-counts.
    const k = kernels(64);
    for (let key = 0; key < 200; key++) k.exports.increment(key, 0xbeef);
    for (let key = 0; key < 200; key++) expect(k.exports.estimate(key, 0xbeef)).toBeGreaterThanOrEqual(1);
    const sum = counters(k).reduce((a, b) => a + b, 0);
    expect(Math.max(...counters(k))).toBeLessThan(15); // nothing saturated: the sum is every raise
    expect(sum).toBeLessThan(4 * 200);
    expect(sum).toBeGreaterThanOrEqual(200);
    expect(k.exports.sketchResets()).toBe(0);
  });

  it('halves each counter on its own: a dense table holds no counter above 7 after a reset, each estimate halved', () => {
    // 300 keys recorded 1 to 15 times into 64 counters a row: nearly every counter is in use, odd
    // or even, beside neighbours of every value; halving must not carry a bit from one into the next.
    const k = kernels(64);
    for (let key = 0; key < 300; key++) for (let j = 0; j <= key % 15; j++) k.exports.increment(key, 7);
    expect(counters(k).filter((c) => c % 2 === 1).length).toBeGreaterThan(100);
    const before = Array.from({ length: 300 }, (_, key) => k.exports.estimate(key, 7));
    k.exports.sketchReset();
    expect(Math.max(...counters(k))).toBeLessThanOrEqual(7);
    expect(Array.from({ length: 300 }, (_, key) => k.exports.estimate(key, 7))).toEqual(before.map((e) => e >> 1));
  });

  it('drains the access ring in one call per batch', () => {
    const k = kernels();
    for (let i = 0; i < 15; i++) k.record(77, 88);
    expect(k.exports.estimate(77, 88)).toBe(0); // still buffered
    k.record(77, 88); // the 16th fills the ring
    expect(k.exports.estimate(77, 88)).toBe(15);
    k.record(77, 88);
    k.flush();
    expect(k.recorded).toBe(17);
  });
});

describe('doorkeeper', () => {
  it("sends only a key's second and later sightings to the sketch", () => {
    const k = kernels(1024, 1 << 30, true);
    k.exports.increment(5, 6);
    expect(k.exports.sketchMinimum(5, 6)).toBe(0);
    expect(k.exports.estimate(5, 6)).toBe(1); // doorkeeper bit counts as one
    k.exports.increment(5, 6);
    expect(k.exports.sketchMinimum(5, 6)).toBe(1);
    expect(k.exports.estimate(5, 6)).toBe(2);
  });

  it('has about 1% false positives at numCounters keys', () => {
    const n = 10_000;
    const k = kernels(n, 1 << 30, true);
    const w = words(99);
    for (let i = 0; i < n; i++) k.exports.doorkeeperPut(w.next().value, i);
    let fp = 0;
    const probes = 20_000;
    for (let i = 0; i < probes; i++) if (k.exports.doorkeeperHas(w.next().value, i + 7_000_000)) fp++;
    // m rounds up to a power of two, so the rate lands at or below 1%.
    expect(fp / probes).toBeLessThan(0.015);
    expect(k.exports.doorkeeperBits()).toBeGreaterThanOrEqual(n * 9.58);
  });

  it('is cleared by the reset', () => {
    const k = kernels(64, 10, true);
    k.exports.increment(3, 3);
    expect(k.exports.doorkeeperHas(3, 3)).toBe(1);
    for (let i = 0; i < 9; i++) k.exports.increment(100 + i, 1);
    expect(k.exports.doorkeeperHas(3, 3)).toBe(0);
  });
});

describe('hash index', () => {
  it('maps 64-bit hashes to values and forgets deleted ones', () => {
    const k = kernels();
    expect(k.indexInsert(1, 2, 10)).toBe(-1);
    expect(k.indexInsert(1, 3, 11)).toBe(-1);
    expect(k.indexLookup(1, 2)).toBe(10);
    expect(k.indexLookup(1, 3)).toBe(11);
    expect(k.indexInsert(1, 2, 12)).toBe(10);
    expect(k.indexRemove(1, 2)).toBe(12);
    expect(k.indexLookup(1, 2)).toBe(-1);
    expect(k.exports.indexSize()).toBe(1);
  });

  it('treats hash 0 as a key like any other', () => {
    const k = kernels();
    k.indexInsert(0, 0, 5);
    expect(k.indexLookup(0, 0)).toBe(5);
    expect(k.indexRemove(0, 0)).toBe(5);
    expect(k.indexLookup(0, 0)).toBe(-1);
  });

  it('survives heavy insert/delete churn with forced collisions', () => {
    const k = kernels();
    const model = new Map<string, number>();
    const w = words(3);
    // Keys share their low 8 bits (same home bucket) and top 4 bits (same shard).
    const keyOf = (r: number): [number, number] => [((r & 0xfff) << 8) | 0x2a, 0x70000000 | ((r >>> 12) & 0xff)];
    for (let step = 0; step < 60_000; step++) {
      const r = w.next().value;
      const [lo, hi] = keyOf(r % 3000);
      const id = `${lo}:${hi}`;
      if (r % 3 === 0 && model.has(id)) {
        expect(k.indexRemove(lo, hi)).toBe(model.get(id));
        model.delete(id);
      } else {
        const value = step;
        expect(k.indexInsert(lo, hi, value)).toBe(model.has(id) ? model.get(id) : -1);
        model.set(id, value);
      }
    }
    expect(k.exports.indexSize()).toBe(model.size);
    for (const [id, value] of model) {
      const [lo, hi] = id.split(':').map(Number) as [number, number];
      expect(k.indexLookup(lo, hi)).toBe(value);
    }
    // Deleted keys are gone, not tombstoned.
    for (let r = 0; r < 3000; r++) {
      const [lo, hi] = keyOf(r);
      if (!model.has(`${lo}:${hi}`)) expect(k.indexLookup(lo, hi)).toBe(-1);
    }
  });

  it('keeps probe runs short after churn (backward-shift deletion)', () => {
    const k = kernels();
    const w = words(11);
    const live: [number, number][] = [];
    let missing = 0;
    for (let i = 0; i < 200_000; i++) {
      const lo = w.next().value;
      const hi = w.next().value;
      k.indexInsert(lo, hi, i);
      live.push([lo, hi]);
      if (live.length > 5000) {
        const at = w.next().value % live.length;
        const [dlo, dhi] = live[at]!;
        live[at] = live[live.length - 1]!;
        live.pop();
        if (k.indexRemove(dlo, dhi) < 0) missing++;
      }
    }
    expect(missing).toBe(0);
    expect(k.exports.indexSize()).toBe(5000);
    expect(k.exports.indexMaxProbe()).toBeLessThan(64);
  });

  it('clears back to empty', () => {
    const k = kernels();
    for (let i = 0; i < 1000; i++) k.indexInsert(i, i * 7, i);
    k.indexClear();
    expect(k.exports.indexSize()).toBe(0);
    expect(k.indexLookup(5, 35)).toBe(-1);
    k.indexInsert(5, 35, 1);
    expect(k.indexLookup(5, 35)).toBe(1);
  });
});

describe('resident sampler', () => {
  it('allocates its arrays only when enabled, and keeps them through growth', () => {
    const k = kernels(1024);
    k.reserve(1 << 14);
    const before = k.exports.regionBytes();
    // Before residentsEnable: add, remove and sample are no-ops, never accesses through a null base.
    k.residentAdd(3);
    k.residentRemove(3);
    expect(k.exports.sampleVictim(3, -1)).toBe(-1);
    expect(k.exports.residentCount()).toBe(0);
    expect(k.exports.regionBytes()).toBe(before);
    k.enableResidents();
    expect(k.exports.regionBytes()).toBe(before + 2 * blockBytes(4 * (1 << 14)));
    k.setSlotHash(3, 3, 0);
    k.residentAdd(3);
    const buffer = k.exports.memory.buffer;
    // Growth (to more slot hashes than memory has bytes, so memory must grow) keeps the resident
    // set and the JS views.
    k.reserve(Math.max(1 << 20, buffer.byteLength / 8));
    // The allocation grew memory (a new buffer); the shared view must follow, or the ring and
    // slot hashes written from JS would land in the old, detached buffer and be lost silently.
    expect(k.exports.memory.buffer).not.toBe(buffer);
    expect(arenaOf(k).u32.buffer).toBe(k.exports.memory.buffer);
    k.setSlotHash(1_000_000, 77, 0);
    expect(k.hashLo(1_000_000)).toBe(77);
    expect(k.hashLo(3)).toBe(3);
    k.residentAdd(1_000_000);
    expect(k.exports.residentCount()).toBe(2);
    k.residentRemove(3);
    k.exports.sampleReset();
    expect(k.exports.sampleVictim(-1, -1)).toBe(1_000_000);
    k.release();
  });

  it('samples only residents and picks the lowest estimate', () => {
    const k = kernels(1024);
    k.reserve(64);
    k.enableResidents();
    for (let slot = 0; slot < 10; slot++) {
      k.setSlotHash(slot, slot * 0x9e3779b1, slot);
      for (let j = 0; j < slot + 1; j++) k.exports.increment(slot * 0x9e3779b1, slot);
      k.residentAdd(slot);
    }
    for (const slot of [0, 1, 2]) k.residentRemove(slot);
    expect(k.exports.residentCount()).toBe(7);
    const seen = new Set<number>();
    for (let round = 0; round < 200; round++) {
      k.exports.sampleReset();
      const victim = k.exports.sampleVictim(-1, -1);
      expect(victim).toBeGreaterThanOrEqual(3);
      seen.add(victim);
    }
    // With 7 residents a sample of 5 always holds one of the three weakest (3, 4, 5).
    for (const v of seen) expect(v).toBeLessThanOrEqual(5);
  });

  it('refuses a newcomer whose estimate is below every sample, admits ties', () => {
    const k = kernels(1024);
    k.reserve(16);
    k.enableResidents();
    for (let slot = 0; slot < 5; slot++) {
      k.setSlotHash(slot, slot + 1, 0);
      for (let j = 0; j < 3; j++) k.exports.increment(slot + 1, 0);
      k.residentAdd(slot);
    }
    k.exports.sampleReset();
    expect(k.exports.sampleVictim(-1, 2)).toBe(-1);
    expect(k.exports.sampleVictim(-1, 3)).toBeGreaterThanOrEqual(0);
  });

  it('never samples the excluded slot, and grows with reserve()', () => {
    const k = kernels();
    k.enableResidents();
    k.reserve(2000);
    for (let slot = 0; slot < 2000; slot++) k.residentAdd(slot);
    k.residentAdd(5); // idempotent
    expect(k.exports.residentCount()).toBe(2000);
    for (let slot = 1; slot < 2000; slot++) k.residentRemove(slot);
    k.exports.sampleReset();
    expect(k.exports.sampleVictim(0, -1)).toBe(-1);
    expect(k.exports.sampleVictim(-1, -1)).toBe(0);
  });
});

describe('one instance per arena, each cache a region of its memory', () => {
  it('shares the instance but not the counts, index entries or resident sets', () => {
    const a = kernels();
    const b = kernels();
    expect(arenaOf(a)).toBe(arenaOf(b));
    expect(ctxOf(a)).not.toBe(ctxOf(b));
    for (let i = 0; i < 5; i++) a.exports.increment(7, 7);
    for (let i = 0; i < 16; i++) b.record(9, 9); // b's ring fills and drains into b's sketch
    expect(a.exports.estimate(7, 7)).toBe(5);
    expect(b.exports.estimate(7, 7)).toBe(0);
    expect(b.exports.estimate(9, 9)).toBe(15);
    expect(a.exports.estimate(9, 9)).toBe(0);
    a.indexInsert(1, 2, 10);
    b.indexInsert(1, 2, 20);
    b.indexInsert(3, 4, 30);
    expect(a.indexLookup(1, 2)).toBe(10);
    expect(b.indexLookup(1, 2)).toBe(20);
    expect(a.indexLookup(3, 4)).toBe(-1);
    expect(a.exports.indexSize()).toBe(1);
    a.indexClear();
    expect(b.indexLookup(1, 2)).toBe(20);
    a.reserve(16);
    b.reserve(16);
    a.setSlotHash(0, 5, 5);
    b.setSlotHash(0, 6, 6);
    expect(a.hashLo(0)).toBe(5);
    expect(b.hashLo(0)).toBe(6);
    a.enableResidents();
    b.enableResidents();
    a.residentAdd(0);
    expect(a.exports.residentCount()).toBe(1);
    expect(b.exports.residentCount()).toBe(0);
    a.release();
    b.release();
  });

  it("keeps every cache's view valid when another cache's allocation grows memory", () => {
    const a = kernels();
    a.reserve(64);
    for (let slot = 0; slot < 64; slot++) a.setSlotHash(slot, slot + 1, 0xabc);
    for (let i = 0; i < 10; i++) a.recordSlot(7); // buffered in a's ring, not yet drained
    const buffer = a.exports.memory.buffer;
    const b = kernels();
    b.reserve(buffer.byteLength / 8 + 1); // more hash bytes than memory has: it must grow
    expect(a.exports.memory.buffer).not.toBe(buffer);
    expect(buffer.byteLength).toBe(0); // the old buffer is detached
    // a reads and writes through the arena's renewed view, at the same addresses.
    for (let slot = 0; slot < 64; slot++) expect(a.hashLo(slot)).toBe(slot + 1);
    for (let i = 0; i < 6; i++) a.recordSlot(7); // the 16th access drains the ring
    expect(a.pending).toBe(0);
    expect(a.exports.estimate(8, 0xabc)).toBe(15); // all 16, from before and after the growth
    a.setSlotHash(63, 99, 0);
    expect(a.hashLo(63)).toBe(99);
    a.release();
    b.release();
  });

  it("reports each cache's own bytes", () => {
    const k = testingKernels({ numCounters: 1024, sampleSize: 1024, doorkeeper: false, ringItems: 64 });
    k.reserve(16);
    // A small w-tinylfu cache: its context, a sketch of 4 rows x 256 counters x 4 bits (16 slots
    // x 10 counters, rounded up to a power of two) = 512 B, a ring of 64 x 8 B, 16 slot hashes
    // x 8 B; each block with the allocator's 16 bytes of header and footer.
    const context = k.memoryBytes - blockBytes(512) - blockBytes(512) - blockBytes(128);
    expect(context).toBeGreaterThanOrEqual(blockBytes(128));
    expect(context).toBeLessThanOrEqual(blockBytes(160));
    const small = k.memoryBytes;
    expect(k.exports.regionBytes()).toBe(small);
    k.indexInsert(1, 1, 1); // the index directory and one shard's table, at the first insert
    expect(k.memoryBytes).toBe(small + blockBytes(256) + blockBytes(128));
    k.indexClear(); // frees them again
    expect(k.memoryBytes).toBe(small);
    k.release();
  });

  it('reuses the regions release() frees: memory stays flat over rounds of 5,000 caches', () => {
    const probe = kernels();
    const used: number[] = [];
    const bytes: number[] = [];
    for (let round = 0; round < 20; round++) {
      const batch: Kernels[] = [];
      for (let i = 0; i < 5000; i++) {
        // A mix of shapes: with and without doorkeeper, index and resident set, grown slots.
        const shape = { numCounters: 64 << (i % 5), sampleSize: 100, doorkeeper: i % 2 === 0, ringItems: 8 << (i % 3) };
        const k = new Kernels(shape, testingModule());
        k.reserve(16 << (i % 4));
        if (i % 3 === 0) k.indexInsert(i, i, i);
        if (i % 7 === 0) k.enableResidents();
        k.record(i, 1);
        batch.push(k);
      }
      for (const k of batch) k.release();
      used.push(probe.exports.usedBytes());
      bytes.push(probe.exports.memory.buffer.byteLength);
    }
    expect(new Set(used.slice(1)).size).toBe(1);
    expect(used[19]).toBe(used[0]);
    expect(bytes[19]).toBe(bytes[0]);
    probe.release();
  });

  it('release() is idempotent; the released kernels cannot be used', () => {
    const k = kernels();
    k.reserve(16);
    k.release();
    k.release();
    expect(() => k.record(1, 2)).toThrow();
    expect(() => k.recordSlot(0)).toThrow();
    expect(() => k.indexLookup(1, 2)).toThrow();
    expect(() => k.memoryBytes).toThrow();
  });

  it('frees the region of a cache that is collected without release()', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const probe = kernels();
    const make = (): void => {
      const shape = { numCounters: 1024, sampleSize: 100, doorkeeper: true, ringItems: 64 };
      for (let i = 0; i < 200; i++) new Kernels(shape, testingModule()).reserve(64);
    };
    make();
    const used = probe.exports.usedBytes();
    for (let round = 0; round < 5; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10)); // finalizers run as tasks
      make(); // reuses the collected regions
    }
    expect(probe.exports.usedBytes()).toBe(used);
    probe.release();
  });
});

describe('a sketch that grows with the slots', () => {
  it('starts at the least width and grows to numCounters as slots are reserved, 10 counters a slot', () => {
    const k = testingKernels({ numCounters: 1 << 16, sampleSize: 1 << 30, doorkeeper: true, ringItems: 16 });
    expect(k.exports.sketchWidth()).toBe(64);
    expect(k.exports.doorkeeperBytes()).toBe(128); // 1,024 bits: 9.6 bits a key for 64 keys
    k.reserve(16); // 160 counters
    expect(k.exports.sketchWidth()).toBe(256);
    k.reserve(1000); // 1,024 slots: 10,240 counters
    expect(k.exports.sketchWidth()).toBe(16_384);
    k.reserve(1 << 20); // never past numCounters
    expect(k.exports.sketchWidth()).toBe(1 << 16);
    expect(k.exports.doorkeeperBytes()).toBe((1 << 20) / 8); // 9.6 bits a key for 2^16 keys
    k.release();
  });

  it('keeps every estimate and every doorkeeper answer when it doubles', () => {
    const k = testingKernels({ numCounters: 1 << 20, sampleSize: 1 << 30, doorkeeper: true, ringItems: 16 });
    k.reserve(16);
    k.seed(1, 2);
    const w = words(5);
    const keys = Array.from({ length: 3000 }, () => [w.next().value, w.next().value] as const);
    for (const [i, [lo, hi]] of keys.entries())
      if (i < 2000) for (let j = 0; j < i % 13; j++) k.exports.increment(lo, hi);
    const read = () => keys.map(([lo, hi]) => `${k.exports.estimate(lo, hi)}/${k.exports.doorkeeperHas(lo, hi)}`);
    const before = read();
    const width = k.exports.sketchWidth();
    k.reserve(1 << 12); // doubles 2^4 times: 16 x 2^4 x 10 counters
    expect(k.exports.sketchWidth()).toBe(width * 256);
    expect(read()).toEqual(before);
    k.release();
  });
});
