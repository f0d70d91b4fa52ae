// A keyed 64-bit hash over a string's UTF-8 bytes, 16 bytes per step: the candidate for long
// string keys, where a JavaScript loop pays one charCodeAt per UTF-16 unit. JavaScript writes
// the string into this module's memory at INPUT with TextEncoder.encodeInto and calls
// hashBytes. Measured against the JavaScript hasher by bench/hash-strings.ts.
//
// The construction follows src/key-hash.ts: the seed sets the lanes' starting states and both
// multipliers before any input is absorbed, and each step is absorb, multiply, rotate by half
// the word, multiply, so a difference in one word's top bit cannot be cancelled by the next
// word under every seed. Two lanes take alternate words so their multiplies overlap.

/** Where the hash's high half is left (JavaScript reads it after hashBytes). */
export const RESULT: usize = 0;
/** Where JavaScript writes the string's bytes. */
export const INPUT: usize = 64;

let k1: u64 = 1;
let k2: u64 = 1;
let startA: u64 = 0;
let startB: u64 = 0;

/** Murmur3's fmix64: a bijection with full avalanche. */
// @ts-ignore: decorator
@inline
function mix64(x: u64): u64 {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccd;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53;
  x ^= x >> 33;
  return x;
}

// @ts-ignore: decorator
@inline
function step(x: u64, word: u64): u64 {
  x = (x ^ word) * k1;
  return rotr<u64>(x, 32) * k2;
}

/** Keys the hash: odd multipliers and starting states derived from the 64-bit seed. */
export function seed(lo: u32, hi: u32): void {
  const s = (<u64>hi << 32) | <u64>lo;
  k1 = mix64(s ^ 0x9e3779b97f4a7c15) | 1;
  k2 = mix64(s ^ 0x6a09e667f3bcc909) | 1;
  startA = mix64(s ^ 0xbb67ae8584caa73b);
  startB = mix64(s ^ 0x3c6ef372fe94f82b);
}

/**
 * Hashes `bytes` bytes at INPUT; `units` (the string's UTF-16 length) is folded in beside the
 * byte count. Returns the low 32 bits and leaves the high 32 at RESULT.
 */
export function hashBytes(bytes: i32, units: i32): u32 {
  let a = startA;
  let b = startB;
  let p = INPUT;
  const end = INPUT + <usize>bytes;
  for (; p + 16 <= end; p += 16) {
    a = step(a, load<u64>(p));
    b = step(b, load<u64>(p, 8));
  }
  if (p + 8 <= end) {
    a = step(a, load<u64>(p));
    p += 8;
  }
  if (p < end) {
    // The last 1..7 bytes, zero-padded (the byte count folded in below tells the lengths apart).
    let tail: u64 = 0;
    for (let shift: u64 = 0; p < end; p++, shift += 8) tail |= <u64>load<u8>(p) << shift;
    b = step(b, tail);
  }
  a ^= (<u64>units << 32) | <u64>bytes;
  b = mix64(b + a * 0x9e3779b97f4a7c15);
  a = mix64(a + b * 0xc2b2ae3d27d4eb4f);
  store<u32>(RESULT, <u32>(a >> 32));
  return <u32>a;
}

/**
 * Whether the `bytes` bytes at INPUT hold U+FFFD (EF BF BD): TextEncoder writes it for a lone
 * surrogate, so two different strings can share those bytes; such strings take the JavaScript
 * hash instead (a choice that depends on the string alone, so equal keys still hash alike).
 */
export function hasReplacement(bytes: i32): bool {
  const end = INPUT + <usize>bytes;
  for (let p = INPUT; p + 3 <= end; p++) {
    if (load<u8>(p) == 0xef && load<u8>(p, 1) == 0xbf && load<u8>(p, 2) == 0xbd) return true;
  }
  return false;
}
