// Bloom-filter doorkeeper in front of the count-min sketch (TinyLFU): a key's first sighting
// only sets its bits here, so one-hit wonders never reach the sketch. Sized for about 1 % false
// positives at `expected` keys: m = -n ln p / ln² 2 bits, rounded up to a power of two, with
// k = 7 probes by double hashing. Its bits live in the cache's context (bits == 0: none); the
// probes take the bit array and mask as arguments so the drain loop keeps them in locals.

import { Context, take } from "./context";
import { mix64 } from "./hash";

const SEED: u64 = 0x7a646f6f726b6565; // arbitrary, distinct from the sketch rows'
const PROBES: u32 = 7;

export function doorkeeperInit(c: Context, expected: u32): void {
  const wanted = Math.ceil(<f64>max<u32>(expected, 1) * 9.585058377367439); // -ln(0.01)/ln²2
  let m: u32 = 512;
  while (<f64>m < wanted && m < 0x80000000) m <<= 1;
  c.bitMask = m - 1;
  c.bitBytes = m >> 3;
  c.bits = take(c, <usize>(m >> 3));
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
