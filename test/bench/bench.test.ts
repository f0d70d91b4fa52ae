// The benchmark's own machinery: adapters behave like caches, one tiny timed group gives the
// JSON rows `--json` promises, the markdown writer touches only its region, and the data
// generators are what they claim (distinct keys, Zipf frequencies).
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICIES, DEFAULT_POLICY } from '../../src/index.js';
import { availableContenders, contenderNamed, CONTENDERS, SWEEP_POLICIES } from '../../bench/contenders.js';
import { KEY_KINDS, makeKeys, zipfIndexes } from '../../bench/data.js';
import {
  BATCH,
  LOAD_MICROS,
  WORKLOADS,
  batchSource,
  getHit,
  getZipf,
  readThroughLoads,
  readThroughZipf,
  releaseSharedData,
  setEvict,
  zipfMixed,
} from '../../bench/workloads.js';
import { medianWithMargin, timeGroup } from '../../bench/measure.js';
import { END, START, type Report, machine, markdown, writeMarkdownRegion } from '../../bench/report.js';
import { AT_SCALE, parseArgs, plan } from '../../bench/run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

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

  it('keep distinct object keys apart (or are marked as unable to)', () => {
    for (const contender of contenders) {
      const cache = contender.create(100);
      const a = { id: 1 };
      const b = { id: 2 };
      cache.set(a, 'a');
      const confused = cache.get(b) !== undefined;
      expect(confused, contender.name).toBe(contender.primitiveKeysOnly === true);
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
  it('gives one JSON row per contender with positive ops/s', async () => {
    const contenders = availableContenders(['cortado lru', 'lru-cache', 'Map'], () => {});
    for (const workload of [getHit, setEvict]) {
      const rows = await timeGroup(workload, contenders, 'int', 1000, { time: 20, rounds: 1 }, (line) => {
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

  it('runs contenders in child processes of their own (two each here), with the hit ratio of the Zipf mix', async () => {
    const contenders = availableContenders(['lru-cache', 'Map'], () => {});
    const options = {
      time: 20,
      rounds: 2,
      isolate: true,
      processes: 2,
      child: { script: join(root, 'bench/run.ts'), execArgv: ['--import', 'tsx'] },
    };
    const rows = await timeGroup(zipfMixed, contenders, 'int', 1000, options, (line) => {
      throw new Error(line);
    });
    expect(rows.map((r) => r.contender)).toEqual(['lru-cache', 'Map']);
    for (const row of rows) {
      expect(row.opsPerSec).toBeGreaterThan(0);
      expect(row.processNs, 'one median per child process').toHaveLength(2);
      // Zipf(0.9) over 4x the capacity: far from all hits, far from none.
      expect(row.hitRatio).toBeGreaterThan(0.3);
      expect(row.hitRatio).toBeLessThan(0.95);
    }
  });

  it('times Zipf hits as all hits, and reports the hit ratio of read-through', async () => {
    const contenders = availableContenders(
      ['cortado', 'cortado lru', 'lru-cache', 'mnemonist LRUMap', 'Map'],
      () => {},
    );
    for (const kind of ['int', 'long', 'object'] as const) {
      const hits = await timeGroup(getZipf, contenders, kind, 1000, { time: 20, rounds: 1 }, (line) => {
        throw new Error(line);
      });
      expect(hits.map((r) => r.contender)).toEqual(contenders.map((c) => c.name));
      for (const row of hits) expect(row.hitRatio, `${kind} ${row.contender}`).toBe(1);
      const reads = await timeGroup(readThroughZipf, contenders, kind, 1000, { time: 20, rounds: 1 }, (line) => {
        throw new Error(line);
      });
      expect(reads.map((r) => r.contender)).toEqual(contenders.map((c) => c.name));
      for (const row of reads) {
        // Zipf(0.99) over 10x the capacity: far from all hits, far from none.
        expect(row.hitRatio, `${kind} ${row.contender}`).toBeGreaterThan(0.3);
        expect(row.hitRatio, `${kind} ${row.contender}`).toBeLessThan(0.95);
      }
      // The LRUs keep the same keys: the same hit ratio on the same stream (within what timing
      // different stretches of it gives).
      const lru = reads.find((r) => r.contender === 'lru-cache')!.hitRatio!;
      expect(reads.find((r) => r.contender === 'mnemonist LRUMap')!.hitRatio).toBeCloseTo(lru, 1);
    }
    releaseSharedData();
  });

  it("spends the load cost on every read-through miss: no run is faster than its misses' busy work allows", async () => {
    const contenders = availableContenders(['cortado', 'lru-cache'], () => {});
    expect(readThroughLoads.map((w) => w.name)).toEqual(LOAD_MICROS.map((m) => `read-through-load-${m}us`));
    for (const [i, workload] of readThroughLoads.entries()) {
      const rows = await timeGroup(workload, contenders, 'short', 1000, { time: 30, rounds: 1 }, (line) => {
        throw new Error(line);
      });
      expect(rows.map((r) => r.contender)).toEqual(['cortado', 'lru-cache']);
      for (const row of rows) {
        const misses = 1 - row.hitRatio!;
        expect(misses).toBeGreaterThan(0.05);
        // A call of BATCH ops spins about misses x BATCH x the load: a lower bound on its time,
        // however idle or loaded the machine (half of it, for batches with fewer misses).
        expect(row.opsPerSec, row.contender).toBeLessThan(1e6 / (0.5 * misses * LOAD_MICROS[i]!));
      }
    }
    releaseSharedData();
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

describe('bench loop source (the harness bias of PERF-NOTES, second experiment)', () => {
  it('differs for every contender, even identical copies, and names the cell', () => {
    const copies = ['Map #1', 'Map #2', 'lru-cache #1', 'lru-cache #2', 'cortado', 'cortado lru'].map(contenderNamed);
    for (const workload of WORKLOADS) {
      const sources = copies
        .filter((c) => workload.supports(c))
        .map((c) => {
          const prepared = workload.prepare(c, 'int', 64);
          c.close?.(prepared.cache);
          expect(prepared.source, `${workload.name} / ${c.name}`).toContain(`${workload.name} / ${c.name} / int / 64`);
          return prepared.source;
        });
      expect(new Set(sources).size, workload.name).toBe(sources.length);
    }
    releaseSharedData();
  });

  it('is deterministic for a tag and serial, and differs by serial alone', () => {
    const tag = { workload: 'get-hit', contender: 'Map', kind: 'int' as const, size: 10 };
    expect(batchSource(tag, 'sink++;', 7)).toBe(batchSource(tag, 'sink++;', 7));
    expect(batchSource(tag, 'sink++;', 7)).not.toBe(batchSource(tag, 'sink++;', 8));
    expect(batchSource(tag, 'sink++;', 7)).toContain(`i < ${BATCH}`);
    // A contender name cannot close the comment or break the identifier.
    const odd = batchSource({ ...tag, contender: 'x */ evil(); /*\n) boom(\u2028(' }, 'sink++;', 1);
    expect(() => new Function('st', odd)).not.toThrow();
  });

  it('gives each contender its own SharedFunctionInfo in V8 (and the old source did not)', () => {
    // %DebugPrint names the SharedFunctionInfo of each batch function; its address tells
    // whether V8 compiled them separately. Run once with unique and once with identical source.
    const script = `
      import { contenderNamed } from './bench/contenders.ts';
      import { getHit, setBiasedSource } from './bench/workloads.ts';
      setBiasedSource(process.argv[1] === 'biased');
      const debugPrint = new Function('f', '%DebugPrint(f)');
      for (let i = 1; i <= 4; i++) {
        const run = getHit.prepare(contenderNamed('Map #' + i), 'int', 256).run;
        for (let j = 0; j < 50; j++) run();
        debugPrint(run);
      }`;
    const infos = (mode: string) => {
      // To a file, not a pipe: V8 prints with blocking writes, and node makes its stdout pipe
      // non-blocking, so a busy reader loses part of a long print.
      const file = join(mkdtempSync(join(tmpdir(), 'cortado-bench-')), 'debug-print.txt');
      const fd = openSync(file, 'w');
      try {
        execFileSync(
          process.execPath,
          ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script, mode],
          { cwd: root, stdio: ['ignore', fd, 'pipe'] },
        );
      } finally {
        closeSync(fd);
      }
      return [...readFileSync(file, 'utf8').matchAll(/shared_info: (0x[0-9a-f]+)/g)].map((m) => m[1]);
    };
    const fair = infos('fair');
    expect(fair, fair.join()).toHaveLength(4);
    expect(new Set(fair).size).toBe(4);
    const biased = infos('biased');
    expect(biased).toHaveLength(4);
    expect(new Set(biased).size).toBeLessThan(4);
  });
});

describe('bench plan and arguments', () => {
  const contenders = availableContenders(undefined, () => {});
  const cells = (argv: string[]) => {
    const args = parseArgs(argv);
    const chosen = args.contenders === undefined ? contenders : availableContenders(args.contenders, () => {});
    return plan(args, chosen).flatMap((g) =>
      g.contenders.map((c) => `${g.workload.name}/${g.keys}/${g.size}/${c.name}`),
    );
  };

  it('covers the default policy, lru and every other policy (get-hit and set-evict at 10k), every key kind and 1M', () => {
    expect(AT_SCALE).toEqual(['cortado', 'cortado lru', 'lru-cache', 'mnemonist LRUMap', 'Map', 'cortado/lru-cache']);
    expect(SWEEP_POLICIES).toEqual(POLICIES.filter((p) => p !== DEFAULT_POLICY && p !== 'lru'));
    expect(CONTENDERS.map((c) => c.name)).toEqual(
      expect.arrayContaining(['cortado', 'cortado lru', 'lru-cache', 'Map']),
    );
    const full = new Set(cells([]));
    for (const policy of SWEEP_POLICIES) {
      for (const w of ['get-hit', 'set-evict'])
        expect(full.has(`${w}/int/10000/cortado ${policy}`), `${w} ${policy}`).toBe(true);
      expect(full.has(`zipf-mixed/int/10000/cortado ${policy}`)).toBe(false);
    }
    expect([...full].some((cell) => cell.includes('/object/') && cell.endsWith('/tiny-lru'))).toBe(false);
    // Issue 26's drop-in: get hits and sets that evict (every key kind at 10k, int and short at 1M), nothing else.
    for (const w of ['get-hit', 'set-evict'])
      for (const k of ['int', 'short'])
        for (const n of [10000, 1000000])
          expect(full.has(`${w}/${k}/${n}/cortado/lru-cache`), `${w} ${k} ${n}`).toBe(true);
    expect([...full].filter((cell) => cell.endsWith('/cortado/lru-cache'))).toHaveLength(2 * 4 + 2 * 2);
    expect(full.has('get-hit/object/10000/quick-lru')).toBe(true);
    for (const w of ['get-hit', 'set-evict', 'zipf-90/10', 'zipf-mixed']) {
      for (const c of ['cortado', 'cortado lru', 'lru-cache', 'Map']) {
        for (const k of KEY_KINDS) expect(full.has(`${w}/${k}/10000/${c}`), `${w} ${k} ${c}`).toBe(true);
        for (const k of ['int', 'short']) expect(full.has(`${w}/${k}/1000000/${c}`), `${w} ${k} 1M ${c}`).toBe(true);
      }
    }
    // The workloads' placement: Zipf hits at 10k, 100k and 1M; read-through at 10k and 1M, with a load
    // cost at 10k; long and object keys on every write workload below 1M; mnemonist at 1M.
    for (const c of ['cortado', 'cortado lru', 'lru-cache', 'mnemonist LRUMap', 'Map']) {
      for (const k of KEY_KINDS) {
        for (const cell of [
          'get-zipf/K/10000',
          'get-zipf/K/100000',
          'read-through/K/10000',
          'read-through-load-1us/K/10000',
          'read-through-load-10us/K/10000',
          'set-evict/K/10000',
          'set-update/K/10000',
          'zipf-90/10/K/10000',
          'zipf-mixed/K/10000',
        ]) {
          expect(full.has(`${cell.replace('K', k)}/${c}`), `${cell} ${k} ${c}`).toBe(true);
        }
      }
      for (const k of ['int', 'short']) {
        for (const w of ['get-zipf', 'read-through', 'set-evict', 'get-hit'])
          expect(full.has(`${w}/${k}/1000000/${c}`), `${w} ${k} 1M ${c}`).toBe(true);
      }
    }
    for (const k of KEY_KINDS) expect(full.has(`set-costs/${k}/10000/cortado`), `set-costs ${k}`).toBe(true);
    // Blocks of one key kind and size (a child process serves the whole block).
    const order = plan(parseArgs([]), contenders).map((g) => `${g.keys}/${g.size}`);
    expect(order.filter((b, i) => b !== order[i - 1])).toEqual([...new Set(order)]);
  });

  it('restricts to named contenders and workloads: --only takes both', () => {
    const args = parseArgs([
      '--only',
      'cortado,lru-cache,get-hit',
      '--workloads',
      'set-evict',
      '--keys',
      'int',
      '--sizes',
      '10k,1M',
    ]);
    expect(args.contenders).toEqual(['cortado', 'lru-cache']);
    expect(args.workloads).toEqual(['get-hit', 'set-evict']);
    expect(args.sizes).toEqual([10_000, 1_000_000]);
    const named = availableContenders(args.contenders, () => {});
    expect(
      plan(args, named).map(
        (g) => `${g.workload.name}/${g.keys}/${g.size}: ${g.contenders.map((c) => c.name).join(', ')}`,
      ),
    ).toEqual([
      'get-hit/int/10000: cortado, lru-cache',
      'set-evict/int/10000: cortado, lru-cache',
      'get-hit/int/1000000: cortado, lru-cache',
      'set-evict/int/1000000: cortado, lru-cache',
    ]);
    // A sweep policy named explicitly runs wherever it is asked to.
    expect(
      cells(['--contenders', 'cortado s3-fifo', '--workloads', 'zipf-mixed', '--keys', 'short', '--sizes', '10k']),
    ).toEqual(['zipf-mixed/short/10000/cortado s3-fifo']);
    expect(() => parseArgs(['--only', 'nonsense'])).toThrow(/unknown name/);
    expect(() => parseArgs(['--contenders', 'cortado nonsense'])).toThrow(/unknown contender/);
  });

  it('keeps --quick small', () => {
    const quick = plan(parseArgs(['--quick']), contenders);
    expect(quick.every((g) => g.size === 10_000)).toBe(true);
    expect(quick.some((g) => g.workload.name.startsWith('read-through-load'))).toBe(false);
    // 146 cells, and the lru-cache drop-in on get-hit and set-evict with int and short keys.
    expect(quick.reduce((n, g) => n + g.contenders.length, 0)).toBeLessThan(155);
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

  it('builds string keys flat (not ropes or slices, which a library reading characters would walk)', () => {
    // %DebugPrint names each string's V8 type: a concatenated key is a CONS_… string until flattened.
    const script = `
      import { makeKeys, keysForStream } from './bench/data.ts';
      const debugPrint = new Function('s', '%DebugPrint(s)');
      for (const kind of ['short', 'long']) {
        for (const key of makeKeys(kind, 3, 999_999)) debugPrint(key);
        for (const key of keysForStream(kind, new Int32Array([5, 1_000_001, 5]))) debugPrint(key);
      }`;
    const file = join(mkdtempSync(join(tmpdir(), 'cortado-bench-')), 'debug-print.txt');
    const fd = openSync(file, 'w');
    try {
      execFileSync(
        process.execPath,
        ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: root, stdio: ['ignore', fd, 'pipe'] },
      );
    } finally {
      closeSync(fd);
    }
    const types = [...readFileSync(file, 'utf8').matchAll(/ - type: (\w+)/g)].map((m) => m[1]!);
    expect(types).toHaveLength(12);
    for (const type of types) expect(type).toMatch(/^(INTERNALIZED_)?(ONE_BYTE_)?STRING_TYPE$/);
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

describe('bench report', () => {
  it('states date, machine, command, the harness check, ratios against lru-cache and Map, and hit ratios', () => {
    const row = (contender: string, opsPerSec: number, hitRatio?: number) => ({
      workload: 'zipf-mixed',
      keys: 'int',
      size: 10_000,
      contender,
      opsPerSec,
      rme: 1,
      ...(hitRatio === undefined ? {} : { hitRatio }),
    });
    const report: Report = {
      date: '2026-11-26 12:00 UTC',
      machine: machine(),
      command: 'npm run bench -- --quick',
      mode: 'each in a child process of its own',
      minutes: 1.2,
      notes: [],
      calibration: [{ workload: 'get-hit', keys: 'int', size: 10_000, contender: 'Map', nsPerOp: [20, 21, 20.5, 22] }],
      workloads: WORKLOADS.map((w) => ({ name: w.name, describe: w.describe })),
      speed: [
        row('cortado', 30e6, 0.78),
        row('lru-cache', 20e6, 0.73),
        row('mnemonist LRUMap', 25e6, 0.73),
        row('Map', 40e6, 0.69),
      ],
      memory: [],
      sizes: [],
    };
    const text = markdown(report);
    expect(text).toContain('2026-11-26 12:00 UTC');
    expect(text).toContain(cpus()[0]!.model.replace(/\s+/g, ' ').trim());
    expect(text).toContain(`${cpus().length} cores`);
    expect(text).toContain(`Node ${process.version}`);
    expect(text).toContain('`npm run bench -- --quick`');
    expect(text).toContain('| get-hit @ 10,000, int | Map | 20.0 | 21.0 | 20.5 | 22.0 | 10.0 % |');
    expect(text).toContain('| cortado | 30.0 M ±1.0% (1.50×, 1.20×, 0.75×), 78.0 % hits |');
    expect(text).toContain('(× lru-cache, × mnemonist LRUMap, × Map), hit ratio of the timed gets');
  });
});

describe('BENCHMARKS.md speed region', () => {
  it('is rewritten in place, leaving other regions alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cortado-bench-')), 'BENCHMARKS.md');
    writeFileSync(
      file,
      `# Benchmarks\n\n<!-- hits:start -->\nhit ratios\n<!-- hits:end -->\n\n${START}\nold\n${END}\n\ntail\n`,
    );
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
