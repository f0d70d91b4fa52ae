// Doubly linked lists of slots in typed arrays: the O(1) recency queue under LRU, FIFO, SLRU,
// 2Q, ARC and friends. One SlotList object can hold several lists (segments) that share the
// prev/next arrays; each list is identified by a sentinel id at the end of the arrays, so
// moving a slot between lists is an unlink and a link.

export class SlotList {
  prev: Int32Array;
  next: Int32Array;
  /** Which list each slot is in (-1 = none). */
  owner: Int8Array;
  /** Entries per list. */
  readonly lengths: Int32Array;
  private slots: number;

  constructor(
    slots: number,
    readonly lists = 1,
  ) {
    this.slots = slots;
    this.prev = new Int32Array(slots + lists);
    this.next = new Int32Array(slots + lists);
    this.owner = new Int8Array(slots).fill(-1);
    this.lengths = new Int32Array(lists);
    for (let l = 0; l < lists; l++) this.reset(l);
  }

  private sentinel(list: number): number {
    return this.slots + list;
  }

  private reset(list: number): void {
    const s = this.sentinel(list);
    this.prev[s] = s;
    this.next[s] = s;
    this.lengths[list] = 0;
  }

  /** Regrows to hold slot ids below n, keeping every list. */
  reserve(n: number): void {
    if (n <= this.slots) return;
    const shift = n - this.slots;
    const remap = (v: number) => (v >= this.slots ? v + shift : v);
    const prev = new Int32Array(n + this.lists);
    const next = new Int32Array(n + this.lists);
    for (let i = 0; i < this.slots + this.lists; i++) {
      const to = i >= this.slots ? i + shift : i;
      prev[to] = remap(this.prev[i]!);
      next[to] = remap(this.next[i]!);
    }
    const owner = new Int8Array(n).fill(-1);
    owner.set(this.owner);
    this.prev = prev;
    this.next = next;
    this.owner = owner;
    this.slots = n;
  }

  length(list = 0): number {
    return this.lengths[list]!;
  }

  /** Most recently pushed slot of the list, or -1. */
  head(list = 0): number {
    const s = this.sentinel(list);
    const h = this.next[s]!;
    return h === s ? -1 : h;
  }

  /** Least recently pushed slot of the list, or -1. */
  tail(list = 0): number {
    const s = this.sentinel(list);
    const t = this.prev[s]!;
    return t === s ? -1 : t;
  }

  /** The slot after `slot` toward the tail, or -1. */
  older(slot: number): number {
    const n = this.next[slot]!;
    return n >= this.slots ? -1 : n;
  }

  /** The slot before `slot` toward the head, or -1. */
  newer(slot: number): number {
    const p = this.prev[slot]!;
    return p >= this.slots ? -1 : p;
  }

  /** Links a slot that is in no list at the head of `list`. */
  pushHead(slot: number, list = 0): void {
    const s = this.sentinel(list);
    const h = this.next[s]!;
    this.next[slot] = h;
    this.prev[slot] = s;
    this.prev[h] = slot;
    this.next[s] = slot;
    this.owner[slot] = list;
    this.lengths[list]!++;
  }

  /** Links a slot that is in no list at the tail of `list`. */
  pushTail(slot: number, list = 0): void {
    const s = this.sentinel(list);
    const t = this.prev[s]!;
    this.prev[slot] = t;
    this.next[slot] = s;
    this.next[t] = slot;
    this.prev[s] = slot;
    this.owner[slot] = list;
    this.lengths[list]!++;
  }

  /**
   * Moves the tail of `list` to its head and returns it (-1: the list is empty): unlink(tail())
   * then pushHead() of that slot, in one step. The lists are circular around their sentinel, so
   * the sentinel steps over the tail and the other slots' links stay as they were: six writes,
   * and no owner or length to change (lru-cache's one out, one in: Policy.reuseVictim).
   */
  rotateTail(list = 0): number {
    const prev = this.prev;
    const next = this.next;
    const s = this.sentinel(list);
    const tail = prev[s]!;
    const head = next[s]!;
    if (tail === head) return tail === s ? -1 : tail; // empty, or one slot already at the head
    const before = prev[tail]!;
    next[before] = s;
    prev[s] = before;
    next[s] = tail;
    prev[tail] = s;
    next[tail] = head;
    prev[head] = tail;
    return tail;
  }

  /** Unlinks a slot from whatever list holds it (no-op if none). */
  unlink(slot: number): void {
    const list = this.owner[slot]!;
    if (list < 0) return;
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    this.next[p] = n;
    this.prev[n] = p;
    this.owner[slot] = -1;
    this.lengths[list]!--;
  }

  /** Moves a slot (in any list or none) to the head of `list`. */
  moveToHead(slot: number, list = 0): void {
    if (this.owner[slot] === list) this.bump(slot, list);
    else {
      this.unlink(slot);
      this.pushHead(slot, list);
    }
  }

  /**
   * Moves a slot that is in `list` to its head: moveToHead() for callers that know where the
   * slot is (an LRU's hit), without reading `owner`, which in a large cache is one more cache
   * miss per call.
   */
  bump(slot: number, list = 0): void {
    const s = this.sentinel(list);
    if (this.next[s] === slot) return;
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    this.next[p] = n;
    this.prev[n] = p;
    const h = this.next[s]!;
    this.next[slot] = h;
    this.prev[slot] = s;
    this.prev[h] = slot;
    this.next[s] = slot;
  }

  clear(): void {
    this.owner.fill(-1);
    for (let l = 0; l < this.lists; l++) this.reset(l);
  }
}
