// The mutants `npm run mutate:wasm` plants in the AssemblyScript core (scripts/verify/mutation/
// wasm-mutants.mjs), written by hand because StrykerJS cannot parse AssemblyScript. Each is a
// small, realistic bug in W-TinyLFU's rules (assembly/w-tinylfu.ts), the count-min sketch
// (assembly/sketch.ts) or the doorkeeper (assembly/doorkeeper.ts): `find` must occur exactly
// once in `file`, and is replaced by `replace`. Ids are stable: docs/mutation-testing.md names
// the survivors by them.

/** @typedef {{ id: string; file: string; find: string; replace: string; description: string }} WasmMutant */

const W = 'assembly/w-tinylfu.ts';
const S = 'assembly/sketch.ts';
const D = 'assembly/doorkeeper.ts';

/** @type {WasmMutant[]} */
export const MUTANTS = [
  // ── admission ───────────────────────────────────────────────────────────────────────
  {
    id: 'admit-ties',
    file: W,
    find: 'if (candidateFrequency > bar) return true;',
    replace: 'if (candidateFrequency >= bar) return true;',
    description: 'a candidate that only ties the bar is admitted (`>` → `>=`)',
  },
  {
    id: 'admit-no-established-bar',
    file: W,
    find: 'const bar = victimFrequency >= w.established ? victimFrequency + 1 : victimFrequency;',
    replace: 'const bar = victimFrequency;',
    description: 'an established victim need not be beaten by two',
  },
  {
    id: 'admit-established-late',
    file: W,
    find: 'victimFrequency >= w.established ?',
    replace: 'victimFrequency > w.established ?',
    description: 'a victim counts as established one access later (`>=` → `>`)',
  },
  {
    id: 'admit-warm-bound',
    file: W,
    find: 'if (candidateFrequency < w.admitWarm) return false;',
    replace: 'if (candidateFrequency <= w.admitWarm) return false;',
    description: 'a candidate exactly at ADMIT_WARM never gets the random admission (`<` → `<=`)',
  },
  {
    id: 'admit-warm-never',
    file: W,
    find: 'return (draw(c, w) & 127) == 0;',
    replace: 'return false;',
    description: 'warm candidates are never randomly admitted',
  },
  {
    id: 'admit-warm-1-in-64',
    file: W,
    find: 'return (draw(c, w) & 127) == 0;',
    replace: 'return (draw(c, w) & 63) == 0;',
    description: 'the warm admission is 1 in 64, not 1 in 128',
  },
  {
    id: 'draw-state-kept',
    file: W,
    find: '  w.random = x;\n  return x;',
    replace: '  return x;',
    description: 'the random state never advances (every draw is the first)',
  },
  {
    id: 'admit-no-flush',
    file: W,
    find: '  // candidates may face one victim in a round; any record since resets estimatedSlot).\n  flushRing(c, w);\n',
    replace: '  // candidates may face one victim in a round; any record since resets estimatedSlot).\n',
    description: 'the estimates are read without the buffered accesses recorded first',
  },
  {
    id: 'stale-estimate-after-detach',
    file: W,
    find: '  if (slot == w.estimatedSlot) w.estimatedSlot = -1;\n',
    replace: '',
    description: "a slot that left keeps its saved estimate, which its slot's next key then reuses",
  },
  // ── the eviction round ──────────────────────────────────────────────────────────────
  {
    id: 'victim-probation-mru',
    file: W,
    find: '  w.victim = tailOf(w, PROBATION);',
    replace: '  w.victim = load<i32>(headAt(w, PROBATION));',
    description: "the first victim is probation's MRU entry, not its LRU entry",
  },
  {
    id: 'victim-protected-first',
    file: W,
    find: '  w.victimQueue = PROBATION;\n  w.victim = tailOf(w, PROBATION);',
    replace: '  w.victimQueue = PROTECTED;\n  w.victim = tailOf(w, PROTECTED);',
    description: 'victims come from protected before probation',
  },
  {
    id: 'victim-next-older',
    file: W,
    find: '        evicted = victim;\n        victim = newer(w, victim);\n        detach(w, evicted);',
    replace: '        evicted = victim;\n        victim = older(w, victim);\n        detach(w, evicted);',
    description: "after an admission the next victim is the evicted one's older neighbour (none), not its newer",
  },
  {
    id: 'no-window-competitor',
    file: W,
    find: '    if (candidates <= 0) candidate = tailOf(w, WINDOW);\n',
    replace: '',
    description: "with no candidates left, the window's LRU entry does not compete: probation's victim just goes",
  },
  {
    id: 'candidate-max-cost',
    file: W,
    find: 'costOf(w, candidate) > w.maxCost',
    replace: 'costOf(w, candidate) >= w.maxCost',
    description: 'a candidate costing exactly maxCost is taken for one that can never fit (`>` → `>=`)',
  },
  // ── window, probation, protected ────────────────────────────────────────────────────
  {
    id: 'spill-at-max',
    file: W,
    find: 'while (moved < limit && w.cost0 > w.windowMax) {',
    replace: 'while (moved < limit && w.cost0 >= w.windowMax) {',
    description: 'the window spills when it is exactly full, not only when over (`>` → `>=`)',
  },
  {
    id: 'spill-to-probation-lru',
    file: W,
    find: '  unlink(w, slot);\n  pushHead(w, slot, to);',
    replace: '  unlink(w, slot);\n  pushTail(w, slot, to);',
    description: "window overflow and demoted entries enter probation's LRU end, not its MRU end",
  },
  {
    id: 'no-promotion',
    file: W,
    find: '  if (cost > w.protectedMax) {\n    moveToHead(w, slot, PROBATION);',
    replace: '  if (true) {\n    moveToHead(w, slot, PROBATION);',
    description: 'a probation hit is never promoted to protected',
  },
  {
    id: 'promotion-no-demotion',
    file: W,
    find: '  w.cost2 += cost;\n  demoteProtected(w);\n}',
    replace: '  w.cost2 += cost;\n}',
    description: "a promotion never demotes protected's overflow: protected grows past its share",
  },
  {
    id: 'demote-at-max',
    file: W,
    find: 'while (w.cost2 > w.protectedMax) {',
    replace: 'while (w.cost2 >= w.protectedMax) {',
    description: 'protected demotes when exactly full (`>` → `>=`)',
  },
  {
    id: 'protected-share-of-budget',
    file: W,
    find: 'w.protectedMax = PROTECTED_SHARE * (w.budget - windowMax);',
    replace: 'w.protectedMax = PROTECTED_SHARE * w.budget;',
    description: "protected's maximum is 80 % of the whole budget, not of the main space",
  },
  {
    id: 'protected-share-90',
    file: W,
    find: 'const PROTECTED_SHARE: f64 = 0.8;',
    replace: 'const PROTECTED_SHARE: f64 = 0.9;',
    description: 'protected holds 90 % of the main space, not 80 %',
  },
  {
    id: 'window-rounded-down',
    file: W,
    find: 'maxCost - Math.floor((1 - w.windowFrac) * maxCost)',
    replace: 'Math.floor(w.windowFrac * maxCost)',
    description: "the initial window is windowFrac × maxCost rounded down, not up (main's share rounded down)",
  },
  {
    id: 'grow-window-at-head',
    file: W,
    find: '    unlink(w, slot);\n    pushTail(w, slot, WINDOW);',
    replace: '    unlink(w, slot);\n    pushHead(w, slot, WINDOW);',
    description: "a growing window takes main's LRU entries as its newest, not its oldest",
  },
  {
    id: 'resize-one-batch',
    file: W,
    find: 'w.resizing = moved == limit ? 1 : 0;',
    replace: 'w.resizing = 0;',
    description: 'a resize stops after its first batch of moves (later inserts move nothing)',
  },
  {
    id: 'update-cost-not-accounted',
    file: W,
    find: '    addCost(w, ownerOf(w, slot), cost - previous);\n',
    replace: '',
    description: "an update's cost change is not added to its segment's total",
  },
  // ── deferred hits ───────────────────────────────────────────────────────────────────
  {
    id: 'drain-forgotten-slots',
    file: W,
    find: '    if (m == 0) continue; // forgotten\n',
    replace: '',
    description: 'the drain applies slots whose marks were forgotten (deleted or evicted since their hit)',
  },
  {
    id: 'drain-reverse-order',
    file: W,
    find: 'if (load<u32>(marks + (<usize>other << 2)) <= m) break;',
    replace: 'if (load<u32>(marks + (<usize>other << 2)) >= m) break;',
    description: 'the insertion sort orders the batch by last hit descending (newest applied first)',
  },
  {
    id: 'drain-one-record',
    file: W,
    find: 'const times = m & COUNT_MASK;',
    replace: 'const times: u32 = 1;',
    description: "a slot's pending hits are recorded in the sketch once, whatever their count",
  },
  {
    id: 'radix-no-copy-back',
    file: W,
    find: '  if (from != keys) memory.copy(keys, from, <usize>n << 2);',
    replace: '',
    description: 'after an odd number of radix passes the sorted order is left in the scratch buffer',
  },
  {
    id: 'detach-keeps-mark',
    file: W,
    find: '  store<u32>(w.marks + (<usize>slot << 2), 0);\n  if (slot == w.estimatedSlot)',
    replace: '  if (slot == w.estimatedSlot)',
    description: 'a slot that leaves keeps its pending mark (its next key inherits the hits)',
  },
  {
    id: 'clear-keeps-marks',
    file: W,
    find: '  memory.fill(w.marks, 0, n << 2);\n',
    replace: '',
    description: 'clear() keeps the pending marks',
  },
  // ── the count-min sketch ────────────────────────────────────────────────────────────
  {
    id: 'sketch-not-conservative',
    file: S,
    find: '        if (c0 == least) store<u64>(w0, load<u64>(w0) + (<u64>1 << s0));\n        if (c1 == least) store<u64>(w1, load<u64>(w1) + (<u64>1 << s1));\n        if (c2 == least) store<u64>(w2, load<u64>(w2) + (<u64>1 << s2));\n        if (c3 == least) store<u64>(w3, load<u64>(w3) + (<u64>1 << s3));',
    replace:
      '        if (c0 < 15) store<u64>(w0, load<u64>(w0) + (<u64>1 << s0));\n        if (c1 < 15) store<u64>(w1, load<u64>(w1) + (<u64>1 << s1));\n        if (c2 < 15) store<u64>(w2, load<u64>(w2) + (<u64>1 << s2));\n        if (c3 < 15) store<u64>(w3, load<u64>(w3) + (<u64>1 << s3));',
    description: 'every row grows on an increment (a plain count-min update, not the conservative one)',
  },
  {
    id: 'sketch-overflow',
    file: S,
    find: 'if (least < 15) {',
    replace: 'if (least <= 15) {',
    description: 'a counter at 15 is incremented (it wraps into its neighbour)',
  },
  {
    id: 'sketch-age-late',
    file: S,
    find: 'if (++additions >= sampleSize) {',
    replace: 'if (++additions > sampleSize) {',
    description: 'the sketch ages one access after sampleSize (`>=` → `>`)',
  },
  {
    id: 'sketch-never-ages',
    file: S,
    find: '    if (++additions >= sampleSize) {\n      sketchReset(c);\n      additions = 0;\n    }',
    replace: '    ++additions;',
    description: 'the sketch never ages',
  },
  {
    id: 'reset-mask-leaks',
    file: S,
    find: 'const RESET_MASK: u64 = 0x7777777777777777;',
    replace: 'const RESET_MASK: u64 = 0xffffffffffffffff;',
    description: "halving leaks each counter's low bit into its neighbour's top bit",
  },
  {
    id: 'reset-every-other-word',
    file: S,
    find: 'for (let p = c.table; p < end; p += 8) {',
    replace: 'for (let p = c.table; p < end; p += 16) {',
    description: 'aging halves every other word of the table',
  },
  {
    id: 'reset-keeps-doorkeeper',
    file: S,
    find: '  doorkeeperClear(c);\n  c.additions = 0;\n  c.resets++;',
    replace: '  c.additions = 0;\n  c.resets++;',
    description: 'aging does not clear the doorkeeper',
  },
  {
    id: 'rows-share-counter',
    file: S,
    find: 'return ((m >> (row * 5 + 1)) & 15) << 2;',
    replace: 'return ((m >> 1) & 15) << 2;',
    description: "every row picks its counter with the same bits of the mix (rows' collisions coincide)",
  },
  {
    id: 'estimate-ignores-doorkeeper',
    file: S,
    find: 'return c.bits != 0 && doorkeeperContains(c, h) ? m + 1 : m;',
    replace: 'return m;',
    description: "the estimate leaves out the doorkeeper's one",
  },
  {
    id: 'sketch-grow-restarts',
    file: S,
    find: 'if (c.additions == 0 && c.resets == 0) {\n    // Nothing recorded yet (a new cache',
    replace: 'if (true) {\n    // Nothing recorded yet (a new cache',
    description: 'a growing sketch starts from a fresh table even after accesses were recorded',
  },
  {
    id: 'sketch-double-half-copy',
    file: S,
    find: '    memory.copy(to + 64, old + from, 64);\n',
    replace: '',
    description: 'doubling copies each block only into the first of its two new places',
  },
  // ── the doorkeeper ──────────────────────────────────────────────────────────────────
  {
    id: 'doorkeeper-always-seen',
    file: D,
    find: '    if ((b & m) == 0) {\n      seen = false;\n',
    replace: '    if ((b & m) == 0) {\n',
    description: "a key's first sighting already counts as seen (the doorkeeper filters nothing)",
  },
  {
    id: 'doorkeeper-one-probe',
    file: D,
    find: '  for (let i: u32 = 0; i < PROBES; i++) {\n    const bit = (h1 + i * h2) & mask;\n    if ((load<u8>',
    replace: '  for (let i: u32 = 0; i < 1; i++) {\n    const bit = (h1 + i * h2) & mask;\n    if ((load<u8>',
    description: 'a lookup tests one of the seven bits',
  },
  {
    id: 'doorkeeper-grow-half-copy',
    file: D,
    find: '    memory.copy(bits + bytes, c.bits, bytes);\n',
    replace: '',
    description: 'a growing doorkeeper copies its bits into the lower half only',
  },
];
