// `npx tsx bench/hash-objects.ts [--time MS] [--rounds N]`: what an object key's identity costs
// the hasher, per new object, against the work around it. src/key-hash.ts gives each object an
// id on first sight through a WeakMap (an id must outlive the entry: TinyLFU remembers how often
// an evicted key was seen, so the same object must hash alike when it comes back; a property
// written on the object would be cheaper but mutates the user's object).
//
// - alloc:            allocating the object alone (the floor of the loop);
// - weakmap get+set:  what KeyHasher does for a new object (get misses, then set);
// - weakmap get:      what it does for an object seen before;
// - KeyHasher:        the library's hash() of a new object, all of it;
// - map set+delete:   the two Map writes every cache pays for a new key on a full cache.
//
// Each variant's loop is compiled from unique source text and the variants take turns; the
// figure is the median round's process CPU time, ns per object.

import { parseArgs } from 'node:util';
import { KeyHasher, seedFrom } from '../src/key-hash.js';

const { values } = parseArgs({
  options: { time: { type: 'string', default: '1500' }, rounds: { type: 'string', default: '9' } },
});
const TIME = Number(values.time);
const ROUNDS = Math.round(Number(values.rounds));
if (!(TIME > 0) || !(ROUNDS > 0)) throw new RangeError('--time and --rounds need positive numbers');

const PER_CALL = 10_000;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const hasher = new KeyHasher(...seedFrom(1));
const seen = Array.from({ length: PER_CALL }, (_, i) => ({ id: i }));
const known = new WeakMap<object, number>();
for (const o of seen) known.set(o, 1);

// Bodies run PER_CALL times per call; `o` is a fresh object, `i` the index, `sink` keeps results alive.
const variants: [string, string][] = [
  ['alloc', 'const o = { id: i }; sink ^= o.id;'],
  [
    'weakmap get+set',
    'const o = { id: i }; let id = w.get(o); if (id === undefined) { id = ++next; w.set(o, id); } sink ^= id;',
  ],
  ['weakmap get', 'sink ^= w2.get(seen[i]);'],
  ['KeyHasher', 'const o = { id: i }; h.hash(o); sink ^= h.lo;'],
  ['map set+delete', 'const o = { id: i }; m.set(o, i); m.delete(prev); prev = o; sink ^= m.size;'],
];

const loops = variants.map(([name, body], v) => {
  const make = new Function(
    'h',
    'seen',
    'w2',
    `"use strict"; // hash-objects ${name} #${v}
    let w = new WeakMap(), next = 0, m = new Map(), prev = null, sink = 0;
    return function loop_${v}() {
      for (let i = 0; i < ${PER_CALL}; i++) { ${body} }
      if (next > 1e6) { w = new WeakMap(); next = 0; }
      return sink;
    };`,
  );
  return make(hasher, seen, known) as () => number;
});

const samples = variants.map(() => [] as number[]);
for (const loop of loops) for (let i = 0; i < 20; i++) loop();
for (let round = 0; round < ROUNDS; round++) {
  for (let j = 0; j < loops.length; j++) {
    const v = (j + round) % loops.length;
    let calls = 0;
    const t0 = cpuMs();
    let elapsed = 0;
    do {
      loops[v]!();
      calls++;
      elapsed = cpuMs() - t0;
    } while (elapsed < TIME / ROUNDS);
    samples[v]!.push((elapsed * 1e6) / (calls * PER_CALL));
  }
}
console.log(`ns per object (median of ${ROUNDS} rounds, ${TIME} ms per variant); ${process.version}`);
console.log('| variant | ns |');
console.log('|---|---:|');
for (const [v, [name]] of variants.entries()) {
  const sorted = samples[v]!.sort((a, b) => a - b);
  console.log(`| ${name} | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} |`);
}
