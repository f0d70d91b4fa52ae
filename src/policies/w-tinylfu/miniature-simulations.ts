// Miniature simulations that size W-TinyLFU's admission window (Waldspurger, Saemundsson, Ahmad,
// Park, "Cache Modeling and Optimization using Miniature Simulations", USENIX ATC 2017).
//
// Keys whose hash falls under a threshold (a spatial sample at rate R = 2^-k) are replayed
// through a few small W-TinyLFU caches of R × the real cache's entries, one per window share in
// WINDOW_SHARES (from 1 %, TinyLFU-like, to 99 %, LRU-like). Spatial sampling keeps every access
// of a sampled key, so a miniature sees the real cache's reuse pattern scaled down, and its hit
// count estimates what the real cache would get with that window. Every half a miniature's worth
// of sampled accesses, the shares are scored (hits, older periods fading by SCORE_DECAY), and
// the policy moves its window to the best share once that share beats the current one by more
// than chance and by HYSTERESIS. The test of chance is paired: every miniature sees the same
// sampled accesses, so only those on which two shares disagree (one hits, the other misses) tell
// them apart, and the lead must exceed SIGNIFICANCE standard deviations of those (McNemar's
// test). Large caches over short traces are scored on few sampled accesses, and there the
// Poisson spread of whole scores hid leads that every period confirmed (docs/window-evidence.md).
// Caches under PAIRED_MIN_ENTRIES keep the unpaired test (their miniatures are too coarse).
//
// Why not Caffeine's hill climber: it learns from the real cache's own hit rate, one step per
// period, and on recency-skewed traces (sprite, zigzag) it never climbed far enough before the
// trace or the phase ended. The miniatures score every share at once, so the window jumps to the
// right one in one period (the comparison: docs/design-measurements.md, "W-TinyLFU's window").
//
// Cost: a compare per access (the slot's stored hash against the threshold); for a sampled
// access, one Map lookup, a sketch increment, a list move or an admission test in each
// miniature, and one or two histogram increments (the outcomes). R is the largest power of two up to MAX_RATE that keeps a miniature at
// MINI_ENTRIES..2×MINI_ENTRIES entries, so a large cache samples few of its accesses (1 in 64 at
// 10,000 entries, 1 in 4,096 at a million). Memory: shares × 5 + 5 bytes per key held by any
// miniature (at most shares × 255 keys), plus the sketch (4 × 10 one-byte counters per miniature
// entry, rounded up to a power of two), plus 8 bytes per set of shares (512 for the outcomes),
// plus the directory Map: bench/window-memory.mjs counts it (small caches pay the most per entry,
// as they sample 1 key in 4; figures in docs/design-measurements.md). A sketch of 4 rather than 10
// counters per entry saved memory at 1,000 entries but cost hit ratio.
//
// The miniatures count entries, not cost: they hold keys only. The policy tells them the real
// cache's entry count (from its budget and mean cost) and rebuilds them when it drifts by more
// than REBUILD_DRIFT.

/** The window shares the miniatures try (of each miniature's entries). */
export const WINDOW_SHARES: readonly number[] = [0.01, 0.05, 0.2, 0.4, 0.7, 0.99];
/**
 * A miniature holds MINI_ENTRIES..2 × MINI_ENTRIES entries (the real cache's entries × R) when
 * the cache holds 4 × that or more. Against 512: the same mean hit ratio at a quarter of the
 * sampled accesses (docs/design-measurements.md).
 */
export const MINI_ENTRIES = 128;
/**
 * The sample rate's ceiling: even a small cache replays only this share of its keys, so that the
 * miniatures cost at most about 1.5 miniature steps per access; sampling more did not score
 * better (docs/design-measurements.md).
 */
export const MAX_RATE = 1 / 4;
/**
 * Sampled accesses per scoring period, per miniature entry, chosen with SCORE_DECAY (the pair sets
 * how much history counts): short periods with slow fading scored best and switch soonest on
 * zigzag (docs/design-measurements.md).
 */
