// Bloom-filter doorkeeper in front of the count-min sketch (TinyLFU): a key's first sighting
// only sets its bits here, so one-hit wonders never reach the sketch. Sized for about 1 % false
// positives at `expected` keys: m = -n ln p / ln² 2 bits, rounded up to a power of two, with
// k = 7 probes by double hashing. Its bits live in the cache's context (bits == 0: none); the
// probes take the bit array and mask as arguments so the drain loop keeps them in locals.
// It grows with the sketch (doorkeeperFit): a probe is the low bits of its hash, so at twice the
// bits it lands on its old bit or that bit plus the old size; with both halves copies of the old
// array, every key seen is still seen.

import { Context, take, give } from "./context";
import { mix64 } from "./hash";

const SEED: u64 = 0x7a646f6f726b6565; // arbitrary, distinct from the sketch rows'
const PROBES: u32 = 7;

/** Bits for about 1 % false positives at `expected` keys, a power of two >= 512. */
function bitsFor(expected: f64): u32 {
  const wanted = Math.ceil(max(expected, 1) * 9.585058377367439); // -ln(0.01)/ln²2
  let m: u32 = 512;
  while (<f64>m < wanted && m < 0x80000000) m <<= 1;
  return m;
}

export function doorkeeperInit(c: Context, expected: f64): void {
  const m = bitsFor(expected);
  c.bitMask = m - 1;
  c.bitBytes = m >> 3;
  c.bits = take(c, <usize>(m >> 3));
}

/** Grows the bit array (never shrinks it) to what `expected` keys ask for. May grow memory. */
export function doorkeeperFit(c: Context, expected: f64): void {
  const m = bitsFor(expected);
  if (c.bitMask + 1 >= m) return;
  if (c.additions == 0 && c.resets == 0) {
    // Nothing recorded yet (see sketchFit): fresh bits, no copies.
    const bits = take(c, <usize>(m >> 3));
    give(c, c.bits, c.bitBytes);
    c.bits = bits;
    c.bitBytes = m >> 3;
    c.bitMask = m - 1;
    return;
  }
  while (c.bitMask + 1 < m) {
    const bytes = <usize>c.bitBytes;
    const bits = take(c, bytes * 2);
    memory.copy(bits, c.bits, bytes);
    memory.copy(bits + bytes, c.bits, bytes);
    give(c, c.bits, bytes);
    c.bits = bits;
    c.bitBytes = <u32>(bytes * 2);
    c.bitMask = (c.bitMask << 1) | 1;
  }
}

/** Sets the key's bits; returns true when all were already set (the key was "seen"). */
// @ts-ignore: decorator
@inline
export function doorkeeperAdd(bits: usize, mask: u32, h: u64): bool {
  const x = mix64(h ^ SEED);
  const h1 = <u32>x;
  const h2 = <u32>(x >> 32) | 1;
  let seen = true;
  for (let i: u32 = 0; i < PROBES; i++) {
    const bit = (h1 + i * h2) & mask;
    const at = bits + <usize>(bit >> 3);
    const b = load<u8>(at);
    const m = <u8>(<u32>1 << (bit & 7));
    if ((b & m) == 0) {
      seen = false;
      store<u8>(at, b | m);
    }
  }
  return seen;
}

export function doorkeeperContains(c: Context, h: u64): bool {
  const bits = c.bits;
  const mask = c.bitMask;
  const x = mix64(h ^ SEED);
  const h1 = <u32>x;
  const h2 = <u32>(x >> 32) | 1;
  for (let i: u32 = 0; i < PROBES; i++) {
    const bit = (h1 + i * h2) & mask;
    if ((load<u8>(bits + <usize>(bit >> 3)) & (1 << (bit & 7))) == 0) return false;
  }
  return true;
}

export function doorkeeperClear(c: Context): void {
  if (c.bits != 0) memory.fill(c.bits, 0, c.bitBytes);
}
