// The realm's one instance of the kernels per WebAssembly.Module, shared by every cache: each
// cache is a region (a context) of its one linear memory. A memory per cache would reserve
// address space per cache (instantiation fails at ~13k caches) and cost 64 KiB per cache.
//
// Growing memory detaches its ArrayBuffer, so every view must follow: the realm holds the one
// current Uint32Array that every cache reads, and refresh() renews it after any call that may
// have allocated (a detached view has length 0, cheaper to test than `memory.buffer`).

import type { KernelExports } from './kernels.js';

export interface Realm {
  readonly exports: KernelExports;
  /** View on all of linear memory, shared by every cache of the realm. */
  u32: Uint32Array;
  /** Frees the context of a cache that was collected without release(). */
  readonly registry: FinalizationRegistry<number> | undefined;
}

const realms = new WeakMap<WebAssembly.Module, Realm>();

/** The realm's instance of `module`, made on first use. */
export function realmOf(module: WebAssembly.Module): Realm {
  let realm = realms.get(module);
  if (realm === undefined) {
    const exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    realm = {
      exports,
      u32: new Uint32Array(exports.memory.buffer),
      // Held value: the context address only, never the Kernels (that would keep it alive).
      registry: typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((ctx) => exports.de(ctx)) : undefined,
    };
    realms.set(module, realm);
  }
  return realm;
}

/** Renews the shared view if memory grew (call after anything that may allocate). */
export function refresh(realm: Realm): void {
  if (realm.u32.length === 0) realm.u32 = new Uint32Array(realm.exports.memory.buffer);
}