const PERIOD_PER_ENTRY = 0.5;
/** Each period's hits add to this share of the score so far (older periods fade). */
const SCORE_DECAY = 0.995;
/**
 * The best share must beat the current one by this many standard deviations of the paired
 * difference (√ of the accesses only one of the two hit) before the window moves. Without a
 * test the window flipped between shares whose scores differed by chance, and lost hit ratio
 * (docs/design-measurements.md). The paired spread is far smaller than the Poisson
 * spread of whole scores, and 6 shares are compared at every period: 2 let chance moves through
 * on Zipf traces; 2.5 and 3 do not, and 2.5 moves sooner where a share truly leads
 * (docs/window-evidence.md).
 */
const SIGNIFICANCE = 2.5;
/**
 * Caches of fewer entries than this keep the unpaired test: the best share must beat the current
 * one by POISSON_SIGNIFICANCE standard deviations of the two scores (Poisson: √(a + b)). Their
 * miniatures (1 key in 4, under 192 entries) are coarse models of the cache, and the paired
 * test, which allows for chance only, took their model error for leads: over 8 seeds multi1 @
 * 512 −1.13, sprite @ 100 −0.36, cpp @ 300 −0.30 (docs/window-evidence.md). Short traces over
 * large caches, where evidence is scarce, are what the paired test is for.
 */
const PAIRED_MIN_ENTRIES = 768;
const POISSON_SIGNIFICANCE = 2;
/** … and by this share of the current one's score. */
const HYSTERESIS = 0.005;
/** Rebuild when the real cache's entry count moves this far (a factor) from what the miniatures assumed. */
export const REBUILD_DRIFT = 2;

const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;
/** Share of a miniature's main space that is protected (as the real policy's). */
const PROTECTED_SHARE = 0.8;
/** A victim this frequent counts as established: a candidate must beat it by two (w-tinylfu.ts). */
const ESTABLISHED = 3;

/**
 * A miniature's outcome for an access: bit 1, the first access hit; bit 0, the key is held after
 * it. A miss always keeps the key (the newcomer is the window's MRU entry, never the loser).
 */
const HIT = 3;
const KEPT = 1;

/** The miniatures' count-min sketch: rows, counter ceiling, and a multiplier per row. */
const ROWS = 4;
const COUNTER_MAX = 15;
const ROW_SEEDS = [0x9e3779b1, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f];

export class MiniatureSimulations {
  /** Keys whose hash (low 32 bits, unsigned) is below this are sampled. */
  readonly threshold: number;
  /** The real cache's entry count the miniatures were sized for. */
  readonly entries: number;
  private readonly minis: Miniature[];
  /** Sampled key hash → node id, for every key held by at least one miniature. */
  private readonly directory = new Map<number, number>();
  /** Each node id's key hash, and how many miniatures hold it. */
  private hashes: Uint32Array;
  private holders: Uint8Array;
  private readonly freeIds: number[] = [];
  private nextId = 0;
  /** Node ids addressable now (the lists grow with the keys the miniatures hold). */
  private ids: number;

  private readonly sketch: Uint8Array;
  private readonly sketchShift: number;
  private sketchAdds = 0;
  private readonly sketchPeriod: number;

  /**
   * Sampled accesses by outcome: index m counts the accesses that exactly the miniatures in bit
   * set m hit (older periods fading by SCORE_DECAY). A share's score is the sum over the sets
   * holding its bit; two shares differ only on the sets holding one of their bits.
   */
  private readonly outcomes: Float64Array;
  /** Whether the test of chance is the paired one (PAIRED_MIN_ENTRIES). */
  private readonly paired: boolean;
  /** Each share's score, worked out from `outcomes` when a period ends. */
  private readonly scores: Float64Array;
  private accesses = 0;
  private readonly period: number;

