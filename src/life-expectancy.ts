// How long evicted entries lived: ristretto's LifeExpectancySeconds histogram, in milliseconds.
// Each resident slot keeps the clock time its key was added (an update keeps it: a key's life
// runs from its insertion to its eviction, as in ristretto); a capacity eviction adds the
// entry's age to a histogram of power-of-two buckets. Expirations, deletes and clears are not
// lives cut short by the budget, so they are not counted (ristretto counts evictions only too).
//
// Opt-in (the `lifeExpectancy` option): it needs a clock reading in every set() (one per call,
// taken before anything changes, shared with TTLs when the call has one), and performance.now()
// is a large share of a set() that evicts (docs/design-measurements.md, "Life expectancy is
// opt-in"); and 8 bytes per slot. See README.

/** A histogram of lifetimes, as plain data (JSON-serializable). */
export interface LifeExpectancy {
  /**
   * Upper bounds of the buckets in ms, inclusive (Prometheus' `le`): 1, 2, 4, … 2^31 (~24.9
   * days). A lifetime `t` falls in the first bucket whose bound is >= t.
   */
  bounds: number[];
  /**
   * Entries per bucket (not cumulative), one more than `bounds`: the last counts lifetimes
   * above the last bound.
   */
  counts: number[];
  /** Lifetimes recorded (capacity evictions since the cache was made or stats were reset). */
  count: number;
  /** Their sum in ms. */
  sum: number;
  /** The shortest and longest in ms (0 when count is 0). */
  min: number;
  max: number;
  /** sum / count in ms (0 when count is 0). */
  mean: number;
}

/**
 * Buckets: bounds 2^0 … 2^MAX_EXPONENT ms, then one for everything longer. A bucket holds the
 * lifetimes above the bound before it and up to its own (Prometheus' `le`); ristretto's, with
 * bounds 2^1 … 2^16 seconds, include their lower bound instead.
 */
const MAX_EXPONENT = 31;
const BOUNDS: readonly number[] = /* @__PURE__ */ Array.from({ length: MAX_EXPONENT + 1 }, (_, i) => 2 ** i);

/** The bucket of a lifetime in ms: the first i with t <= 2^i, MAX_EXPONENT + 1 past the last. */
export function bucketOf(t: number): number {
  if (t <= 1) return 0;
  if (t > BOUNDS[MAX_EXPONENT]!) return MAX_EXPONENT + 1;
  // ceil(log2(t)) without a logarithm: t in (2^(i-1), 2^i] has ceil(t) - 1 in [2^(i-1), 2^i - 1].
  return 32 - Math.clz32(Math.ceil(t) - 1);
}

export class Lifetimes {
  /**
   * The current call's clock reading: the store sets it before it changes anything (a clock that
   * throws then changes nothing), and the call's insert and evictions are timed by it.
   */
  now = 0;
  /** Per slot: when its key was added, in clock ms. */
  private born: Float64Array;
  private readonly counts = new Float64Array(MAX_EXPONENT + 2);
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = 0;

  constructor(capacity: number) {
    this.born = new Float64Array(capacity);
  }

  /** Makes slots below `capacity` addressable (the store grew). */
  reserve(capacity: number): void {
    if (capacity <= this.born.length) return;
    const born = new Float64Array(capacity);
    born.set(this.born);
    this.born = born;
  }

  /** A key was added in `slot`, now. */
  added(slot: number): void {
    this.born[slot] = this.now;
  }

  /** The entry in `slot` was evicted for room, now. */
  evicted(slot: number): void {
    let age = this.now - this.born[slot]!;
    if (!(age > 0)) age = 0; // a clock that stepped back: an age of 0, never a negative one
    this.counts[bucketOf(age)]++;
    this.count++;
    this.sum += age;
    if (age < this.min) this.min = age;
    if (age > this.max) this.max = age;
  }

  snapshot(): LifeExpectancy {
    const count = this.count;
    return {
      bounds: BOUNDS.slice(),
      counts: Array.from(this.counts),
      count,
      sum: this.sum,
      min: count === 0 ? 0 : this.min,
      max: this.max,
      mean: count === 0 ? 0 : this.sum / count,
    };
  }

  /** Forgets the recorded lifetimes (resetStats); resident entries keep their birth times. */
  reset(): void {
    this.counts.fill(0);
    this.count = this.sum = this.max = 0;
    this.min = Infinity;
  }
}

/**
 * The lifetime at or below which a fraction `p` (0..1) of the recorded ones fall, estimated as
 * ristretto's HistogramData.Percentile does: the upper bound of the bucket where the running
 * count reaches p × count. Unlike ristretto's, the answer never exceeds the longest lifetime
 * recorded (`max`, which also answers for the unbounded last bucket), and an empty histogram
 * answers 0 (ristretto's answers its first bound).
 */
export function percentile(histogram: LifeExpectancy, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`cortado: percentile p must be a number from 0 to 1, got ${String(p)}`);
  }
  if (histogram.count === 0) return 0;
  const target = p * histogram.count;
  let running = 0;
  for (let i = 0; i < histogram.counts.length; i++) {
    running += histogram.counts[i]!;
    if (running >= target && running > 0) return Math.min(histogram.bounds[i] ?? histogram.max, histogram.max);
  }
  return histogram.max;
}
