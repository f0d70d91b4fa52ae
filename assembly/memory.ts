// Linear-memory allocator shared by every cache of the realm's one instance: power-of-two size
// classes with one free list per class, carved from a bump pointer. A block freed by one cache
// (close(), a table that grew, a collected cache) is handed to the next request of its class by
// any cache, so creating and closing caches keeps memory flat. Memory grows geometrically (at
// least a quarter) and only when the bump pointer passes its end: each grow detaches the JS
// views and costs every typed-array access in the process a little, so it must be rare. No GC,
// no per-block header: callers pass a block's size back when they free it.

const MIN_CLASS: u32 = 4; // 16 bytes
const CLASSES: u32 = 32; // up to 2^31 bytes, more than a 32-bit memory holds

let bump: usize = 0;
// freeHeads[c] = first free block of 2^c bytes (0 = none); each free block stores the next one.
let freeHeads: usize = 0;

function ensureMemory(end: usize): void {
  // In 64 bits: a full 4 GiB memory has 2^32 bytes, which a 32-bit usize would read as 0.
  const have = <u64>memory.size() << 16;
  if (<u64>end <= have) return;
  const needPages = <i32>((<u64>end - have + 0xffff) >> 16);
  // Grow by at least a quarter of what we have, so growth stays geometric (a handful of grows
  // to reach any size) without leaving up to half of memory reserved and unused, as doubling did
  // (a 1M-entry cache: 32 MiB of memory for 12.6 MiB of blocks).
  if (memory.grow(max(needPages, memory.size() >> 2)) < 0 && memory.grow(needPages) < 0) unreachable();
}

/**
 * The end of a block of `size` bytes at `ptr`, or a trap when it would pass the 32-bit address
 * space: the sum would wrap to a small address, and the block would overlap live ones (every
 * cache of the realm shares this memory). JavaScript turns the trap into a RangeError
 * (src/wasm/kernels.ts), and nothing has changed by then.
 */
function endOf(ptr: usize, size: usize): usize {
  const end = ptr + size;
  if (end < ptr) unreachable();
  return end;
}

function classOf(bytes: usize): u32 {
  if (bytes <= (<usize>1 << MIN_CLASS)) return MIN_CLASS;
  return <u32>(sizeof<usize>() * 8) - <u32>clz(bytes - 1);
}

/** The bytes a request of `bytes` really takes (its class size). */
export function blockBytes(bytes: usize): usize {
  return <usize>1 << classOf(bytes);
}

/** Allocates a zero-filled block of at least `bytes` bytes, 16-byte aligned. */
export function alloc(bytes: usize): usize {
  if (bump == 0) {
    freeHeads = (__heap_base + 15) & ~(<usize>15);
    bump = freeHeads + <usize>CLASSES * sizeof<usize>();
  }
  const c = classOf(bytes);
  const size = <usize>1 << c;
  const headAt = freeHeads + (<usize>c << alignof<usize>());
  let ptr = load<usize>(headAt);
  if (ptr != 0) {
    store<usize>(headAt, load<usize>(ptr));
    memory.fill(ptr, 0, size);
  } else {
    // Memory past the bump pointer was never handed out, so it is still zero: no fill, and its
    // pages stay untouched (uncommitted) until the owner writes them.
    ptr = bump;
    const end = endOf(ptr, size);
    ensureMemory(end); // may trap: bump moves only once the memory is there
    bump = end;
  }
  return ptr;
}

/** Returns a block from alloc(bytes) to its free list. */
export function free(ptr: usize, bytes: usize): void {
  if (ptr == 0) return;
  const headAt = freeHeads + (<usize>classOf(bytes) << alignof<usize>());
  store<usize>(ptr, load<usize>(headAt));
  store<usize>(headAt, ptr);
}

/**
 * Resizes a block to `newBytes`, keeping its first `keep` bytes (the rest is zero). The block
 * on top of the bump pointer grows in place: a cache's slot table, the last block it took,
 * then doubles without leaving every smaller copy behind on a free list (1 + 1/2 + 1/4 … of
 * its final size) that no later request of a bigger class could reuse.
 */
export function resize(ptr: usize, bytes: usize, newBytes: usize, keep: usize): usize {
  const size = blockBytes(bytes);
  if (ptr != 0 && ptr + size == bump && newBytes >= bytes) {
    // Past the bump pointer memory was never handed out, so it is still zero.
    const end = endOf(ptr, blockBytes(newBytes));
    ensureMemory(end);
    bump = end;
    return ptr;
  }
  const moved = alloc(newBytes);
  if (ptr != 0) {
    memory.copy(moved, ptr, keep);
    free(ptr, bytes);
  }
  return moved;
}

/** Bytes of linear memory handed out so far, live or free (the high-water mark). */
export function usedBytes(): usize {
  return bump;
}