  constructor(entries: number) {
    // An unbounded cache (maxCost Infinity) never evicts: any size will do, so long as it is finite.
    entries = entries >= 1 ? Math.min(entries, 2 ** 52) : 1;
    this.entries = entries;
    let rate = MAX_RATE;
    while (entries * rate >= 2 * MINI_ENTRIES) rate /= 2;
    this.threshold = rate * 2 ** 32;
    const size = Math.max(2, Math.round(entries * rate));
    this.minis = WINDOW_SHARES.map((share) => new Miniature(size, share));
    // Keys held by any miniature: each holds `size`, and they mostly hold the same ones.
    this.ids = 2 * size + 1;
    this.hashes = new Uint32Array(this.ids);
    this.holders = new Uint8Array(this.ids);
    for (const mini of this.minis) mini.reserve(this.ids);
    // 10 counters per entry per row, a power of two, aged every 10 × entries additions (as the
    // real sketch: numCounters = 10 × maxCost).
    let width = 16;
    while (width < 10 * size) width *= 2;
    this.sketchShift = 32 - Math.log2(width);
    this.sketch = new Uint8Array(ROWS * width);
    this.sketchPeriod = 10 * size;
    this.period = Math.max(1, Math.round(PERIOD_PER_ENTRY * size));
    this.outcomes = new Float64Array(1 << this.minis.length);
    this.paired = entries >= PAIRED_MIN_ENTRIES;
    this.scores = new Float64Array(this.minis.length);
  }

  /**
   * Replays `count` accesses of a sampled key (its hash's low 32 bits) in every miniature.
   * Returns the share the window should move to when a period ends and one scores clearly
   * better than `currentShare`; otherwise -1.
   */
  access(hashLo: number, count: number, currentShare: number): number {
    this.increment(hashLo, count);
    let id = this.directory.get(hashLo);
    if (id === undefined) {
      id = this.freeIds.pop() ?? this.newId();
      this.directory.set(hashLo, id);
      this.hashes[id] = hashLo;
    }
    const minis = this.minis;
    // Which miniatures hit the first access, and which hold the key for the `count - 1` after it.
    let firstHits = 0;
    let held = 0;
    for (let i = 0; i < minis.length; i++) {
      const outcome = minis[i]!.access(id, this);
      firstHits |= (outcome >> 1) << i;
      held |= (outcome & 1) << i;
    }
    const outcomes = this.outcomes;
    outcomes[firstHits]!++;
    if (count > 1) outcomes[held]! += count - 1;
    this.accesses += count;
    if (this.accesses < this.period) return -1;
    return this.choose(currentShare);
  }

  /** Forgets every key (the real cache was cleared); the scores start over too. */
  clear(): void {
    for (const mini of this.minis) mini.clear();
    this.directory.clear();
    this.holders.fill(0);
    this.freeIds.length = 0;
    this.nextId = 0;
    this.sketch.fill(0);
    this.sketchAdds = 0;
    this.outcomes.fill(0);
    this.accesses = 0;
  }

  /** A miniature took a node in. */
  hold(id: number): void {
    this.holders[id]!++;
  }

  /** A miniature let go of a node: its id is freed once no miniature holds it. */
  release(id: number): void {
    if (--this.holders[id]! === 0) {
      this.directory.delete(this.hashes[id]!);
      this.freeIds.push(id);
    }
  }

  /** The sketch's estimate of a node's key. */
  frequency(id: number): number {
    const h = this.hashes[id]!;
    const sketch = this.sketch;
    let min = COUNTER_MAX;
    for (let row = 0; row < ROWS; row++) {
      const c = sketch[this.counter(h, row)]!;
      if (c < min) min = c;
    }
    return min;
  }

  private counter(h: number, row: number): number {
    return (row << (32 - this.sketchShift)) + (Math.imul(h, ROW_SEEDS[row]!) >>> this.sketchShift);
  }

