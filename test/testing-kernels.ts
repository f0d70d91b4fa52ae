// The tests' build of the kernels (assembly/testing.ts): the shipped exports plus probes into
// each kernel. Compiled from build/cortado.testing.wasm, which `npm run build:wasm` writes.
// Caches share their arena's instance (src/wasm/realm.ts), so the probes are bound to one cache's
// context: `k.exports.estimate(lo, hi)` calls the raw `estimate(ctx, lo, hi)`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../src/index.js';
import { Kernels, type SketchConfig } from '../src/wasm/kernels.js';
import type { Arena } from '../src/wasm/realm.js';

/**
 * The probes of assembly/testing.ts, bound to one context (the shipped exports are called
 * through the Kernels' own methods).
 */
export interface TestingExports {
  memory: WebAssembly.Memory;
  increment(lo: number, hi: number): void;
  estimate(lo: number, hi: number): number;
  sketchMinimum(lo: number, hi: number): number;
  sketchReset(): void;
  sketchResets(): number;
  sketchAdditions(): number;
  doorkeeperPut(lo: number, hi: number): number;
  doorkeeperHas(lo: number, hi: number): number;
  doorkeeperBits(): number;
  slotsCapacity(): number;
  residentCount(): number;
  sampleReset(): void;
  sampleVictim(exclude: number, incoming: number): number;
  indexSize(): number;
  indexMaxProbe(): number;
  /** Bytes of every block the cache holds, as the kernels count them. */
  regionBytes(): number;
  /** The arena's allocator high-water mark (bytes ever handed out, live or free). */
  usedBytes(): number;
  /** Bytes of the arena's blocks in use. */
  liveBytes(): number;
  /** Counters per row of the sketch. */
  sketchWidth(): number;
  /** Bytes of the doorkeeper's bits (0: none). */
  doorkeeperBytes(): number;
}

export type TestingKernels = Kernels & { readonly exports: TestingExports };

let compiled: WebAssembly.Module | undefined;

/** The testing module, compiled once; pass it as `wasmModule` to give a Cache the probes. */
export function testingModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(join(import.meta.dirname, '..', 'build', 'cortado.testing.wasm')));
  return compiled;
}

/** The arena a Kernels lives in (undefined once released). */
export function arenaOf(kernels: Kernels): Arena {
  return (kernels as unknown as { arena: Arena }).arena;
}

/** A Kernels' context address. */
export function ctxOf(kernels: Kernels): number {
  return (kernels as unknown as { ctx: number }).ctx;
}

const ARENA_WIDE = new Set(['memory', 'usedBytes', 'liveBytes', 'lb']);

/** Gives `kernels` (of the testing module) its bound probes as `exports`. */
export function withProbes(kernels: Kernels): TestingKernels {
  if (!('exports' in kernels)) {
    const raw = arenaOf(kernels).exports as unknown as Record<string, unknown>;
    const ctx = ctxOf(kernels);
    const bound: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      const f = value as (...a: number[]) => unknown;
      bound[name] =
        ARENA_WIDE.has(name) || typeof value !== 'function' ? value : (...args: number[]) => f(ctx, ...args);
    }
    Object.defineProperty(kernels, 'exports', { value: bound });
  }
  return kernels as TestingKernels;
}

/** Kernels built from the testing module (`countersPerSlot`: how fast the sketch grows with the slots). */
export function testingKernels(config: SketchConfig, countersPerSlot?: number): TestingKernels {
  return withProbes(new Kernels(config, testingModule(), countersPerSlot));
}

/** The bytes the allocator (assembly/memory.ts) takes for a request of `bytes`: header and footer, 16-aligned. */
export function blockBytes(bytes: number): number {
  return Math.max(32, Math.ceil((bytes + 16) / 16) * 16);
}

/** The probes of a cache created with `wasmModule: testingModule()`. */
export function kernelsOf(cache: object): TestingKernels {
  return withProbes((cache as unknown as { kernels: Kernels }).kernels);
}
