// Linear-memory allocator of one arena (one instance and memory, src/wasm/realm.ts): blocks of
// any size with boundary tags, coalesced on free, so memory freed by one cache (close(), a table
// that grew, a collected cache) serves the next request of ANY size, and a run of free blocks at
// the top goes back to the unallocated top. Power-of-two size classes did not: a closed cache's
// big sketch could only ever serve another sketch of the same class, and a realm of closed big
// caches refused every small one.
//
// Why not AssemblyScript's TLSF (runtime "minimal")? Same O(1)-ish coalescing, but it does not
// know which memory is still zero, so every block would be zero-filled, and it doubles memory
// when it grows. Ours knows: memory above `clean` (the highest address ever handed out) was never
// written, so a block carved from there needs no fill and its pages stay uncommitted until the
// owner writes them; only reused memory is zeroed, and only the part below `clean`. Nothing is
// zeroed on free, so closing a cache never touches (commits) its pages. Allocation happens only
// when a cache is created or a table grows, never on a hot path.
//
// Layout: a block starts 8 bytes before a 16-byte boundary; an 8-byte header (u32 size of the
// whole block, u32 USED/FREE) precedes the 16-aligned payload, and the same 8 bytes end the block
// (the footer, read by the next block to coalesce backwards). A free block keeps its list links
// (u32 next, u32 prev) in its payload. Free blocks sit in one doubly linked list per power of
// two of their size, with a bitmap of the non-empty lists: a request takes the first block that
// fits from its own list (a few looked at) or the head of the next non-empty bigger list, and
// splits off the rest. Memory grows by at least a quarter (a handful of grows to reach any size,
// each one detaching every JavaScript view of it) and traps at 4 GiB before changing anything.

const FREE: u32 = 0;
const USED: u32 = 1;
const OVERHEAD: usize = 16; // header + footer
const MIN_BLOCK: usize = 32; // header, two links, footer
const LISTS: u32 = 32; // by floor(log2(size)); sizes are below 2^32
const SCAN: u32 = 8; // blocks of its own list a request looks at before taking a bigger one

let heapStart: usize = 0; // first block; 0 until the first allocation sets the heap up
let lists: usize = 0; // LISTS u32 heads
let nonEmpty: u32 = 0; // bit k: lists[k] is not empty
let top: usize = 0; // end of the last block: memory from here on is unallocated
let clean: usize = 0; // highest address ever handed out: memory from here on was never written
let live: usize = 0; // bytes of the blocks in use

function setUp(): void {
  lists = (__heap_base + 15) & ~(<usize>15);
  // The first block starts 8 bytes before a 16-byte boundary; a USED footer before it stops
  // coalescing from running off the heap's start.
  heapStart = lists + <usize>LISTS * 4 + 16 + 8;
  ensureMemory(heapStart);
  store<u32>(heapStart - 4, USED);
  top = clean = heapStart;
}

function ensureMemory(end: usize): void {
  // In 64 bits: a full 4 GiB memory has 2^32 bytes, which a 32-bit usize would read as 0.
  const have = <u64>memory.size() << 16;
  if (<u64>end <= have) return;
  const needPages = <i32>((<u64>end - have + 0xffff) >> 16);
  if (memory.grow(max(needPages, max(memory.size() >> 2, 16))) < 0 && memory.grow(needPages) < 0) unreachable();
}

/** The size of the block serving a request of `bytes` (what the owner is charged). */
export function blockBytes(bytes: usize): usize {
  const size = (bytes + OVERHEAD + 15) & ~(<usize>15);
  if (size < bytes) unreachable(); // wrapped past 4 GiB
  return max(size, MIN_BLOCK);
}

// @ts-ignore: decorator
@inline
function listOf(size: usize): u32 {
  return 31 - <u32>clz(<u32>size);
}

// @ts-ignore: decorator
@inline
function sizeOf(block: usize): usize {
  return load<u32>(block);
}

function mark(block: usize, size: usize, tag: u32): void {
  store<u32>(block, <u32>size);
  store<u32>(block, tag, 4);
  store<u32>(block + size - 8, <u32>size);
  store<u32>(block + size - 4, tag);
}

function link(block: usize, size: usize): void {
  mark(block, size, FREE);
  const k = listOf(size);
  const headAt = lists + (<usize>k << 2);
  const head = load<u32>(headAt);
  store<u32>(block, head, 8); // next
  store<u32>(block, 0, 12); // prev
  if (head != 0) store<u32>(<usize>head, <u32>block, 12);
  store<u32>(headAt, <u32>block);
  nonEmpty |= <u32>1 << k;
}

