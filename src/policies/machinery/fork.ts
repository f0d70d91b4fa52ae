// The eviction order of any policy, found by running the policy's own rule on a copy of it: the
// store's peekVictim(), coldest(), hottest() and dump() read it. One mechanism for every policy,
// so the order shown is the order makeRoom() will follow, with no second description of each rule
// to drift from the first (SLRU's segment shares, ARC's target, S3-FIFO's reinsertions, a
// clock's sweep and the bits it clears, Random's next numbers: all of it is just state the copy
// carries).
//
// The copy: typed arrays, arrays and Maps are copied, nested objects (lists, rings, heaps) copied
// field by field, functions shared. A shared function that closes over the original's state
// reads the original: SlotHeap's order reads the original's frequencies and reference times,
// which no eviction changes, so the copy orders as the original would. A policy whose makeRoom()
// changes what such a closure reads must define victims() itself. Two things are not copied but stood in for. The host, whose
// size and total cost the copy's evictions count down as the store's drops would. And the
// WebAssembly kernels, shared with the real policy: the copy may read slot hashes, estimates and
// the hash index, but its writes to the index (ghosts it records) are dropped, and anything that
// would record an access or draw from the sampler is absent (so it throws), since the copy must
// not change what the real policy will decide. A policy whose state lives where the copy cannot see it (tinylfu's
// sampler) defines victims() itself (policy.ts).
//
// Costs O(slots) to copy, then each victim costs what one eviction costs.

import type { Policy, PolicyHost } from '../../policy.js';
import type { Kernels } from '../../wasm/kernels.js';

/** Resident slots in the order one eviction round emptying the cache would evict them. */
export function forkVictims(policy: Policy, host: PolicyHost): number[] {
  const copyHost = new CopyHost(host);
  const swaps = new Map<object, object>([[host as object, copyHost as object]]);
  if (host.kernels !== undefined) swaps.set(host.kernels, copyHost.kernels!);
  const copy = copyOf(policy, swaps);
  const order: number[] = [];
  if (host.size === 0) return order;
  copy.makeRoom(
    -1,
    0,
    (slot) => {
      order.push(slot);
      copyHost.size--;
      copyHost.totalCost -= host.costOf(slot);
      return copyHost.size > 0;
    },
    -1,
  );
  return order;
}

class CopyHost implements PolicyHost {
  size: number;
  totalCost: number;
  readonly kernels: Kernels | undefined;

  constructor(private readonly host: PolicyHost) {
    this.size = host.size;
    this.totalCost = host.totalCost;
    this.kernels = host.kernels === undefined ? undefined : readOnly(host.kernels);
  }

  get maxCost(): number {
    return this.host.maxCost;
  }

  costOf(slot: number): number {
    return this.host.costOf(slot);
  }

  keyOf(slot: number): unknown {
    return this.host.keyOf(slot);
  }
}

/**
 * The kernels as a copy may use them: reads pass through, writes to the hash index are dropped,
 * and nothing else is there, so a copy that tried to record an access or draw a sample would
 * throw (a TypeError) rather than change the real policy's state.
 */
function readOnly(k: Kernels): Kernels {
  return {
    hashLo: (slot: number) => k.hashLo(slot),
    hashHi: (slot: number) => k.hashHi(slot),
    slotEstimate: (slot: number) => k.slotEstimate(slot),
    // Drains buffered accesses into the sketch first, as the real call would: the same records
    // in the same order, only earlier.
    estimates: (a: number, b: number) => k.estimates(a, b),
    indexLookup: (lo: number, hi: number) => k.indexLookup(lo, hi),
    indexInsert: () => -1,
    indexRemove: () => -1,
    indexClear() {},
  } as unknown as Kernels;
}

/** A deep copy of a policy's state; `swaps` maps objects to their stand-ins (and to copies made). */
function copyOf<T>(value: T, swaps: Map<object, object>): T {
  if (typeof value !== 'object' || value === null) return value;
  const done = swaps.get(value);
  if (done !== undefined) return done as T;
  let copy: object;
  if (ArrayBuffer.isView(value)) {
    copy = (value as unknown as Uint8Array).slice();
  } else if (value instanceof Map) {
    copy = new Map(value);
  } else if (Array.isArray(value)) {
    const array: unknown[] = [];
    swaps.set(value, array);
    for (const item of value) array.push(copyOf(item, swaps));
    return array as T;
  } else {
    const object = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    swaps.set(value, object);
    for (const field of Object.keys(value)) object[field] = copyOf((value as Record<string, unknown>)[field], swaps);
    return object as T;
  }
  swaps.set(value, copy);
  return copy as T;
}
