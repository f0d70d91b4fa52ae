// The benchmark's own machinery: adapters behave like caches, one tiny timed group gives the
// JSON rows the issue asks for, the markdown writer touches only its region, and the data
// generators are what they claim (distinct keys, Zipf frequencies).
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableContenders } from '../../bench/contenders.js';
import { KEY_KINDS, makeKeys, zipfIndexes } from '../../bench/data.js';
import { getHit, setEvict } from '../../bench/workloads.js';
import { medianWithMargin, timeGroup } from '../../bench/measure.js';
import { END, START, writeMarkdownRegion } from '../../bench/report.js';

describe('bench adapters', () => {
  const notes: string[] = [];
  const contenders = availableContenders(undefined, (line) => notes.push(line));

  it('include the baseline and the limit', () => {
    const names = contenders.map((c) => c.name);
    expect(names).toContain('lru-cache');
    expect(names).toContain('Map');
    expect(names).toContain('cortado lru');
  });

  it('store, return and clear values through get/set/clear', () => {
    for (const contender of contenders) {
      const cache = contender.create(100);
      for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
      for (let i = 0; i < 10; i++) expect(cache.get(`k${i}`), contender.name).toBe(i);
      expect(cache.get('absent'), contender.name).toBeUndefined();
      cache.clear();
      expect(cache.get('k3'), contender.name).toBeUndefined();
      contender.close?.(cache);
    }
  });

  it('bound evicting contenders to their capacity', () => {
    for (const contender of contenders.filter((c) => c.evicts)) {
      const cache = contender.create(50);
      for (let i = 0; i < 500; i++) cache.set(i, i);
      let held = 0;
      for (let i = 0; i < 500; i++) if (cache.get(i) !== undefined) held++;
      expect(held, contender.name).toBeLessThanOrEqual(50);
      contender.close?.(cache);
    }
  });
});

describe('bench timing', () => {
  it('gives one JSON row per contender with positive ops/s', () => {
    const contenders = availableContenders(['cortado lru', 'lru-cache', 'Map'], () => {});
    for (const workload of [getHit, setEvict]) {
      const rows = timeGroup(workload, contenders, 'int', 1000, 20, 1, (line) => {
        throw new Error(line);
      });
      expect(rows.map((r) => r.contender)).toEqual(['cortado lru', 'lru-cache', 'Map']);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(['contender', 'keys', 'opsPerSec', 'rme', 'size', 'workload']);
        expect(row).toMatchObject({ workload: workload.name, keys: 'int', size: 1000 });
        expect(row.opsPerSec).toBeGreaterThan(0);
        expect(Number.isFinite(row.rme)).toBe(true);
        // The JSON file is this array as written: it must survive a round trip.
        expect(JSON.parse(JSON.stringify(row))).toEqual(row);
      }
    }
  });

  it('takes the median and a margin from order statistics', () => {
    const samples = Array.from({ length: 101 }, (_, i) => 100 + i);
    const { median, rme } = medianWithMargin(samples);
    expect(median).toBe(150);
    expect(rme).toBeGreaterThan(0);
    expect(rme).toBeLessThan(10);
    expect(medianWithMargin([1, 3]).median).toBe(2);
  });
});

describe('bench data', () => {
  it('makes distinct keys of every kind; long keys are 200 characters', () => {
    for (const kind of KEY_KINDS) {
      const keys = makeKeys(kind, 5000);
      expect(new Set(keys).size, kind).toBe(5000);
      if (kind !== 'object') expect(new Set(keys.map(String)).size, kind).toBe(5000);
    }
    expect(makeKeys('long', 3, 123_456).every((k) => (k as string).length === 200)).toBe(true);
  });

  it('draws Zipf(0.99): rank 1 about 2^0.99 times as frequent as rank 2', () => {
    const stream = zipfIndexes(1000, 0.99, 200_000, 7);
    const counts = new Int32Array(1000);
    for (const i of stream) counts[i]!++;
    expect(counts[0]! / counts[1]!).toBeGreaterThan(1.85);
    expect(counts[0]! / counts[1]!).toBeLessThan(2.15);
    expect(counts[0]! / counts[9]!).toBeGreaterThan(8.5);
    expect(counts[0]! / counts[9]!).toBeLessThan(11);
  });
});

describe('BENCHMARKS.md speed region', () => {
  it('is rewritten in place, leaving other regions alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cortado-bench-')), 'BENCHMARKS.md');
    writeFileSync(file, `# Benchmarks\n\n<!-- hits:start -->\nhit ratios\n<!-- hits:end -->\n\n${START}\nold\n${END}\n\ntail\n`);
    writeMarkdownRegion(file, 'new speed');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`${START}\nnew speed\n${END}`);
    expect(text).not.toContain('old');
    expect(text).toContain('<!-- hits:start -->\nhit ratios\n<!-- hits:end -->');
    expect(text.endsWith('\n\ntail\n')).toBe(true);
  });

  it('is appended when the file has no markers', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cortado-bench-')), 'BENCHMARKS.md');
    writeFileSync(file, '# Benchmarks\n\nintro\n');
    writeMarkdownRegion(file, 'speed');
    expect(readFileSync(file, 'utf8')).toBe(`# Benchmarks\n\nintro\n\n${START}\nspeed\n${END}\n`);
  });
});
