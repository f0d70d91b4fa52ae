// What W-TinyLFU's miniature simulations (src/policies/w-tinylfu/miniature-simulations.ts) hold per cache,
// counted from their structures after Zipf(0.9) traffic: the typed arrays' bytes exactly, and the
// directory Map's entries (V8 spends about 24 B on each). A heap-difference measurement was too
// noisy for sums this small next to a cache of 10,000 or more entries. README's "Why W-TinyLFU is
// the default" quotes it.
//
//   node scripts/build/build-if-stale.mjs --dist && node bench/window-memory.mjs
import { Cache } from '../dist/index.js';

const REQUESTS = 2_000_000;
const UNIVERSE = 1_000_000;
/** V8's cost of one Map entry (key, value, chain link: three 8-byte words). */
const MAP_ENTRY_BYTES = 24;

const cumulative = new Float64Array(UNIVERSE);
let total = 0;
for (let i = 0; i < UNIVERSE; i++) cumulative[i] = total += 1 / (i + 1) ** 0.9;
let x = 7;
const random = () => {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>> 0) / 4294967296;
};
const keys = new Int32Array(REQUESTS);
for (let i = 0; i < REQUESTS; i++) {
  const u = random() * total;
  let lo = 0;
  let hi = UNIVERSE - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  keys[i] = lo;
}

/** The policy's miniatures (private fields: this script is a diagnostic, not an API user). */
const miniaturesOf = (cache) => Reflect.get(Reflect.get(cache, 'policy'), 'minis');
const bytesOf = (...arrays) => arrays.reduce((sum, a) => sum + a.byteLength, 0);

console.log(
  '| entries | keys sampled | miniature entries | typed arrays, KB | directory entries | total, KB | per cache entry, B |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const size of [1_000, 10_000, 100_000, 1_000_000]) {
  const cache = new Cache({ maxCost: size, policy: 'w-tinylfu' });
  for (const k of keys) if (cache.get(k) === undefined) cache.set(k, 1);
  const m = miniaturesOf(cache);
  const minis = Reflect.get(m, 'minis');
  let arrays = bytesOf(
    Reflect.get(m, 'hashes'),
    Reflect.get(m, 'holders'),
    Reflect.get(m, 'sketch'),
    Reflect.get(m, 'scores'),
    Reflect.get(m, 'outcomes'),
  );
  for (const mini of minis)
    arrays += bytesOf(Reflect.get(mini, 'prev'), Reflect.get(mini, 'next'), Reflect.get(mini, 'segment'));
  const directory = Reflect.get(m, 'directory').size;
  const totalBytes = arrays + directory * MAP_ENTRY_BYTES;
  const rate = m.threshold / 2 ** 32;
  console.log(
    `| ${size.toLocaleString('en')} | 1 in ${(1 / rate).toLocaleString('en')} | ${minis[0].size} | ${(arrays / 1024).toFixed(1)} | ${directory} | ` +
      `${(totalBytes / 1024).toFixed(1)} | ${(totalBytes / size).toFixed(2)} |`,
  );
  cache.close();
}
