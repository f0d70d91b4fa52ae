// `npm run golden:subset`: writes test/fixtures/cachekit-golden, the subset of cachekit's golden
// data (../shared/cachekit-golden) that is committed so that `npm test` checks cachekit fidelity
// on any clone: for every policy, the first two sequences of each capacity (16 of 110), gzipped.
// Rerun it only when the full data changes; the files are byte-identical for the same input.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GOLDEN_DIR, GOLDEN_POLICIES, GOLDEN_SUBSET_DIR, haveGolden } from './golden-replay.js';

/** Sequences kept per capacity: two, so that every capacity (1 to 32) is replayed twice. */
const PER_CAPACITY = 2;

if (!haveGolden()) {
  console.error(`golden:subset: ${GOLDEN_DIR} not found (the golden data lives beside the repository, in ../shared)`);
  process.exit(1);
}
mkdirSync(GOLDEN_SUBSET_DIR, { recursive: true });
let bytes = 0;
for (const policy of GOLDEN_POLICIES) {
  const lines = readFileSync(resolve(GOLDEN_DIR, `${policy}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const taken = new Map<number, number>();
  const kept = lines.filter((line) => {
    const { capacity } = JSON.parse(line) as { capacity: number };
    const n = taken.get(capacity) ?? 0;
    taken.set(capacity, n + 1);
    return n < PER_CAPACITY;
  });
  // mtime 0 in the gzip header (Node writes none), so the output depends on the input alone.
  const gz = gzipSync(`${kept.join('\n')}\n`, { level: 9 });
  writeFileSync(resolve(GOLDEN_SUBSET_DIR, `${policy}.jsonl.gz`), gz);
  bytes += gz.length;
  console.log(`${policy}: ${kept.length} of ${lines.length} sequences, ${gz.length.toLocaleString('en-US')} B`);
}
console.log(`${GOLDEN_SUBSET_DIR}: ${bytes.toLocaleString('en-US')} B in all`);
