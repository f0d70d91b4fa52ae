// The policies' option types, checked at compile time (test/types.test.ts compiles this file with
// `tsc --strict`, as does `npm run typecheck`): PolicyOptionsMap has one entry per defined policy,
// each entry is exactly what the policy's definition parses (all optional), so the public types
// cannot drift from the definitions, and each policy's public options are pinned below, so that a
// change to one is a deliberate change to this file too.
import type { PolicyOptionsMap } from '../../src/index.js';
import type * as Policies from '../../src/policies.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(): T | undefined => undefined;

type Definition = (typeof Policies)[keyof typeof Policies];

// Every defined policy has an entry, and no entry lacks a definition.
holds<Equal<keyof PolicyOptionsMap, Definition['name']>>();

// Each entry is its definition's parsed options, every one optional.
type Agrees = {
  [D in Definition as D['name']]: Equal<PolicyOptionsMap[D['name']], Partial<ReturnType<D['parse']>>>;
};
holds<Equal<Agrees[keyof Agrees], true>>();

/** No options. */
type None = Record<never, never>;

// The public options, policy by policy.
type Pinned = {
  'w-tinylfu': { windowFrac?: number; adaptive?: boolean };
  tinylfu: { variant?: 'ristretto' | 'discount' };
  fifo: None;
  lru: None;
  'fast-lru': None;
  'lru-k': { k?: number; variant?: 'paper' | 'cachekit' };
  lfu: { variant?: 'cachekit' | 'cortado' };
  'heap-lfu': { variant?: 'cachekit' | 'cortado' };
  '2q': { probationFrac?: number; variant?: 'paper' | 'cachekit' };
  's3-fifo': { smallRatio?: number; ghostRatio?: number; variant?: 'cachekit' | 'paper' };
  arc: { variant?: 'paper' | 'cachekit' };
  car: { variant?: 'cachekit' | 'paper' };
  lifo: None;
  mfu: { variant?: 'cachekit' | 'cortado' };
  mru: { variant?: 'cachekit' | 'cortado' };
  random: None;
  slru: { probationaryFrac?: number; variant?: 'cachekit' | 'paper' };
  clock: { variant?: 'cachekit' | 'cortado' };
  'clock-pro': { variant?: 'paper' | 'cachekit' };
  nru: { variant?: 'cachekit' | 'cortado' };
  lirs: { hirFrac?: number };
  sieve: None;
};
holds<Equal<keyof Pinned, keyof PolicyOptionsMap>>();
type Matches = { [N in keyof Pinned]: Equal<PolicyOptionsMap[N], Pinned[N]> };
holds<Equal<Matches[keyof Matches], true>>();
