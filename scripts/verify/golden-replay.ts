// Replays cachekit's golden sequences (../shared/cachekit-golden, recorded from cachekit v0.4.0
// itself; schema in its README) through the real `Cache` and compares every operation: the get's
// hit or miss, the keys evicted and the resident set. Shared by test/cachekit-golden.test.ts and
// `npm run golden` (scripts/verify/golden.ts), which prints the agreement table README quotes.
//
// Two sources: the full data beside the repository, and a gzipped subset committed under
// test/fixtures/cachekit-golden (every policy, two sequences of each capacity; made by
// scripts/verify/golden-subset.ts), so that any clone can check the claim to behave exactly as cachekit.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Cache, type PolicySpec } from '../../src/index.js';
import { REPO_ROOT, SHARED_DIR } from '../../bench/sim/paths.js';
import { ALL_POLICIES } from '../../src/policies/machinery/all.js';

/** ../shared/cachekit-golden beside the repository. */
export const GOLDEN_DIR = resolve(SHARED_DIR, 'cachekit-golden');

/** The committed subset: `<policy>.jsonl.gz`, the same schema. */
export const GOLDEN_SUBSET_DIR = resolve(REPO_ROOT, 'test', 'fixtures', 'cachekit-golden');

/** Where a replay reads its sequences: the full data beside the repository, or the committed subset. */
export type GoldenSource = 'full' | 'subset';

/** The policies with a golden file (cachekit's `random` is left out: its RNG cannot be matched). */
export const GOLDEN_POLICIES = [
  'fifo',
  'lru',
  'fast-lru',
  'lru-k',
  'lfu',
  'heap-lfu',
  '2q',
  's3-fifo',
  'arc',
  'car',
  'lifo',
  'mfu',
  'mru',
  'slru',
  'clock',
  'clock-pro',
  'nru',
] as const;
export type GoldenPolicy = (typeof GOLDEN_POLICIES)[number];

/** `{ name, variant: 'cachekit' }` for a policy that has that variant, else its name (its default is cachekit's rule). */
export function cachekitSpec(policy: GoldenPolicy): PolicySpec {
  const definition = ALL_POLICIES.find((d) => d.name === policy)!;
  return definition.variants.includes('cachekit') ? ({ name: policy, variant: 'cachekit' } as PolicySpec) : policy;
}

export function haveGolden(): boolean {
  return existsSync(resolve(GOLDEN_DIR, 'README.md'));
}

interface Step {
  op: number;
  hit: boolean | null;
  evicted: number[];
  resident: number[];
}

export interface GoldenSequence {
  seed: number;
  capacity: number;
  ops: string[];
  results: Step[];
}

export function readGolden(policy: GoldenPolicy, source: GoldenSource = 'full'): GoldenSequence[] {
  const text =
    source === 'full'
      ? readFileSync(resolve(GOLDEN_DIR, `${policy}.jsonl`), 'utf8')
      : gunzipSync(readFileSync(resolve(GOLDEN_SUBSET_DIR, `${policy}.jsonl.gz`))).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as GoldenSequence);
}

/** The first operation where cortado and cachekit part, described for a reader. */
export interface Divergence {
  seed: number;
  capacity: number;
  op: number;
  /** The operations up to and including the diverging one. */
  prefix: string;
  expected: string;
  got: string;
}

export interface Agreement {
  policy: GoldenPolicy;
  /** Operations whose hit, evictions and resident set all match. */
  matching: number;
  total: number;
  /** Sequences that match on every operation. */
  sequencesMatching: number;
  sequences: number;
  first: Divergence | undefined;
}

const describeStep = (s: { hit: boolean | null; evicted: number[]; resident: number[] }): string =>
  `hit ${s.hit} evicted [${s.evicted.join(',')}] resident [${s.resident.join(',')}]`;

/** Replays one sequence; returns the index of each operation that does not match. */
function replaySequence(
  sequence: GoldenSequence,
  policy: PolicySpec,
): { mismatches: number; first: Divergence | undefined } {
  const evicted: number[] = [];
  const cache = new Cache<number, number>({
    maxCost: sequence.capacity,
    policy,
    seed: 1,
    onEvict: (key) => evicted.push(key),
  });
  const universe = 3 * sequence.capacity;
  let mismatches = 0;
  let first: Divergence | undefined;
  try {
    sequence.ops.forEach((text, i) => {
      const [kind, keyText] = text.split(' ') as [string, string];
      const key = Number(keyText);
      evicted.length = 0;
      let hit: boolean | null = null;
      if (kind === 's') cache.set(key, i, { cost: 1 });
      else if (kind === 'g') hit = cache.get(key) !== undefined;
      else cache.delete(key);
      const resident: number[] = [];
      for (let k = 0; k < universe; k++) if (cache.has(k)) resident.push(k);
      const got = { hit, evicted: [...evicted].sort((a, b) => a - b), resident };
      const expected = sequence.results[i]!;
      if (describeStep(got) === describeStep(expected)) return;
      mismatches++;
      first ??= {
        seed: sequence.seed,
        capacity: sequence.capacity,
        op: i,
        prefix: sequence.ops
          .slice(0, i + 1)
          .map((o) => o.replace(' ', ''))
          .join(' '),
        expected: describeStep(expected),
        got: describeStep(got),
      };
    });
  } finally {
    cache.close();
  }
  return { mismatches, first };
}

/** Replays every sequence of `policy`'s golden file through `spec` (default: the policy's name). */
export function agreement(policy: GoldenPolicy, spec: PolicySpec = policy, source: GoldenSource = 'full'): Agreement {
  const sequences = readGolden(policy, source);
  let matching = 0;
  let total = 0;
  let sequencesMatching = 0;
  let first: Divergence | undefined;
  for (const sequence of sequences) {
    const r = replaySequence(sequence, spec);
    total += sequence.ops.length;
    matching += sequence.ops.length - r.mismatches;
    if (r.mismatches === 0) sequencesMatching++;
    first ??= r.first;
  }
  return { policy, matching, total, sequencesMatching, sequences: sequences.length, first };
}

/** `matching / total (pct %)`, as README's table shows it. */
export function formatAgreement(a: Agreement): string {
  return `${a.matching.toLocaleString('en-US')} / ${a.total.toLocaleString('en-US')} (${((100 * a.matching) / a.total).toFixed(1)} %)`;
}

/** How the first divergence reads in a test failure or the script's output. */
export function formatDivergence(d: Divergence): string {
  return `seed ${d.seed}, capacity ${d.capacity}, op ${d.op}: ${d.prefix}\n  cachekit: ${d.expected}\n  cortado:  ${d.got}`;
}
