// 64-bit mixing shared by every kernel. Each sketch row and the bloom filter derive their own
// bits by mixing the key's hash with a distinct seed through a full avalanche finaliser, so a
// collision in one row says nothing about another (ristretto XORs seeds before masking, which
// keeps the same low bits in every row; we do not). Also each cache's random numbers.

import { Context } from "./context";

/** Murmur3's fmix64: a bijection with full avalanche. */
// @ts-ignore: decorator
@inline
export function mix64(x: u64): u64 {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccd;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53;
  x ^= x >> 33;
  return x;
}

/** Joins the two 32-bit halves JavaScript passes (no BigInt on the hot path). */
// @ts-ignore: decorator
@inline
export function join(lo: u32, hi: u32): u64 {
  return (<u64>hi << 32) | <u64>lo;
}

/** The sampler's random state before seed() (any non-zero value works for xorshift). */
export const RANDOM_START: u64 = 0x9e3779b97f4a7c15;

/** xorshift64*: uniform enough for sampling victims; one state per cache, seeded per cache. */
export function nextRandom(c: Context): u64 {
  let x = c.rng;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  c.rng = x;
  return x * 0x2545f4914f6cdd1d;
}

/** A uniform integer in [0, n) by multiply-shift (no modulo bias worth measuring at n < 2^32). */
export function randomBelow(c: Context, n: u32): u32 {
  return <u32>(((nextRandom(c) >> 32) * <u64>n) >> 32);
}
