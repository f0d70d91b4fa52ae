// The public traces: bench/sim/traces.ts names each file, where it comes from and its SHA-256;
// `--all-traces DIR` says which files of a folder are not those bytes or are missing, and the
// BENCHMARKS.md section it writes says which traces it covers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compareWithPublished, downloadUrl, TRACE_SOURCES } from '../../bench/sim/traces.js';
import { haveSharedTraces, TRACES_DIR } from '../../bench/sim/paths.js';
import { formatOf } from '../../bench/sim/formats.js';
import { LITERATURE_SIZES, shortName } from '../../bench/sim/sizes.js';
import { traceName } from '../../bench/sim/trace.js';
import { writeHitRatioReport } from '../../bench/sim/hit-ratio-report.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cortado-traces-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('published traces', () => {
  it('names 18 files whose names imply a format and literature sizes, with pinned download URLs', () => {
    expect(TRACE_SOURCES).toHaveLength(18);
    for (const source of TRACE_SOURCES) {
      expect(formatOf(source.file), source.file).toBeDefined();
      expect(LITERATURE_SIZES[shortName(traceName(source.file))], source.file).toBeDefined();
      expect(downloadUrl(source)).toMatch(
        /^https:\/\/github\.com\/(moka-rs\/cache-trace|ben-manes\/caffeine)\/raw\/[0-9a-f]{40}\/\S+$/,
      );
    }
    expect(new Set(TRACE_SOURCES.map((s) => s.file)).size).toBe(18);
  });

  it.skipIf(!haveSharedTraces())("matches the bytes of this project's copies (../shared/traces)", async () => {
    const files = TRACE_SOURCES.map((s) => join(TRACES_DIR, s.file));
    expect(await compareWithPublished(files)).toEqual({ differ: [], missing: [] });
  });

  it('reports files whose bytes differ, and published files a folder lacks', async () => {
    const other = join(dir, 'lirs-cs.trace.gz');
    writeFileSync(other, gzipSync('1\n2\n3\n'));
    const { differ, missing } = await compareWithPublished([other, join(dir, 'mine.lis')]);
    expect(differ).toEqual(['lirs-cs.trace.gz']);
    expect(missing).toHaveLength(17);
    expect(missing).not.toContain('lirs-cs.trace.gz');
  });

  it('--all-traces says in BENCHMARKS.md and on stderr which traces are not the published ones', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const keys = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 500).join('\n');
    writeFileSync(join(folder, 'lirs-cs.trace.gz'), gzipSync(keys));
    const target = join(dir, 'BENCHMARKS.md');
    writeFileSync(target, '# Benchmarks\n');
    const log: string[] = [];
    await writeHitRatioReport({
      tracesDir: folder,
      policies: ['lru'],
      jobs: 1,
      progress: false,
      log: (l) => log.push(l),
      target,
    });
    expect(log).toContain(
      'not the published bytes (SHA-256 differs), so figures will differ from BENCHMARKS.md: lirs-cs.trace.gz',
    );
    expect(
      log.some((l) =>
        l.startsWith('published traces missing from the folder (their tables will be left out): arc-OLTP.lis.zst'),
      ),
    ).toBe(true);
    const written = readFileSync(target, 'utf8');
    expect(written).toContain(
      '1 trace, of which lirs-cs.trace.gz is not the published bytes (README, "Traces"), replayed through the real `Cache`',
    );
    expect(written).toContain('| policy | 100 entries | 200 entries | 400 entries | 800 entries |');
  });

  it.skipIf(!haveSharedTraces())('--all-traces on published copies says so', async () => {
    const folder = join(dir, 'published');
    mkdirSync(folder);
    copyFileSync(join(TRACES_DIR, 'lirs-cs.trace.gz'), join(folder, 'lirs-cs.trace.gz'));
    const target = join(dir, 'B2.md');
    await writeHitRatioReport({
      tracesDir: folder,
      policies: ['lru'],
      jobs: 1,
      progress: false,
      log: () => {},
      target,
    });
    expect(readFileSync(target, 'utf8')).toContain(
      'The 1 trace of README\'s "Traces" section (public files, checked by SHA-256) replayed through',
    );
  });
});
