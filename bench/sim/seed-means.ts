// Mean hit ratio of one policy over several Cache seeds, per (trace, size): how a change that
// moves hashing or sampling (the sketch's layout, the miniatures' sample) is checked against
// the "8-seed means within 0.1 point" rule, since one seed's hit counts then differ by chance.
// Run it in two checkouts (before and after) and compare the lines.
//
//   npx tsx bench/sim/seed-means.ts [--policy w-tinylfu] [--seeds 8] [--sizes 250,1000] TRACE...
//   (without --sizes, each trace's default sizes: bench/sim/sizes.ts)
import { parseArgs } from 'node:util';
import { Cache } from '../../src/index.js';
import { loadTrace } from './trace.js';
import { defaultSizes } from './sizes.js';
import { policySpec, type SimPolicy } from './replay.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    policy: { type: 'string', default: 'w-tinylfu' },
    seeds: { type: 'string', default: '8' },
    sizes: { type: 'string' },
  },
});
const seeds = Number(values.seeds);
if (positionals.length === 0 || !(seeds >= 1)) {
  console.error('usage: npx tsx bench/sim/seed-means.ts [--policy NAME] [--seeds N] [--sizes A,B] TRACE...');
  process.exit(2);
}
const policy = policySpec(values.policy as Exclude<SimPolicy, 'opt' | 'opt-bypass'>);
console.log(`| trace | size | mean hit % over ${seeds} seeds | min | max |`);
console.log('|---|---:|---:|---:|---:|');
for (const file of positionals) {
  const trace = await loadTrace(file);
  const keys = trace.keys;
  const sizes = values.sizes?.split(',').map(Number) ?? defaultSizes(trace.name, new Set(keys).size);
  for (const size of sizes) {
    const ratios: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const cache = new Cache<number, number>({ maxCost: size, policy, seed });
      let hits = 0;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (cache.get(key) === undefined) cache.set(key, 1);
        else hits++;
      }
      cache.close();
      ratios.push((100 * hits) / keys.length);
    }
    const mean = ratios.reduce((a, b) => a + b, 0) / seeds;
    console.log(
      `| ${trace.name} | ${size} | ${mean.toFixed(2)} | ${Math.min(...ratios).toFixed(2)} | ${Math.max(...ratios).toFixed(2)} |`,
    );
  }
}
