// Memory per entry: fill each contender's cache with N short-string keys, force a full GC and
// compare the process's heap and off-heap bytes before and after. Keys and values are built
// before the first reading (values are small integers), so the difference is what the cache
// itself holds: its Map or tables, its nodes, its typed arrays and its WebAssembly memory.
// Then clear() and, where the library has one, close(): what stays retained after each.
//
// Needs `node --expose-gc` (npm run bench passes it).

import type { Contender, CacheLike } from './contenders.js';
import { makeKeys } from './data.js';

export interface MemoryResult {
  contender: string;
  entries: number;
  /** V8 heap bytes per entry. */
  heapPerEntry: number;
  /** Off-heap bytes per entry: ArrayBuffers (typed arrays) and WebAssembly memory. */
  externalPerEntry: number;
  /** Of externalPerEntry: WebAssembly linear memory (memory.buffer.byteLength). */
  wasmPerEntry: number;
  /** heap + external, per entry. */
  totalPerEntry: number;
  /** Bytes still held after clear(), the cache object still referenced. */
  afterClear: number;
  /** Bytes still held after close() (undefined: the library has no close()). */
  afterClose: number | undefined;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory: run node with --expose-gc (npm run bench does)');
  // Several passes: weak references and finalizers need more than one.
  for (let i = 0; i < 4; i++) gc();
}

function reading(): { heap: number; external: number } {
  collect();
  const m = process.memoryUsage();
  // `external` includes ArrayBuffers and WebAssembly memories (arrayBuffers excludes the latter).
  return { heap: m.heapUsed, external: m.external };
}

/** Measures one contender at `entries` entries. */
export function measureMemory(contender: Contender, entries: number): MemoryResult {
  const keys = makeKeys('short', entries);
  let cache: CacheLike | undefined;
  const before = reading();
  cache = contender.create(entries);
  for (let i = 0; i < entries; i++) cache.set(keys[i], i);
  const full = reading();
  const wasm = contender.wasmBytes?.(cache) ?? 0;
  cache.clear();
  const cleared = reading();
  let afterClose: number | undefined;
  if (contender.close !== undefined) {
    contender.close(cache);
    const closed = reading();
    afterClose = closed.heap + closed.external - before.heap - before.external;
  }
  cache = undefined;
  // Keys stay alive to the end, so their own bytes are in every reading alike.
  if (keys.length !== entries) throw new Error('memory: key count changed');
  const heap = full.heap - before.heap;
  const external = full.external - before.external;
  return {
    contender: contender.name,
    entries,
    heapPerEntry: heap / entries,
    externalPerEntry: external / entries,
    wasmPerEntry: wasm / entries,
    totalPerEntry: (heap + external) / entries,
    afterClear: cleared.heap + cleared.external - before.heap - before.external,
    afterClose,
  };
}