  private increment(h: number, count: number): void {
    const sketch = this.sketch;
    for (let row = 0; row < ROWS; row++) {
      const at = this.counter(h, row);
      sketch[at] = Math.min(COUNTER_MAX, sketch[at]! + count);
    }
    // Aging, as the real sketch's: every counter halves after a sample's worth of additions.
    this.sketchAdds += count;
    if (this.sketchAdds >= this.sketchPeriod) {
      this.sketchAdds = 0;
      for (let i = 0; i < sketch.length; i++) sketch[i] = sketch[i]! >>> 1;
    }
  }

  /** A fresh node id, growing every id-indexed array when the miniatures hold more keys than they have room for. */
  private newId(): number {
    if (this.nextId === this.ids) {
      const ids = Math.min(2 * this.ids, this.minis.length * this.minis[0]!.size + 1);
      if (ids + 3 > 0x7fff)
        throw new RangeError('cortado: internal error: miniature node ids outgrew their 16-bit links');
      const hashes = new Uint32Array(ids);
      hashes.set(this.hashes);
      const holders = new Uint8Array(ids);
      holders.set(this.holders);
      this.hashes = hashes;
      this.holders = holders;
      for (const mini of this.minis) mini.reserve(ids);
      this.ids = ids;
    }
    return this.nextId++;
  }

  /**
   * Ends a period: scores the shares and picks the one to move to (or -1 to stay). The test is
   * paired (McNemar's): every miniature saw the same accesses, so the best share's lead over the
   * current one is the accesses only it hit less those only the current one hit, and under chance
   * that difference has a variance of their sum, not of the two scores' sum.
   */
  private choose(currentShare: number): number {
    this.accesses = 0;
    const outcomes = this.outcomes;
    const scores = this.scores;
    const shares = scores.length;
    scores.fill(0);
    for (let set = 1; set < outcomes.length; set++) {
      const n = outcomes[set]!;
      if (n === 0) continue;
      for (let i = 0; i < shares; i++) if ((set >> i) & 1) scores[i]! += n;
    }
    let best = 0;
    let current = 0;
    for (let i = 0; i < shares; i++) {
      if (scores[i]! > scores[best]!) best = i;
      if (Math.abs(WINDOW_SHARES[i]! - currentShare) < Math.abs(WINDOW_SHARES[current]! - currentShare)) current = i;
    }
    let onlyBest = 0;
    let onlyCurrent = 0;
    for (let set = 1; set < outcomes.length; set++) {
      const n = outcomes[set]!;
      const hitBest = (set >> best) & 1;
      const hitCurrent = (set >> current) & 1;
      if (hitBest > hitCurrent) onlyBest += n;
      else if (hitCurrent > hitBest) onlyCurrent += n;
      outcomes[set] = SCORE_DECAY * n;
    }
    const lead = onlyBest - onlyCurrent;
    const spread = this.paired
      ? SIGNIFICANCE * Math.sqrt(onlyBest + onlyCurrent)
      : POISSON_SIGNIFICANCE * Math.sqrt(scores[best]! + scores[current]!);
    if (lead <= HYSTERESIS * scores[current]! || lead < spread) return -1;
    return WINDOW_SHARES[best]!;
  }
}

/**
 * One miniature W-TinyLFU of unit costs: a window LRU, then probation and protected LRUs. Its
 * own doubly linked lists over the shared node ids, written out rather than through SlotList:
 * a sampled access steps every miniature, and method calls and length reads were most of that
 * step's time.
 */
class Miniature {
  // 16-bit links: a miniature holds under 2 × MINI_ENTRIES keys, so node ids stay below
  // shares × 2 × MINI_ENTRIES + 4 (RangeError in newId() otherwise).
  private prev: Int16Array;
  private next: Int16Array;
  /** Each node's segment (WINDOW, PROBATION, PROTECTED), or -1 when not held. */
  private segment: Int8Array;
  /** The three sentinels' ids: `ids + segment`. */
  private ids = 0;
  private readonly lengths = new Int32Array(3);
  private readonly windowMax: number;
  private readonly protectedMax: number;

