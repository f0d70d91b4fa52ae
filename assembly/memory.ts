// Linear-memory allocator for the kernels: power-of-two size classes with one free list per
// class, carved from a bump pointer that grows memory geometrically. The tables we allocate
// (sketch rows, bloom bits, index shards, slot arrays) are all power-of-two sized and are freed
// whole when they grow, so this is all the allocator they need; no GC, no per-object header.

const MIN_CLASS: u32 = 4; // 16 bytes
const CLASSES: u32 = 40;

let bump: usize = 0;
// freeHeads[c] = first free block of 2^c bytes (0 = none); each free block stores the next one.
let freeHeads: usize = 0;

function ensureInit(): void {
  if (bump != 0) return;
  bump = (__heap_base + 15) & ~(<usize>15);
  freeHeads = bump;
  bump += <usize>CLASSES * sizeof<usize>();
  ensureMemory(bump);
}

function ensureMemory(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end <= have) return;
  const needPages = <i32>((end - have + 0xffff) >> 16);
  // Grow at least by what we already have, so growth is geometric.
  const pages = max(needPages, memory.size());
  if (memory.grow(pages) < 0 && memory.grow(needPages) < 0) unreachable();
}

function classOf(bytes: usize): u32 {
  if (bytes <= (<usize>1 << MIN_CLASS)) return MIN_CLASS;
  return <u32>(sizeof<usize>() * 8) - <u32>clz(bytes - 1);
}

/** Allocates a zero-filled block of at least `bytes` bytes, 16-byte aligned. */
export function alloc(bytes: usize): usize {
  ensureInit();
  const c = classOf(bytes);
  const size = <usize>1 << c;
  const headAt = freeHeads + (<usize>c << alignof<usize>());
  let ptr = load<usize>(headAt);
  if (ptr != 0) {
    store<usize>(headAt, load<usize>(ptr));
  } else {
    ptr = bump;
    bump += size;
    ensureMemory(bump);
  }
  memory.fill(ptr, 0, size);
  return ptr;
}

/** Returns a block from alloc(bytes) to its free list. */
export function free(ptr: usize, bytes: usize): void {
  if (ptr == 0) return;
  const c = classOf(bytes);
  const headAt = freeHeads + (<usize>c << alignof<usize>());
  store<usize>(ptr, load<usize>(headAt));
  store<usize>(headAt, ptr);
}

/** Bytes of linear memory in use by live and free blocks (the high-water mark). */
export function usedBytes(): usize {
  return bump;
}
