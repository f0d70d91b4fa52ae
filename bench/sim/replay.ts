// Replays a trace through one (policy, size) and counts hits, the way every published anchor was
// produced: key-only, weight 1, cold start, demand fill. Policies run through the real `Cache`
// (so the simulator measures what users get); `opt` and `opt-bypass` run Belady (opt.ts).
//
//   for each key: if (cache.get(key) === undefined) cache.set(key, 1)

import { Cache, POLICIES, type PolicyName, type PolicySpec } from '../../src/index.js';
import { belady } from './opt.js';
import type { Keys } from './formats.js';

/** The oracle policies the simulator adds to the library's own. */
export const ORACLES = ['opt', 'opt-bypass'] as const;
/** A policy, `name:variant` for one of its variants (`2q:cachekit`), or an oracle. */
export type SimPolicy = PolicyName | `${PolicyName}:${string}` | (typeof ORACLES)[number];

/** The Cache's `policy` option for a simulator name: `2q:cachekit` → `{ name: '2q', variant: 'cachekit' }`. */
export function policySpec(policy: Exclude<SimPolicy, (typeof ORACLES)[number]>): PolicySpec {
  const colon = policy.indexOf(':');
  if (colon < 0) return policy as PolicyName;
  return { name: policy.slice(0, colon), variant: policy.slice(colon + 1) } as PolicySpec;
}

/** Every policy `--policies all` runs: the library's, in registry order, then OPT. */
export function allPolicies(): SimPolicy[] {
  return [...POLICIES, 'opt'];
}

/** Every name the simulator accepts. */
export function knownPolicies(): SimPolicy[] {
  return [...POLICIES, ...ORACLES];
}

/** The seed handed to every Cache, so runs of hashing/sampling policies are reproducible. */
export const SEED = 0x5eed;

/** How often (in requests) the replay reports progress. */
const PROGRESS_EVERY = 1 << 16;

/** Replays `keys` through `policy` with `maxCost = size`; returns the hits. Throws what the policy throws. */
export function replay(keys: Keys, policy: SimPolicy, size: number, onProgress?: (done: number) => void): number {
  if (policy === 'opt' || policy === 'opt-bypass') return belady(keys, size, policy === 'opt-bypass', onProgress);
  const cache = new Cache<number, number>({ maxCost: size, policy: policySpec(policy), seed: SEED });
  const n = keys.length;
  let hits = 0;
  try {
    for (let start = 0; start < n; start += PROGRESS_EVERY) {
      const end = Math.min(n, start + PROGRESS_EVERY);
      for (let i = start; i < end; i++) {
        const key = keys[i]!;
        if (cache.get(key) === undefined) cache.set(key, 1);
        else hits++;
      }
      onProgress?.(end);
    }
  } finally {
    cache.close();
  }
  return hits;
}