  constructor(
    readonly size: number,
    share: number,
  ) {
    this.windowMax = Math.max(1, Math.round(share * size));
    this.protectedMax = Math.floor(PROTECTED_SHARE * (size - this.windowMax));
    this.prev = new Int16Array(3);
    this.next = new Int16Array(3);
    this.segment = new Int8Array(0);
    this.clear();
  }

  /** Makes node ids below `ids` addressable, keeping every list. */
  reserve(ids: number): void {
    const old = this.ids;
    const prev = new Int16Array(ids + 3);
    const next = new Int16Array(ids + 3);
    // Sentinels move from old + s to ids + s.
    const moved = (v: number) => (v >= old ? v - old + ids : v);
    for (let i = 0; i < old + 3; i++) {
      const to = i >= old ? i - old + ids : i;
      prev[to] = moved(this.prev[i]!);
      next[to] = moved(this.next[i]!);
    }
    const segment = new Int8Array(ids).fill(-1);
    segment.set(this.segment);
    this.prev = prev;
    this.next = next;
    this.segment = segment;
    this.ids = ids;
  }

  clear(): void {
    this.segment.fill(-1);
    for (let s = 0; s < 3; s++) {
      const sentinel = this.ids + s;
      this.prev[sentinel] = sentinel;
      this.next[sentinel] = sentinel;
    }
    this.lengths.fill(0);
  }

  /**
   * Accesses of a node (one or more in a row): hits if it is held; else a miss that inserts it,
   * then hits. Returns HIT (held, so every access hit) or KEPT (the first missed, the rest hit).
   */
  access(id: number, owner: MiniatureSimulations): number {
    const segment = this.segment[id]!;
    if (segment < 0) {
      this.insert(id, owner);
      return KEPT;
    }
    if (segment !== PROBATION) {
      this.unlink(id);
      this.pushHead(id, segment);
      return HIT;
    }
    this.unlink(id);
    this.pushHead(id, PROTECTED);
    if (this.lengths[PROTECTED]! > this.protectedMax) {
      const demoted = this.prev[this.ids + PROTECTED]!;
      this.unlink(demoted);
      this.pushHead(demoted, PROBATION);
    }
    return HIT;
  }

  /**
   * A miss: the key enters the window; the window's overflow faces probation's LRU entry by
   * frequency, as in the real policy (w-tinylfu.ts, admit). The key stays: the window held at most
   * windowMax >= 1 entries before it, so its overflow (the candidate) is an older entry.
   */
  private insert(id: number, owner: MiniatureSimulations): void {
    owner.hold(id);
    this.pushHead(id, WINDOW);
    const lengths = this.lengths;
    if (lengths[WINDOW]! <= this.windowMax) return;
    const candidate = this.prev[this.ids + WINDOW]!;
    this.unlink(candidate);
    this.pushHead(candidate, PROBATION);
    if (lengths[WINDOW]! + lengths[PROBATION]! + lengths[PROTECTED]! <= this.size) return;
    let victim = this.prev[this.ids + PROBATION]!;
    // Probation held only the candidate: protected's LRU entry is the victim.
    if (victim === candidate) victim = this.prev[this.ids + PROTECTED]!;
    let loser = candidate;
    if (victim < this.ids) {
      const victimFrequency = owner.frequency(victim);
      const bar = victimFrequency >= ESTABLISHED ? victimFrequency + 1 : victimFrequency;
      if (owner.frequency(candidate) > bar) loser = victim;
    }
    this.unlink(loser);
    owner.release(loser);
  }

  private pushHead(id: number, segment: number): void {
    const sentinel = this.ids + segment;
    const head = this.next[sentinel]!;
    this.next[id] = head;
    this.prev[id] = sentinel;
    this.prev[head] = id;
    this.next[sentinel] = id;
    this.segment[id] = segment;
    this.lengths[segment]!++;
  }

  private unlink(id: number): void {
    const p = this.prev[id]!;
    const n = this.next[id]!;
    this.next[p] = n;
    this.prev[n] = p;
    this.lengths[this.segment[id]!]!--;
    this.segment[id] = -1;
  }
}
