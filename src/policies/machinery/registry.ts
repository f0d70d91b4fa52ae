// The run-time dispatcher behind `new Cache({ policy })`: policies by name. A policy is named by
// a string or by `{ name, ...options }`; each policy's options are typed here. Entry points
// register the policies they ship (src/policies/machinery/all.ts for the default entry; src/lite.ts a
// small set), so a bundle carries only the policies its entry names.

import type { PolicyDefinition } from './define.js';
import { describe, nearest, requireObject } from '../../validate.js';

/** Each policy's options (all optional; defaults are cachekit's where it has the policy). */
export interface PolicyOptionsMap {
  /** W-TinyLFU (Caffeine): window LRU, TinyLFU admission, segmented LRU main space. */
  'w-tinylfu': {
    /** Initial share of the budget given to the window, 0..1 (default 0.01); fixed when `adaptive` is false. */
    windowFrac?: number;
    /**
     * Size the window online (default true): a hash-sampled subset of the keys is replayed through
     * small W-TinyLFU caches with window shares from 1 % to 99 %, and the window moves to the
     * share that scores clearly more hits. `windowFrac` is then only the starting share.
     */
    adaptive?: boolean;
  };
  /** TinyLFU admission + sampled-LFU eviction (ristretto / stretto). */
  tinylfu: {
    /**
     * 'ristretto' (default): a newcomer is refused only when its estimate is below the weakest
     * sampled victim's (ties admit). 'discount': a newcomer with an estimate >= 3 does not count
     * the access that brought it in, so it loses ties (holds loops larger than the cache).
     */
    variant?: 'ristretto' | 'discount';
  };
  fifo: Record<never, never>;
  lru: Record<never, never>;
  /** Same implementation as `lru` (already the fastest we measured). */
  'fast-lru': Record<never, never>;
  'lru-k': {
    /** Rank by the K-th most recent reference (default 2). */
    k?: number;
    /**
     * 'paper' (default): O'Neil et al.'s LRU-K, ranked by the K-th most recent reference, with
     * retained history. 'cachekit': cachekit's LrukCache (hot in LRU order, no history).
     */
    variant?: 'paper' | 'cachekit';
  };
  lfu: {
    /** 'cachekit' (default): updates do not count as accesses. 'cortado': they count one each. */
    variant?: 'cachekit' | 'cortado';
  };
  'heap-lfu': {
    /**
     * 'cachekit' (default): ties go to the smallest key (numbers, bigints and strings; other keys
     * to the older entry); updates do not count. 'cortado': ties go to the least recently used
     * entry; updates count.
     */
    variant?: 'cachekit' | 'cortado';
  };
  '2q': {
    /** Share of the budget for A1in, the probation FIFO (default 0.25). */
    probationFrac?: number;
    /**
     * 'paper' (default): Johnson & Shasha's full 2Q, with the A1out ghost queue. 'cachekit':
     * cachekit's TwoQCore, no ghosts, a re-access in probation promotes.
     */
    variant?: 'paper' | 'cachekit';
  };
  's3-fifo': {
    /** Share of the budget for the small FIFO (default 0.1). */
    smallRatio?: number;
    /** Ghost entries kept, as a share of the resident entries (default 0.9). */
    ghostRatio?: number;
    /**
     * 'cachekit' (default): S gives way above round(smallRatio x entries), G holds
     * round(ghostRatio x entries). 'paper': S gives way at its share, G sized by the resident count.
     */
    variant?: 'cachekit' | 'paper';
  };
  arc: {
    /**
     * 'paper' (default): Megiddo & Modha's ARC (p from 0, adaptive steps |B2|/|B1|, ghost
     * directory trimmed to 2c). 'cachekit': cachekit's ARCCore (p from cap/2, steps of 1).
     */
    variant?: 'paper' | 'cachekit';
  };
  car: {
    /**
     * 'cachekit' (default): cachekit's CARCore (target from cap/2, floored steps, ghost lists of
     * cap each). 'paper': Bansal & Modha's CAR (target from 0, real-ratio steps, directory of 2c).
     */
    variant?: 'cachekit' | 'paper';
  };
  lifo: Record<never, never>;
  mfu: {
    /** 'cachekit' (default): ties go to the largest key (as heap-lfu's order). 'cortado': to the least recently used entry. */
    variant?: 'cachekit' | 'cortado';
  };
  mru: {
    /** 'cachekit' (default): updates leave the entry where it is. 'cortado': they move it to the head, as hits do. */
    variant?: 'cachekit' | 'cortado';
  };
  random: Record<never, never>;
  slru: {
    /** Share of the budget for the probationary segment (default 0.25). */
    probationaryFrac?: number;
    /**
     * 'cachekit' (default): cachekit's SlruCore (the same algorithm as its 2Q): protected has no
     * cap and no demotion. 'paper': Karedla et al.'s SLRU, protected capped, demoting into probation.
     */
    variant?: 'cachekit' | 'paper';
  };
  clock: {
    /**
     * 'cachekit' (default): cachekit's fixed slot array, a newcomer takes the first free slot from
     * the hand. 'cortado': a linked ring, a newcomer goes just behind the hand.
     */
    variant?: 'cachekit' | 'cortado';
  };
  'clock-pro': {
    /**
     * 'paper' (default): Jiang, Chen and Zhang's CLOCK-Pro (three hands, test periods, adaptive
     * cold target). 'cachekit': cachekit's simplified ClockProCache (one hand, a hot ratio).
     */
    variant?: 'paper' | 'cachekit';
  };
  nru: {
    /**
     * 'cachekit' (default): cachekit's dense array (the first unreferenced entry in array order
     * leaves, swap-remove), O(n) eviction at worst. 'cortado': two FIFO lists, the oldest
     * unreferenced entry leaves, O(1); the bit is set on insert.
     */
    variant?: 'cachekit' | 'cortado';
  };
  lirs: {
    /** Share of the budget for resident HIR blocks (default 0.01). */
    hirFrac?: number;
  };
  sieve: Record<never, never>;
}

