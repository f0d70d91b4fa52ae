// ARC and W-TinyLFU replayed side by side over one trace at one size: on which accesses one hits
// and the other misses, and for those ARC hits and W-TinyLFU misses, what the key was: how long
// since its last access, how often it had been read, which ARC list held it, and how W-TinyLFU
// lost it (left right after the window, i.e. refused by admission, or admitted and evicted
// later). docs/window-evidence.md, part 3, reports it. A diagnostic: it reads both policies'
// private state through Reflect.
//
//   npx tsx bench/sim/arc-vs-wtinylfu.ts --trace lirs-cpp --size 100 [--window 0.01] [--seed 1]
//
// Without --window, W-TinyLFU is the default (adaptive window); with it, a fixed window share.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Cache } from '../../src/index.js';
import { TRACES_DIR } from './paths.js';
import { loadTrace, traceName } from './trace.js';

function option(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : process.argv[at + 1];
  if (value === undefined) throw new Error(`arc-vs-wtinylfu: --${name} is required`);
  return value;
}

const name = option('trace');
const size = Number(option('size'));
if (!Number.isInteger(size) || size < 1) throw new Error('arc-vs-wtinylfu: --size must be a positive integer');
const window = process.argv.includes('--window') ? Number(option('window')) : undefined;
if (window !== undefined && !(window >= 0 && window <= 1))
  throw new Error('arc-vs-wtinylfu: --window must be a fraction from 0 to 1');
const seed = Number(option('seed', '1'));
const file = readdirSync(TRACES_DIR).find((f) => traceName(f) === name);
if (file === undefined) throw new Error(`arc-vs-wtinylfu: no trace named "${name}" in ${TRACES_DIR}`);
const keys = (await loadTrace(resolve(TRACES_DIR, file))).keys;

/** W-TinyLFU's misses so far, and each resident key's miss count when it was inserted. */
let tinyMisses = 0;
const insertedAt = new Map<number, number>();
/** How W-TinyLFU lost each key it no longer holds: the misses between its insert and its removal. */
const lifetime = new Map<number, number>();
/** Every removal, as the accesses ARC alone hit are classified below. */
let removedSoon = 0;
let removedLater = 0;
const leave = (key: number) => {
  const lived = tinyMisses - (insertedAt.get(key) ?? tinyMisses);
  lifetime.set(key, lived);
  insertedAt.delete(key);
  if (lived <= refusedWithin()) removedSoon++;
  else removedLater++;
};
/** A key removed within this many misses of its insert left with the window's overflow: admission refused it. */
const refusedWithin = () => Math.max(1, tinyPolicy.windowShare * size) + 1;
// Assigned once the cache exists; leave() reads it.
let tinyPolicy: { windowShare: number };
const tiny = new Cache<number, number>({
  maxCost: size,
  policy: window === undefined ? 'w-tinylfu' : { name: 'w-tinylfu', windowFrac: window, adaptive: false },
  seed,
  onEvict: leave,
  onReject: leave,
});
tinyPolicy = Reflect.get(tiny, 'policy') as { windowShare: number };
// Each admission test W-TinyLFU makes: the candidate's and the victim's sketch estimates and how
// long ago the victim was last read, kept for the candidate's key when it loses.
const tinySlots = Reflect.get(tiny, 'map') as Map<number, number>;
const keyOfSlot: number[] = [];
const kernels = Reflect.get(tinyPolicy, 'kernels') as { slotEstimate(slot: number): number };
const admit = Reflect.get(tinyPolicy, 'admit') as (candidate: number, victim: number) => boolean;
interface Refusal {
  candidate: number;
  victim: number;
  victimIdle: number;
}
const refusals = new Map<number, Refusal>();
let now = 0;
Reflect.set(tinyPolicy, 'admit', function (this: unknown, candidate: number, victim: number): boolean {
  const admitted = admit.call(this, candidate, victim);
  if (!admitted) {
    const victimKey = keyOfSlot[victim]!;
    refusals.set(keyOfSlot[candidate]!, {
      candidate: kernels.slotEstimate(candidate),
      victim: kernels.slotEstimate(victim),
      victimIdle: now - lastSeen.get(victimKey)!,
    });
  }
  return admitted;
});
const arc = new Cache<number, number>({ maxCost: size, policy: 'arc', seed });
const arcPolicy = Reflect.get(arc, 'policy') as { hint(slot: number): { segment: string } };
const arcSlots = Reflect.get(arc, 'map') as Map<number, number>;