function unlink(block: usize): void {
  const k = listOf(sizeOf(block));
  const next = load<u32>(block, 8);
  const prev = load<u32>(block, 12);
  if (prev != 0) store<u32>(<usize>prev, next, 8);
  else {
    store<u32>(lists + (<usize>k << 2), next);
    if (next == 0) nonEmpty &= ~(<u32>1 << k);
  }
  if (next != 0) store<u32>(<usize>next, prev, 12);
}

/** A free block of at least `size` bytes, unlinked; 0 if none. */
function findFree(size: usize): usize {
  const k = listOf(size);
  if ((nonEmpty & (<u32>1 << k)) != 0) {
    let block = <usize>load<u32>(lists + (<usize>k << 2));
    for (let i: u32 = 0; i < SCAN && block != 0; i++) {
      if (sizeOf(block) >= size) {
        unlink(block);
        return block;
      }
      block = <usize>load<u32>(block, 8);
    }
  }
  const bigger = k < 31 ? nonEmpty & ~((<u32>2 << k) - 1) : 0;
  if (bigger == 0) return 0;
  const block = <usize>load<u32>(lists + (<usize>ctz(bigger) << 2));
  unlink(block);
  return block;
}

/** Uses the first `size` bytes of a free block of `have` bytes; the rest goes back as free. */
function carve(block: usize, have: usize, size: usize): void {
  if (have - size >= MIN_BLOCK) link(block + size, have - size);
  else size = have;
  mark(block, size, USED);
  live += size;
}

/** Zeroes [from, to) where it may have been written (below `clean`). */
// @ts-ignore: decorator
@inline
function zero(from: usize, to: usize): void {
  const end = min(to, clean);
  if (from < end) memory.fill(from, 0, end - from);
}

/** Allocates a zero-filled block of at least `bytes` bytes, 16-byte aligned. */
export function alloc(bytes: usize): usize {
  if (heapStart == 0) setUp();
  const size = blockBytes(bytes);
  let block = findFree(size);
  if (block != 0) {
    carve(block, sizeOf(block), size);
  } else {
    block = top;
    const end = block + size;
    if (end < block) unreachable(); // past 4 GiB
    ensureMemory(end); // may trap: nothing has changed yet
    top = end;
    mark(block, size, USED);
    live += size;
  }
  const payload = block + 8;
  zero(payload, block + sizeOf(block) - 8);
  if (top > clean) clean = top;
  return payload;
}

/** Returns a block from alloc() (0 is ignored); merges it with free neighbours. */
export function free(ptr: usize, bytes: usize): void {
  if (ptr == 0) return;
  let block = ptr - 8;
  let size = sizeOf(block);
  live -= size;
  const next = block + size;
  if (next < top && load<u32>(next, 4) == FREE) {
    unlink(next);
    size += sizeOf(next);
  }
  if (load<u32>(block - 4) == FREE) {
    const previous = block - <usize>load<u32>(block - 8);
    unlink(previous);
    size += block - previous;
    block = previous;
  }
  if (block + size == top) top = block;
  else link(block, size);
}

/**
 * Resizes a block to `newBytes`, keeping its first `keep` bytes (the rest is zero). Grows in
 * place when the block is the last one; otherwise moves it. A slot table that doubles (the last
 * block its cache took, often) then leaves no trail of smaller copies behind.
 */
export function resize(ptr: usize, bytes: usize, newBytes: usize, keep: usize): usize {
  if (ptr == 0) return alloc(newBytes);
  const block = ptr - 8;
  const size = sizeOf(block);
  const wanted = blockBytes(newBytes);
  if (wanted > size) {
    const next = block + size;
    if (next == top) {
      const end = block + wanted;
      if (end < block) unreachable();
      ensureMemory(end);
      top = end;
      mark(block, wanted, USED);
      live += wanted - size;
      zero(ptr + keep, end - 8);
      if (top > clean) clean = top;
      return ptr;
    }
  }
  const moved = alloc(newBytes);
  memory.copy(moved, ptr, keep);
  free(ptr, bytes);
  return moved;
}

/** Bytes of linear memory ever handed out, live or free (the high-water mark). */
export function usedBytes(): usize {
  return clean;
}

/** Bytes of the blocks in use (what the arena's caches hold, headers included). */
export function liveBytes(): usize {
  return live;
}
