// A trace as the simulator replays it: a name and its keys, decoded once into a typed array
// (kept in memory for the run, never cached on disk) and then replayed per (policy, size).

import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { readDecompressed, stripCompression } from './decompress.js';
import { createDecoder, formatOf, formatNamesHint, FORMATS, TraceError, type Format, type Keys } from './formats.js';

export interface Trace {
  /** Short name for tables: the file name without directory and extensions (`arc-OLTP`). */
  name: string;
  keys: Keys;
}

/** A trace's display name from its file name (`/x/arc-OLTP.lis.zst` → `arc-OLTP`). */
export function traceName(file: string): string {
  const base = stripCompression(basename(file));
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Reads and decodes a trace file; the format comes from the file name unless given. */
export async function loadTrace(file: string, format?: Format): Promise<Trace> {
  try {
    await access(file);
  } catch {
    throw new TraceError(`trace file not found: ${file}`);
  }
  const resolved = format ?? formatOf(file);
  if (resolved === undefined) {
    throw new TraceError(
      `cannot tell the format of ${basename(file)} from its name (${formatNamesHint()}; each may end in .gz, .zst or .xz); ` +
        `pass --format ${FORMATS.join('|')} (what each is: --help)`,
    );
  }
  const decoder = createDecoder(resolved);
  try {
    for await (const chunk of readDecompressed(file)) decoder.push(chunk);
  } catch (error) {
    if (error instanceof TraceError) throw new TraceError(`${basename(file)}: ${error.message}`);
    throw new TraceError(`${basename(file)}: cannot decompress: ${(error as Error).message ?? String(error)}`);
  }
  const keys = decoder.finish();
  if (keys.length === 0) throw new TraceError(`${basename(file)}: the trace holds no requests`);
  return { name: traceName(file), keys };
}
