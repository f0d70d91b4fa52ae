// `npm run golden`: replays cachekit's golden sequences (../shared/cachekit-golden) through every
// cachekit-named policy, by default and with `variant: 'cachekit'`, and prints the agreement
// table README's "Differences from cachekit" quotes, then each policy's first divergence.
import {
  agreement,
  cachekitSpec,
  formatAgreement,
  formatDivergence,
  GOLDEN_DIR,
  GOLDEN_POLICIES,
  haveGolden,
} from './golden-replay.js';

if (!haveGolden()) {
  console.error(`golden: ${GOLDEN_DIR} not found (the golden data lives beside the repository, in ../shared)`);
  process.exit(1);
}
const divergences: string[] = [];
console.log("| policy | default | `variant: 'cachekit'` |");
console.log('|---|---:|---:|');
for (const policy of GOLDEN_POLICIES) {
  const byDefault = agreement(policy);
  const spec = cachekitSpec(policy);
  const cachekit = spec === policy ? byDefault : agreement(policy, spec);
  console.log(
    `| ${policy} | ${formatAgreement(byDefault)} | ${spec === policy ? '(no variant)' : formatAgreement(cachekit)} |`,
  );
  for (const [label, a] of [
    ['default', byDefault],
    ['cachekit', cachekit],
  ] as const) {
    if (a.first !== undefined && (label === 'default' || spec !== policy)) {
      divergences.push(`${policy} (${label}) first diverges at ${formatDivergence(a.first)}`);
    }
  }
}
if (divergences.length > 0) console.log(`\n${divergences.join('\n\n')}`);
