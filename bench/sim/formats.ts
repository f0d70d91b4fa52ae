// Trace formats (../shared/traces/README.md): their names, how a file name implies one, and a
// streaming decoder per format that turns decompressed bytes into integer keys, one per access.
//
//   arc   text `startBlock numBlocks ignored requestNumber`; a line expands to numBlocks
//         consecutive keys startBlock .. startBlock+numBlocks-1
//   lirs  text, one decimal key per line; `*` (checkpoint) and empty lines skipped; CRLF ok
//   i32   headerless 4-byte big-endian signed ints (Java DataInputStream.readInt)
//   u32   the same read as unsigned
//   i64   headerless 8-byte big-endian signed longs; 64-bit keys do not fit a double exactly,
//         so each distinct key is renamed to a dense id in order of first appearance (a
//         bijection, so every hit ratio is unchanged)
//
// Text is parsed byte by byte with no string per line: the 13 M-access ARC traces decode in
// well under a second.

import { stripCompression } from './decompress.js';

export const FORMATS = ['arc', 'lirs', 'i32', 'u32', 'i64'] as const;
export type Format = (typeof FORMATS)[number];

/** A decoded trace: one key per access. Int32Array when every key fits, else Float64Array. */
export type Keys = Int32Array | Float64Array;

/** Thrown for input the user can fix (bad file, unknown format); the CLI prints its message. */
export class TraceError extends Error {}

/**
 * What each format is, in one line, and the file names that imply it (after an optional .gz,
 * .zst or .xz). `--help` prints these; a file whose name implies none gets them in its error.
 */
export const FORMAT_INFO: Readonly<Record<Format, { description: string; names: readonly string[] }>> = {
  arc: {
    description: 'text; a line "start count …" is count requests, keys start, start+1, … (ARC traces)',
    names: ['*.lis', '*.arc'],
  },
  lirs: {
    description: 'text, one integer key per line; "*" and empty lines skipped (LIRS traces)',
    names: ['*.lirs', 'lirs-*'],
  },
  i32: {
    description: 'binary, 4-byte big-endian signed integer keys, no header (cache2k traces)',
    names: ['*.i32', 'cache2k-*'],
  },
  u32: { description: 'binary, 4-byte big-endian unsigned integer keys, no header', names: ['*.u32'] },
  i64: {
    description: 'binary, 8-byte big-endian signed integer keys, no header (Corda trace)',
    names: ['*.i64', 'corda-*'],
  },
};

/** `*.lis or *.arc → arc, …`: which names imply which format, for error messages. */
export function formatNamesHint(): string {
  return FORMATS.map((f) => `${FORMAT_INFO[f].names.join(' or ')} → ${f}`).join(', ');
}

/** The format a file name implies (after its compression extension), or undefined. */
export function formatOf(file: string): Format | undefined {
  const base = stripCompression(file.split(/[\\/]/).pop() ?? file).toLowerCase();
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  if ((FORMATS as readonly string[]).includes(ext)) return ext as Format;
  if (ext === 'lis' || ext === 'arc') return 'arc';
  if (base.startsWith('lirs')) return 'lirs';
  if (base.startsWith('cache2k')) return 'i32';
  if (base.startsWith('corda')) return 'i64';
  return undefined;
}

/** Parses a format name given on the command line. */
export function parseFormat(name: string): Format {
  if ((FORMATS as readonly string[]).includes(name)) return name as Format;
  throw new TraceError(`unknown format "${name}"; allowed: ${FORMATS.join(', ')}`);
}

/** Decodes a format's byte stream; push() every chunk, then finish(). */
export interface Decoder {
  push(chunk: Uint8Array): void;
  finish(): Keys;
}

export function createDecoder(format: Format): Decoder {
  switch (format) {
    case 'arc':
      return new TextDecoderState(true);
    case 'lirs':
      return new TextDecoderState(false);
    case 'i32':
    case 'u32':
      return new Int32Decoder(format === 'u32');
    case 'i64':
      return new Int64Decoder();
  }
}

/** A growable Float64Array of keys that remembers whether every key fits an int32. */
class KeySink {
  private data = new Float64Array(1 << 16);
  length = 0;
  private fitsInt32 = true;

  push(key: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = key;
    if ((key | 0) !== key) this.fitsInt32 = false;
  }

