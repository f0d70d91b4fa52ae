// Trace decoding: every format, every compression, on tiny files written here; plus the name →
// format rules and malformed input.

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { loadTrace, traceName } from '../../bench/sim/trace.js';
import { createDecoder, formatOf, TraceError, type Format } from '../../bench/sim/formats.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cortado-sim-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Compresses with a system tool (zstd, xz) reading stdin. */
function compressWith(tool: string, data: Uint8Array): Buffer {
  return execFileSync(tool, ['-c', '-q'], { input: data });
}

function bigEndian(width: 4 | 8, values: (number | bigint)[], unsigned = false): Uint8Array {
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (width === 8) view.setBigInt64(i * 8, BigInt(v));
    else if (unsigned) view.setUint32(i * 4, Number(v));
    else view.setInt32(i * 4, Number(v));
  });
  return bytes;
}

const text = (s: string) => new TextEncoder().encode(s);

interface Fixture {
  format: Format;
  name: string;
  data: Uint8Array;
  keys: number[];
}

const FIXTURES: Fixture[] = [
  // Two ARC lines expand to 3 + 1 consecutive blocks; a trailing line without newline still counts.
  { format: 'arc', name: 'tiny.lis', data: text('100 3 0 0\n7 1 0 1\n100 2 0 2'), keys: [100, 101, 102, 7, 100, 101] },
  // LIRS: CRLF endings, a `*` checkpoint, blank lines and surrounding spaces.
  { format: 'lirs', name: 'lirs-tiny.trace', data: text('5\r\n*\r\n 6 \r\n\r\n5\r\n-3\r\n'), keys: [5, 6, 5, -3] },
  { format: 'i32', name: 'tiny.i32', data: bigEndian(4, [1, -2, 2147483647, 1]), keys: [1, -2, 2147483647, 1] },
  { format: 'u32', name: 'tiny.u32', data: bigEndian(4, [1, 4294967295, 1], true), keys: [1, 4294967295, 1] },
  // i64 keys beyond 2^53 are renamed to dense ids in order of first appearance.
  {
    format: 'i64',
    name: 'tiny.i64',
    data: bigEndian(8, [2n ** 62n + 1n, 2n ** 62n, -1n, 2n ** 62n + 1n]),
    keys: [0, 1, 2, 0],
  },
];

const COMPRESSIONS: { ext: string; tool?: string; compress: (d: Uint8Array) => Uint8Array }[] = [
  { ext: '', compress: (d) => d },
  { ext: '.gz', compress: (d) => gzipSync(d) },
  { ext: '.zst', tool: 'zstd', compress: (d) => compressWith('zstd', d) },
  { ext: '.xz', tool: 'xz', compress: (d) => compressWith('xz', d) },
];

describe('trace decoding', () => {
  for (const { ext, tool, compress } of COMPRESSIONS) {
    const missing = tool !== undefined && !hasTool(tool);
    for (const fixture of FIXTURES) {
      const title = `${fixture.format}${ext || ' (plain)'}`;
      it.skipIf(missing)(missing ? `${title}: skipped, no \`${tool}\` tool to write the fixture` : title, async () => {
        const file = join(dir, fixture.name + ext);
        writeFileSync(file, compress(fixture.data));
        const trace = await loadTrace(file, fixture.format);
        expect([...trace.keys]).toEqual(fixture.keys);
        // The format also follows from the name alone.
        expect([...(await loadTrace(file)).keys]).toEqual(fixture.keys);
      });
    }
  }

  it('decodes the same keys whatever the chunk boundaries', () => {
    for (const fixture of FIXTURES) {
      for (const width of [1, 3, 5, 7]) {
        const decoder = createDecoder(fixture.format);
        for (let at = 0; at < fixture.data.length; at += width) decoder.push(fixture.data.subarray(at, at + width));
        expect([...decoder.finish()], `${fixture.format} in ${width}-byte chunks`).toEqual(fixture.keys);
      }
    }
  });

  it('names a trace by its file name without extensions', () => {
    expect(traceName('/x/arc-OLTP.lis.zst')).toBe('arc-OLTP');
    expect(traceName('lirs-gli.trace.gz')).toBe('lirs-gli');
  });

  it('infers the format from the names the shared traces use, and from format extensions', () => {
    expect(formatOf('arc-P2.lis.zst')).toBe('arc');
    expect(formatOf('lirs-loop.trace.gz')).toBe('lirs');
    expect(formatOf('cache2k-web07.trace.xz')).toBe('i32');
    expect(formatOf('corda-vaultservice.trace.gz')).toBe('i64');
    expect(formatOf('keys.u32.gz')).toBe('u32');
    expect(formatOf('mystery.bin')).toBeUndefined();
  });

  it('rejects malformed input with a TraceError naming the problem', async () => {
    const cases: [string, Uint8Array, Format, RegExp][] = [
      ['bad.lis', text('1 2 0 0\nhello\n'), 'arc', /line 2: unexpected byte/],
      ['bad2.lis', text('12\n'), 'arc', /line 1: an ARC line needs/],
      ['bad.trace', text('1 2\n'), 'lirs', /line 1: a LIRS line holds one key, got 2/],
      ['bad.i32', new Uint8Array(6), 'i32', /2 stray byte/],
      ['empty.i64', new Uint8Array(0), 'i64', /holds no requests/],
    ];
    for (const [name, data, format, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, data);
      const error = await loadTrace(file, format).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TraceError);
      expect((error as Error).message).toMatch(message);
    }
    await expect(loadTrace(join(dir, 'nope.lis'))).rejects.toThrow(/trace file not found/);
    writeFileSync(join(dir, 'mystery.bin'), new Uint8Array(4));
    await expect(loadTrace(join(dir, 'mystery.bin'))).rejects.toThrow(/pass --format/);
    writeFileSync(join(dir, 'broken.lis.gz'), text('not gzip at all'));
    await expect(loadTrace(join(dir, 'broken.lis.gz'))).rejects.toThrow(/cannot decompress/);
  });
});
