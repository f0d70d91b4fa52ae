// Mean hit ratio per policy over the (trace, size) pairs of one or more `npm run sim -- --json`
// files, and each variant's difference from its policy's first-listed rule: how README's
// "Differences from cachekit" table measures a rule's effect.
//
//   npm run sim -- --trace … --policies 2q,2q:cachekit --json out.json
//   npx tsx bench/sim/means.ts out.json [more.json …]
import { readFileSync } from 'node:fs';

interface Row {
  trace: string;
  policy: string;
  size: number;
  hitRatio: number | null;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx bench/sim/means.ts RESULTS.json [MORE.json …]');
  process.exit(2);
}
const rows = files.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Row[]);
const byPolicy = new Map<string, Map<string, number>>();
for (const r of rows) {
  if (r.hitRatio === null) continue;
  let pairs = byPolicy.get(r.policy);
  if (pairs === undefined) byPolicy.set(r.policy, (pairs = new Map()));
  pairs.set(`${r.trace}@${r.size}`, 100 * r.hitRatio);
}
const mean = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0) / m.size;
console.log('| policy | pairs | mean hit % | vs its base rule, points (better / worse pairs) |');
console.log('|---|---:|---:|---|');
for (const [policy, pairs] of byPolicy) {
  const base = byPolicy.get(policy.split(':')[0]!);
  let delta = '';
  if (base !== undefined && base !== pairs) {
    const shared = [...pairs.keys()].filter((k) => base.has(k));
    const d = shared.map((k) => pairs.get(k)! - base.get(k)!);
    const better = d.filter((x) => x > 1e-9).length;
    const worse = d.filter((x) => x < -1e-9).length;
    const meanDelta = d.reduce((a, b) => a + b, 0) / d.length;
    delta = `${meanDelta >= 0 ? '+' : ''}${meanDelta.toFixed(2)} (${better} / ${worse} of ${d.length})`;
  }
  console.log(`| ${policy} | ${pairs.size} | ${mean(pairs).toFixed(2)} | ${delta} |`);
}