export type PolicyName = keyof PolicyOptionsMap;

/** A policy by name, or by name with its options: `{ name: 'lru-k', k: 3 }`. */
export type PolicySpec = PolicyName | { [N in PolicyName]: { name: N } & PolicyOptionsMap[N] }[PolicyName];

/**
 * The policy used when none is given: the smallest worst gap to the best policy across the real
 * traces of BENCHMARKS.md ("Hit ratio", `npm run sim -- --all-traces`), whose figures README's
 * "Choosing a policy" quotes (test/readme.test.ts checks both against this name).
 */
export const DEFAULT_POLICY = 'w-tinylfu' satisfies PolicyName;

const byName = new Map<string, PolicyDefinition<any>>();
let unknownHint = '';

/**
 * Makes policies available by name; returns the names registered so far (an entry's POLICIES).
 * `hint` is added to the error for a name this entry does not ship.
 */
export function registerPolicies(definitions: readonly PolicyDefinition<any>[], hint = ''): readonly PolicyName[] {
  for (const d of definitions) byName.set(d.name, d);
  if (hint !== '') unknownHint = hint;
  return Object.freeze([...byName.keys()] as PolicyName[]);
}

/** Resolves a policy spec to its definition and parsed options; throws naming what is wrong. */
export function resolvePolicy(spec: unknown): { definition: PolicyDefinition<any>; options: object } {
  let name: unknown = spec;
  let raw: Record<string, unknown> = {};
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    raw = requireObject('policy', spec);
    name = raw.name;
    if (name === undefined) {
      throw new TypeError(
        `cortado: policy is an object without a name; pass { name, ...options }, name one of: ${[...byName.keys()].join(', ')}`,
      );
    }
    if (typeof name !== 'string')
      throw new TypeError(`cortado: policy.name must be a policy name (a string), got ${describe(name)}`);
  }
  if (typeof name !== 'string') {
    throw new TypeError(`cortado: policy must be a policy name or { name, ...options }, got ${describe(name)}`);
  }
  const definition = byName.get(name);
  if (definition === undefined) {
    const near = nearest(name, [...byName.keys()]);
    const suggestion =
      near === undefined
        ? ''
        : ` did you mean "${near}"?${near.toLowerCase() === name.toLowerCase() ? ' (policy names are lower case)' : ''}`;
    throw new RangeError(
      `cortado: unknown policy ${describe(name)};${suggestion} allowed: ${[...byName.keys()].join(', ')}${unknownHint}`,
    );
  }
  return { definition, options: definition.parse(raw) };
}
