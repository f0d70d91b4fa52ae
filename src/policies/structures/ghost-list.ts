// Ghost lists: keys that recently left the cache, remembered by their 64-bit hash only (no key,
// no value). ARC's B1/B2, CAR's B1/B2, 2Q's A1out and S3-FIFO's G are all instances. Nodes live
// in typed arrays with a free list; several lists share one node pool and one WASM hash index
// (hash -> node id), so a lookup by hash is one WebAssembly call and every other operation is
// O(1). Each list is ordered newest (head) to oldest (tail).

import type { Kernels } from '../../wasm/kernels.js';
import { grown } from '../../typed-arrays.js';

export class GhostLists {
  private lo: Uint32Array;
  private hi: Uint32Array;
  private prev: Int32Array;
  private next: Int32Array;
  /** Which list a node is in (-1 = free). */
  private owner: Int8Array;
  private readonly lengths: Int32Array;
  /** Nodes 0..lists-1 are the sentinels; nodes above are allocated from `free` or `top`. */
  private top: number;
  private free = -1;

  constructor(
    private readonly kernels: Kernels,
    private readonly lists: number,
    initial = 64,
  ) {
    const n = lists + initial;
    this.lo = new Uint32Array(n);
    this.hi = new Uint32Array(n);
    this.prev = new Int32Array(n);
    this.next = new Int32Array(n);
    this.owner = new Int8Array(n).fill(-1);
    this.lengths = new Int32Array(lists);
    this.top = lists;
    this.resetSentinels();
  }

  private resetSentinels(): void {
    for (let l = 0; l < this.lists; l++) {
      this.prev[l] = l;
      this.next[l] = l;
      this.lengths[l] = 0;
    }
  }

  length(list: number): number {
    return this.lengths[list]!;
  }

  /** The ghost node holding this hash, or -1. */
  find(lo: number, hi: number): number {
    return this.kernels.indexLookup(lo, hi);
  }

  /** The list a node is in. */
  listOf(node: number): number {
    return this.owner[node]!;
  }

  /** Records the hash of `slot` (a resident entry that is leaving) at the head of `list`. */
  pushSlot(list: number, slot: number): void {
    this.push(list, this.kernels.hashLo(slot), this.kernels.hashHi(slot));
  }

  /** Records a hash at the head (newest end) of `list`; replaces any ghost of the same hash. */
  push(list: number, lo: number, hi: number): void {
    const node = this.allocate();
    this.lo[node] = lo;
    this.hi[node] = hi;
    const h = this.next[list]!;
    this.next[node] = h;
    this.prev[node] = list;
    this.prev[h] = node;
    this.next[list] = node;
    this.owner[node] = list;
    this.lengths[list]!++;
    const old = this.kernels.indexInsert(lo, hi, node);
    if (old >= 0) this.unlink(old); // the same hash was already a ghost: keep the newer one
  }

  /** Forgets the oldest ghost of `list` (no-op when empty). */
  dropOldest(list: number): void {
    const t = this.prev[list]!;
    if (t !== list) this.remove(t);
  }

  /** Forgets one ghost node. */
  remove(node: number): void {
    if (this.owner[node]! < 0) return;
    this.kernels.indexRemove(this.lo[node]!, this.hi[node]!);
    this.unlink(node);
  }

  /** Unlinks a node and frees it (its index entry is already gone or reused). */
  private unlink(node: number): void {
    const list = this.owner[node]!;
    const p = this.prev[node]!;
    const n = this.next[node]!;
    this.next[p] = n;
    this.prev[n] = p;
    this.owner[node] = -1;
    this.lengths[list]!--;
    this.next[node] = this.free;
    this.free = node;
  }

  clear(): void {
    this.kernels.indexClear();
    this.owner.fill(-1);
    this.top = this.lists;
    this.free = -1;
    this.resetSentinels();
  }

  private allocate(): number {
    if (this.free >= 0) {
      const node = this.free;
      this.free = this.next[node]!;
      return node;
    }
    if (this.top === this.owner.length) this.grow();
    return this.top++;
  }

  private grow(): void {
    const n = this.owner.length * 2;
    this.lo = grown(this.lo, n);
    this.hi = grown(this.hi, n);
    this.prev = grown(this.prev, n);
    this.next = grown(this.next, n);
    this.owner = grown(this.owner, n, -1);
  }
}
