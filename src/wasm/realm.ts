// Where caches' WebAssembly state lives: per WebAssembly.Module, a realm of arenas, each one
// instance with its own linear memory holding many caches' contexts (assembly/context.ts). New
// caches go to the realm's current arena until the memory it holds for live caches passes
// ARENA_BYTES; then a fresh arena becomes current, and the old one is held only by its caches.
//
// Why arenas: a WebAssembly memory never shrinks and is freed only as a whole, when its instance
// is garbage. With one memory for the whole realm, caches dropped without close() pinned it: a
// FinalizationRegistry callback never runs inside synchronous code, so a loop making caches
// filled the memory up to 4 GiB and failed, and whatever it reached stayed reserved for good.
// An arena whose caches are all unreachable is itself unreachable, so the garbage collector
// frees its memory whole, in synchronous code too (V8 counts each memory as external memory,
// which prompts collections; test/realm-memory.test.ts drops 4.7 GiB of caches in one
// synchronous loop). Within an arena, close() and the
// registry free a cache's blocks for the arena's other caches (assembly/memory.ts coalesces
// them, so any size serves any later request). Why not a memory per cache: each memory reserves
// address space (instantiation fails after some thousands of them: docs/design-measurements.md)
// and costs at least a 64 KiB page.
//
// A cache stays in the arena it was created in (its blocks are addresses in that memory), so
// it can grow up to that memory's 4 GiB, and the realm as a whole is bounded only by the
// process. An arena starts with 4 MiB (asconfig.json's initialMemory), so that a process with a
// few small caches never grows a memory: a grow detaches its buffer, which costs V8's
// ArrayBuffer-detaching protector and with it every typed-array access in the process a check.
// Nothing here runs on a hot path: a cache keeps its arena and reads the arena's
// current view. Growing memory detaches its ArrayBuffer, so every view must follow: the arena
// holds the one current Uint32Array its caches read, and refresh() renews it after any call that
// may have allocated (a detached view has length 0, cheaper to test than `memory.buffer`).
//
// The library holds no reference to an old arena, not even a WeakRef (a WeakRef keeps its
// target alive until the current job ends, which a synchronous loop never does): the realm
// keeps a small meter per arena instead, whose bytes it can sum, dropped when the arena is.

import type { KernelExports } from './kernel-exports.js';

/**
 * Who receives the sampled accesses that WebAssembly's W-TinyLFU hands to JavaScript's
 * miniature simulations (assembly/w-tinylfu.ts imports `sample`): the policy whose call is under
 * way sets itself here for that call, so the arena holds no cache between calls.
 */
export interface Sampler {
  sampled(lo: number, count: number, totalCost: number, size: number): number;
}

/** One instance of the kernels and its memory, shared by the caches created in it. */
export interface Arena {
  readonly exports: KernelExports;
  /** The policy whose WebAssembly call may sample right now (see Sampler). */
  sampler: Sampler | undefined;
  /** View on all of the arena's linear memory, shared by its caches. */
  u32: Uint32Array;
  /** Frees the context of a cache that was collected without release(). */
  readonly registry: FinalizationRegistry<number> | undefined;
  /** The arena's memory size, as the realm sees it. */
  readonly meter: Meter;
}

interface Meter {
  bytes: number;
}

interface Realm {
  /** Where new caches go; undefined before the first. */
  current: Arena | undefined;
  /** One per arena not yet known to be collected. */
  readonly meters: Set<Meter>;
  /** Drops an arena's meter once the arena is collected. */
  readonly arenas: FinalizationRegistry<Meter> | undefined;
}

/**
 * Live bytes (the caches' blocks) after which new caches go to a fresh arena. Small enough that
 * dropped caches free their memory soon, large enough that a memory's fixed costs (address
 * space, an instance) are spread over thousands of small caches.
 */
export const ARENA_BYTES = 16 << 20;

const realms = new WeakMap<WebAssembly.Module, Realm>();

function realmFor(module: WebAssembly.Module): Realm {
  let realm = realms.get(module);
  if (realm === undefined) {
    const meters = new Set<Meter>();
    realm = {
      current: undefined,
      meters,
      arenas:
        typeof FinalizationRegistry === 'function'
          ? new FinalizationRegistry((meter) => meters.delete(meter))
          : undefined,
    };
    realms.set(module, realm);
  }
  return realm;
}

/** The arena of `module`'s realm where a new cache goes: the current one, or a fresh one. */
export function arenaFor(module: WebAssembly.Module): Arena {
  const realm = realmFor(module);
  const current = realm.current;
  if (current !== undefined && current.exports.lb() < ARENA_BYTES) return current;
  const imports = {
    cortado: {
      sample: (lo: number, count: number, totalCost: number, size: number) =>
        arena.sampler!.sampled(lo, count, totalCost, size),
    },
  };
  const exports = new WebAssembly.Instance(module, imports).exports as unknown as KernelExports;
  const meter: Meter = { bytes: exports.memory.buffer.byteLength };
  const arena: Arena = {
    exports,
    sampler: undefined,
    u32: new Uint32Array(exports.memory.buffer),
    // Held value: the context address only, never the Kernels (that would keep it alive).
    registry:
      typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((ctx) => exports.de(ctx)) : undefined,
    meter,
  };
  realm.meters.add(meter);
  realm.arenas?.register(arena, meter);
  realm.current = arena;
  return arena;
}

/** Renews the arena's view if its memory grew (call after anything that may allocate). */
export function refresh(arena: Arena): void {
  if (arena.u32.length === 0) {
    arena.u32 = new Uint32Array(arena.exports.memory.buffer);
    arena.meter.bytes = arena.u32.byteLength;
  }
}

/**
 * Bytes of WebAssembly memory held by `module`'s realm: the sum over its arenas not yet known
 * to be collected (an arena collected since the last finalization callbacks still counts).
 */
export function realmMemoryBytes(module: WebAssembly.Module): number {
  let bytes = 0;
  for (const meter of realms.get(module)?.meters ?? []) bytes += meter.bytes;
  return bytes;
}

/** How many arenas `module`'s realm holds (same caveat as realmMemoryBytes). */
export function realmArenas(module: WebAssembly.Module): number {
  return realms.get(module)?.meters.size ?? 0;
}
