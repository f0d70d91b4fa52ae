// `npx tsx bench/hash-strings.ts [--time MS] [--rounds N]`: what a keyed hash of a string key
// costs per key, by length (8 .. 1000 UTF-16 units, ASCII and not), for each way of hashing it:
//
// - KeyHasher: src/key-hash.ts's KeyHasher.hash as the library runs it (method dispatch and all);
// - js-units:  its loop for short strings (two lanes, one charCodeAt per UTF-16 unit), alone;
// - js-4lane:  the same step, four lanes (eight units per round, more multiplies in flight);
// - js-utf8:   TextEncoder.encodeInto into a buffer, then the same two-lane loop over 32-bit
//              words of the UTF-8 bytes (four ASCII characters per word instead of two): what
//              KeyHasher does from 64 units on (when its probes see ASCII);
// - wasm:      encodeInto into a WebAssembly module's memory, then assembly/string-hash.ts
//              (two 64-bit lanes, sixteen bytes per step), one call per key; a string that is not
//              ASCII is also scanned for U+FFFD (how encodeInto writes a lone surrogate), and
//              takes the js hash when it holds one.
//
// With --subclassed-string the run first declares `class extends String` (as node-redis and other
// libraries do on import), after which V8 no longer inlines `s.charCodeAt(i)` looked up on
// String.prototype: js-units and js-4lane call it that way, KeyHasher through a held reference.
//
// Every variant runs on the same flat (sequential) strings, 4096 distinct keys per length, in
// its own timing loop compiled from unique source (see bench/workloads.ts on why), the variants
// taking turns round by round; the figure is the median round's process CPU time, ns per key.

import { TextEncoder } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import asc from 'assemblyscript/asc';
import { KeyHasher, fmix32, seedFrom } from '../src/key-hash.js';

const { values } = parseArgs({
  options: {
    time: { type: 'string', default: '1500' },
    rounds: { type: 'string', default: '9' },
    'subclassed-string': { type: 'boolean', default: false },
  },
});
const TIME = Number(values.time);
const ROUNDS = Math.round(Number(values.rounds));
if (!(TIME > 0) || !(ROUNDS > 0)) throw new RangeError('--time and --rounds need positive numbers');
if (values['subclassed-string']) {
  // Kept reachable, as a library's class would be.
  (globalThis as { subclassedString?: unknown }).subclassedString = class SubclassedString extends String {};
}

const LENGTHS = [8, 12, 32, 64, 200, 1000];
const KEYS = 4096;

/** Compiles the string-hash kernel (assembly/string-hash.ts) to a module in memory. */
async function kernel(): Promise<WebAssembly.Instance> {
  const source = fileURLToPath(new URL('../assembly/string-hash.ts', import.meta.url));
  let binary: Uint8Array<ArrayBuffer> | undefined;
  const { error, stderr } = await asc.main(
    [source, '--outFile', 'string-hash.wasm', '-O3', '--runtime', 'stub', '--noAssert', '--initialMemory', '2'],
    {
      // Not the project's asconfig.json: its entries would compile the library's kernels in too.
      readFile: (name, baseDir) => {
        if (name.endsWith('asconfig.json')) return null;
        try {
          return readFileSync(resolve(baseDir, name), 'utf8');
        } catch {
          return null;
        }
      },
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm')) binary = contents as Uint8Array<ArrayBuffer>;
      },
    },
  );
  if (error !== null || binary === undefined)
    throw new Error(`asc: ${error?.message ?? 'no output'}\n${stderr.toString()}`);
  return new WebAssembly.Instance(new WebAssembly.Module(binary), {});
}

interface Kernel {
  memory: WebAssembly.Memory;
  seed(lo: number, hi: number): void;
  hashBytes(bytes: number, units: number): number;
  hasReplacement(bytes: number): number;
  INPUT: WebAssembly.Global;
}

const [seedLo, seedHi] = seedFrom(1);
const k1 = (fmix32(seedHi ^ 0x1b873593) | 1) >>> 0;
const k2 = (fmix32(seedLo ^ seedHi ^ 0x6a09e667) | 1) >>> 0;
let lo = 0;
let hi = 0;

/** The finish of src/key-hash.ts (so every JS variant does the same closing work). */
function finish(a: number, b: number, n: number): void {
  a ^= n;
  b = fmix32((b + Math.imul(a, 0x9e3779b1)) | 0);
  a = fmix32((a + Math.imul(b, 0x85ebca77)) | 0);
  lo = a;
  hi = fmix32((b ^ a) >>> 0);
}

function step(x: number, word: number): number {
  x = Math.imul(x ^ word, k1);
  return Math.imul((x << 16) | (x >>> 16), k2);
}

function hashUnits(s: string): void {
  const n = s.length;
  let a = 0x2d358dcc;
  let b = 0x3c6ef372;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a = Math.imul(a ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), k1);
    b = Math.imul(b ^ (s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16)), k1);
    a = Math.imul((a << 16) | (a >>> 16), k2);
    b = Math.imul((b << 16) | (b >>> 16), k2);
  }
  if (i + 1 < n) {
    a = step(a, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    i += 2;
  }
  if (i < n) b = step(b, s.charCodeAt(i) | 0x10000);
  finish(a, b, n);
}