const lastSeen = new Map<number, number>();
const reads = new Map<number, number>();
let arcHits = 0;
let tinyHits = 0;
let onlyTiny = 0;
let windowSum = 0;
/** Accesses ARC hit and W-TinyLFU missed, counted by each of the keys' traits. */
const onlyArc = {
  all: 0,
  byGap: new Map<string, number>(),
  byReads: new Map<string, number>(),
  byList: new Map<string, number>(),
  byLoss: new Map<string, number>(),
  byEstimates: new Map<string, number>(),
  byVictimIdle: new Map<string, number>(),
};
const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const gapBucket = (gap: number) => {
  const c = gap / size;
  return c < 0.5 ? '< 0.5 c' : c < 1 ? '0.5-1 c' : c < 2 ? '1-2 c' : c < 4 ? '2-4 c' : '>= 4 c';
};
const estimateBucket = (n: number) => (n < 4 ? String(n) : n < 8 ? '4-7' : '8+');
const readsBucket = (n: number) => (n === 1 ? '1' : n === 2 ? '2' : n < 8 ? '3-7' : '8+');

for (let i = 0; i < keys.length; i++) {
  const key = keys[i]!;
  now = i;
  const slot = arcSlots.get(key);
  const list = slot === undefined ? '' : arcPolicy.hint(slot).segment;
  const arcHit = arc.get(key) !== undefined;
  if (!arcHit) arc.set(key, 1);
  const tinyHit = tiny.get(key) !== undefined;
  if (!tinyHit) {
    tinyMisses++;
    insertedAt.set(key, tinyMisses);
    tiny.set(key, 1);
    const slot = tinySlots.get(key);
    if (slot !== undefined) keyOfSlot[slot] = key;
  }
  windowSum += tinyPolicy.windowShare;
  if (arcHit) arcHits++;
  if (tinyHit) tinyHits++;
  if (tinyHit && !arcHit) onlyTiny++;
  if (arcHit && !tinyHit) {
    onlyArc.all++;
    add(onlyArc.byGap, gapBucket(i - lastSeen.get(key)!));
    add(onlyArc.byReads, readsBucket(reads.get(key)!));
    add(onlyArc.byList, list);
    // A key that left within about a window's worth of misses after its insert never got past
    // admission; one that stayed longer was admitted and evicted from the main space later.
    const lived = lifetime.get(key) ?? 0;
    add(onlyArc.byLoss, lived <= refusedWithin() ? 'refused at admission' : 'admitted, evicted later');
    const refusal = refusals.get(key);
    if (lived <= refusedWithin() && refusal !== undefined) {
      add(onlyArc.byEstimates, `${estimateBucket(refusal.candidate)} vs ${estimateBucket(refusal.victim)}`);
      add(onlyArc.byVictimIdle, gapBucket(refusal.victimIdle));
    }
  }
  lastSeen.set(key, i);
  reads.set(key, (reads.get(key) ?? 0) + 1);
}

const pct = (n: number, of = keys.length) => `${((100 * n) / of).toFixed(2)} %`;
console.log(`${name} @ ${size}, W-TinyLFU ${window === undefined ? 'adaptive' : `window ${window}`}, seed ${seed}`);
console.log(
  `ARC ${pct(arcHits)}, W-TinyLFU ${pct(tinyHits)} (mean window share ${(windowSum / keys.length).toFixed(2)})`,
);
console.log(
  `accesses only ARC hit: ${onlyArc.all} (${pct(onlyArc.all)}); only W-TinyLFU hit: ${onlyTiny} (${pct(onlyTiny)})`,
);
const table = (title: string, m: Map<string, number>) => {
  console.log(`\n| ${title} | only ARC hit | share |\n|---|---:|---:|`);
  for (const [k, n] of [...m].sort((a, b) => b[1] - a[1])) console.log(`| ${k} | ${n} | ${pct(n, onlyArc.all)} |`);
};
table('requests since the last access (c = cache size)', onlyArc.byGap);
table('reads of the key before', onlyArc.byReads);
table('ARC list at the hit', onlyArc.byList);
table('how W-TinyLFU lost it', onlyArc.byLoss);
table('refused: candidate vs victim estimate (last refusal)', onlyArc.byEstimates);
table("refused: requests since the victim's last access", onlyArc.byVictimIdle);
console.log(
  `\nall W-TinyLFU removals: ${removedSoon} refused at admission, ${removedLater} admitted and evicted later`,
);
tiny.close();
arc.close();
