// The tests' build of the kernels (assembly/testing.ts): the shipped exports plus probes into
// each kernel. Compiled from build/cortado.testing.wasm, which `npm run build:wasm` writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../src/index.js';
import { Kernels, type KernelExports, type SketchConfig } from '../src/wasm/kernels.js';

/** The probes assembly/testing.ts adds to the shipped exports. */
export interface TestingExports extends KernelExports {
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
  indexSize(): number;
  indexMaxProbe(): number;
  usedBytes(): number;
}

export type TestingKernels = Kernels & { readonly exports: TestingExports };

let compiled: WebAssembly.Module | undefined;

/** The testing module, compiled once; pass it as `wasmModule` to give a Cache the probes. */
export function testingModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(join(import.meta.dirname, '..', 'build', 'cortado.testing.wasm')));
  return compiled;
}

/** Kernels built from the testing module. */
export function testingKernels(config: SketchConfig): TestingKernels {
  return new Kernels(config, testingModule()) as TestingKernels;
}

/** The probes of a cache created with `wasmModule: testingModule()`. */
export function kernelsOf(cache: object): TestingKernels {
  return (cache as unknown as { kernels: TestingKernels }).kernels;
}