function hash4Lane(s: string): void {
  const n = s.length;
  let a = 0x2d358dcc;
  let b = 0x3c6ef372;
  let c = 0x68e31da4;
  let d = 0x5bd1e995;
  let i = 0;
  for (; i + 7 < n; i += 8) {
    a = Math.imul(a ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), k1);
    b = Math.imul(b ^ (s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16)), k1);
    c = Math.imul(c ^ (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 16)), k1);
    d = Math.imul(d ^ (s.charCodeAt(i + 6) | (s.charCodeAt(i + 7) << 16)), k1);
    a = Math.imul((a << 16) | (a >>> 16), k2);
    b = Math.imul((b << 16) | (b >>> 16), k2);
    c = Math.imul((c << 16) | (c >>> 16), k2);
    d = Math.imul((d << 16) | (d >>> 16), k2);
  }
  for (; i + 1 < n; i += 2) a = step(a, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) b = step(b, s.charCodeAt(i) | 0x10000);
  finish(a ^ step(c, d), b, n);
}

const encoder = new TextEncoder();
const utf8 = new Uint8Array(3 * 1024 + 8);
const utf8Words = new Int32Array(utf8.buffer);

function hashUtf8(s: string): void {
  const n = encoder.encodeInto(s, utf8).written;
  let a = 0x2d358dcc;
  let b = 0x3c6ef372;
  let w = 0;
  const words = n >> 2;
  for (; w + 1 < words; w += 2) {
    a = Math.imul(a ^ utf8Words[w]!, k1);
    b = Math.imul(b ^ utf8Words[w + 1]!, k1);
    a = Math.imul((a << 16) | (a >>> 16), k2);
    b = Math.imul((b << 16) | (b >>> 16), k2);
  }
  if (w < words) a = step(a, utf8Words[w++]!);
  let tail = 0x10000;
  for (let p = w << 2, shift = 0; p < n; p++, shift += 8) tail ^= utf8[p]! << shift;
  finish(a, step(b, tail), n ^ (s.length << 16));
}

async function main(): Promise<void> {
  const exports = (await kernel()).exports as unknown as Kernel;
  exports.seed(seedLo, seedHi);
  const input = exports.INPUT.value as number;
  const wasmBytes = new Uint8Array(exports.memory.buffer, input, 3 * 1024);
  const wasmResult = new Uint32Array(exports.memory.buffer, 0, 1);
  const hashBytes = exports.hashBytes;
  const hasReplacement = exports.hasReplacement;
  const hashWasm = (s: string): void => {
    const written = encoder.encodeInto(s, wasmBytes).written;
    // More bytes than units: not ASCII, so look for U+FFFD (a lone surrogate's encoding).
    if (written !== s.length && hasReplacement(written) !== 0) {
      hashJs(s);
      return;
    }
    lo = hashBytes(written, s.length);
    hi = wasmResult[0]!;
  };
  const hasher = new KeyHasher(seedLo, seedHi);
  const hashJs = (s: string): void => {
    hasher.hash(s);
    lo = hasher.lo;
    hi = hasher.hi;
  };
  const variants: [string, (s: string) => void][] = [
    ['KeyHasher', hashJs],
    ['js-units', hashUnits],
    ['js-4lane', hash4Lane],
    ['js-utf8', hashUtf8],
    ['wasm', hashWasm],
  ];

  console.log(
    `ns per key (median of ${ROUNDS} rounds, ${TIME} ms per variant and length)${values['subclassed-string'] ? ', after `class extends String`' : ''}; ${process.version}`,
  );
  console.log(`| length | ${variants.map(([name]) => name).join(' | ')} |`);
  console.log(`|---|${variants.map(() => '---:').join('|')}|`);
  for (const ascii of [true, false]) {
    for (const length of LENGTHS) {
      const keys = flatKeys(length, ascii);
      // Each variant's loop from its own source text, so V8 compiles and profiles them apart.
      const loops = variants.map(([name, hash], v) => {
        const make = new Function(
          'hash',
          'keys',
          `"use strict"; // hash-strings ${name} ${length} ${ascii} #${v}
          return function loop_${v}_${length}(times) { for (let t = 0; t < times; t++) for (let i = 0; i < keys.length; i++) hash(keys[i]); };`,
        );
        return make(hash, keys) as (times: number) => void;
      });
      // Agreement check of the variants' stability: the same key hashes alike twice.
      for (const [name, hash] of variants) {
        hash(keys[0]!);
        const first = `${lo}:${hi}`;
        hash(keys[0]!.slice(0, 1) + keys[0]!.slice(1));
        if (`${lo}:${hi}` !== first) throw new Error(`${name}: equal strings hashed differently`);
      }
      const samples = variants.map(() => [] as number[]);
      for (const loop of loops) loop(20);
      const perRound = TIME / ROUNDS;
      for (let round = 0; round < ROUNDS; round++) {
        for (let j = 0; j < loops.length; j++) {
          const v = (j + round) % loops.length;
          let times = 1;
          let elapsed = 0;
          for (;;) {
            const t0 = cpuMs();
            loops[v]!(times);
            elapsed = cpuMs() - t0;
            if (elapsed >= perRound || times > 1 << 20) break;
            times *= 2;
          }
          samples[v]!.push((elapsed * 1e6) / (times * KEYS));
        }
      }
      const medians = samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!);
      console.log(`| ${length} ${ascii ? 'ASCII' : 'non-ASCII'} | ${medians.map((m) => m.toFixed(1)).join(' | ')} |`);
    }
  }
}

/** This process's CPU time in ms (on a shared machine, wall time counts the other processes' turns). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** `KEYS` distinct flat strings of `length` UTF-16 units (ids in front, then filler). */
function flatKeys(length: number, ascii: boolean): string[] {
  const filler = ascii ? 'abcdefghijklmnopqrstuvwxyz0123456789/-_.' : 'añoé€日本語キー/ü-ß';
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    let s = `${i.toString(36)}:`;
    while (s.length < length) s += filler;
    keys.push(s.slice(0, length));
  }
  // JSON.parse builds sequential strings: no key is a rope or a slice that some variant flattens.
  return JSON.parse(JSON.stringify(keys)) as string[];
}

await main();
