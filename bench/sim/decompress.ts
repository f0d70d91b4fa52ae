// Streams a trace file's bytes, decompressed by its extension: .gz (node:zlib), .zst (fzstd),
// .xz (xz-decompress, WebAssembly), anything else read as is. All three are pure JS/WASM
// libraries, so no system tool is needed; nothing is written to disk.

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
// xz-decompress ships a CommonJS bundle: named ESM imports do not resolve, the default does.
import xz from 'xz-decompress';

const { XzReadableStream } = xz;

/** The compressions we read, by file extension. */
export type Compression = 'gzip' | 'zstd' | 'xz' | 'none';

/** The compression a file name implies. */
export function compressionOf(file: string): Compression {
  const lower = file.toLowerCase();
  if (lower.endsWith('.gz')) return 'gzip';
  if (lower.endsWith('.zst') || lower.endsWith('.zstd')) return 'zstd';
  if (lower.endsWith('.xz')) return 'xz';
  return 'none';
}

/** The file name without its compression extension (`a.lis.zst` → `a.lis`). */
export function stripCompression(file: string): string {
  return compressionOf(file) === 'none' ? file : file.replace(/\.(gz|zst|zstd|xz)$/i, '');
}

/** The decompressed bytes of `file`, chunk by chunk. */
export async function* readDecompressed(file: string): AsyncGenerator<Uint8Array> {
  const compression = compressionOf(file);
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  switch (compression) {
    case 'none':
      yield* source as AsyncIterable<Uint8Array>;
      return;
    case 'gzip':
      yield* source.pipe(createGunzip({ chunkSize: 1 << 20 })) as AsyncIterable<Uint8Array>;
      return;
    case 'xz': {
      const web = Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
      const reader = new XzReadableStream(web).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    }
    case 'zstd': {
      // fzstd decodes synchronously as chunks are pushed; collect each push's output and yield it.
      let out: Uint8Array[] = [];
      const decoder = new Decompress((data) => {
        out.push(data);
      });
      for await (const chunk of source as AsyncIterable<Uint8Array>) {
        decoder.push(chunk);
        if (out.length > 0) {
          const ready = out;
          out = [];
          yield* ready;
        }
      }
      decoder.push(new Uint8Array(0), true);
      yield* out;
      return;
    }
  }
}
