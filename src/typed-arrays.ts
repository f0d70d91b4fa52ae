// Growing the typed arrays that hold per-slot and per-node state: every table in the store and
// the policies doubles the same way, keeping its contents and filling the new tail.

type GrowableArray = Int8Array | Uint8Array | Int32Array | Uint32Array | Float64Array;

/** A copy of `array` with room for `length` elements; new elements hold `fill` (default 0). */
export function grown<T extends GrowableArray>(array: T, length: number, fill = 0): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  if (fill !== 0) copy.fill(fill, array.length);
  copy.set(array);
  return copy;
}