  /** Pushes `count` consecutive keys from `start` (an ARC line). */
  pushRun(start: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(start + i);
  }

  keys(): Keys {
    const used = this.data.subarray(0, this.length);
    return this.fitsInt32 ? Int32Array.from(used) : used.slice();
  }
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const STAR = 42;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** ARC and LIRS text: whitespace-separated decimal fields, one request per line. */
class TextDecoderState implements Decoder {
  private readonly sink = new KeySink();
  private fields: number[] = [];
  private value = 0;
  private negative = false;
  private inNumber = false;
  private line = 1;
  private junk = false;

  constructor(private readonly arc: boolean) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c >= ZERO && c <= NINE) {
        this.value = this.value * 10 + (c - ZERO);
        this.inNumber = true;
      } else if (c === SPACE || c === TAB || c === CR) {
        this.endField();
      } else if (c === LF) {
        this.endLine();
      } else if (c === MINUS && !this.inNumber) {
        this.negative = true;
      } else if (c === STAR && !this.arc) {
        this.junk = true; // a LIRS checkpoint marker: the line is skipped
      } else {
        throw new TraceError(
          `line ${this.line}: unexpected byte 0x${c.toString(16)} in a ${this.arc ? 'ARC' : 'LIRS'} text trace (binary file? pass --format)`,
        );
      }
    }
  }

  finish(): Keys {
    this.endLine();
    return this.sink.keys();
  }

  private endField(): void {
    if (!this.inNumber) return;
    this.fields.push(this.negative ? -this.value : this.value);
    this.value = 0;
    this.negative = false;
    this.inNumber = false;
  }

  private endLine(): void {
    this.endField();
    const f = this.fields;
    if (!this.junk && f.length > 0) {
      if (this.arc) {
        if (f.length < 2)
          throw new TraceError(`line ${this.line}: an ARC line needs "startBlock numBlocks …", got one field`);
        this.sink.pushRun(f[0]!, f[1]!);
      } else {
        if (f.length !== 1)
          throw new TraceError(`line ${this.line}: a LIRS line holds one key, got ${f.length} fields`);
        this.sink.push(f[0]!);
      }
    }
    f.length = 0;
    this.junk = false;
    this.line++;
  }
}

/** Fixed-size big-endian records; keeps a record split across chunks for the next one. */
abstract class RecordDecoder implements Decoder {
  protected readonly sink = new KeySink();
  private readonly carry: Uint8Array;
  private carried = 0;

  constructor(private readonly width: number) {
    this.carry = new Uint8Array(width);
  }

  protected abstract record(view: DataView, at: number): void;

  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.carried > 0) {
      const need = Math.min(this.width - this.carried, chunk.length);
      this.carry.set(chunk.subarray(0, need), this.carried);
      this.carried += need;
      at = need;
      if (this.carried < this.width) return;
      this.record(new DataView(this.carry.buffer), 0);
      this.carried = 0;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const end = chunk.length - ((chunk.length - at) % this.width);
    for (; at < end; at += this.width) this.record(view, at);
    this.carry.set(chunk.subarray(end));
    this.carried = chunk.length - end;
  }

  finish(): Keys {
    if (this.carried > 0) {
      throw new TraceError(
        `the trace ends with ${this.carried} stray byte(s): its length is not a multiple of ${this.width} (wrong --format?)`,
      );
    }
    return this.sink.keys();
  }
}

class Int32Decoder extends RecordDecoder {
  constructor(private readonly unsigned: boolean) {
    super(4);
  }

  protected record(view: DataView, at: number): void {
    this.sink.push(this.unsigned ? view.getUint32(at) : view.getInt32(at));
  }
}

class Int64Decoder extends RecordDecoder {
  // Two levels (high word, then low word) so no BigInt or string is built per access.
  private readonly ids = new Map<number, Map<number, number>>();
  private nextId = 0;

  constructor() {
    super(8);
  }

  protected record(view: DataView, at: number): void {
    const hi = view.getInt32(at);
    const lo = view.getUint32(at + 4);
    let byLo = this.ids.get(hi);
    if (byLo === undefined) this.ids.set(hi, (byLo = new Map()));
    let id = byLo.get(lo);
    if (id === undefined) byLo.set(lo, (id = this.nextId++));
    this.sink.push(id);
  }
}
