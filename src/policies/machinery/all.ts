// Every policy cortado ships, in the order POLICIES lists them (the default entry's set). A new
// policy joins this list and `cortado/policies`' exports (src/policies.ts, from which the option
// types are derived); test/policy-values.test.ts checks that the two agree.
import type { DefinedPolicy, PolicyDefinition } from './define.js';
import { tinyLfu } from '../tinylfu.js';
import { wTinyLfu } from '../w-tinylfu/definition.js';
import { fifo } from '../fifo.js';
import { lru, fastLru } from '../lru.js';
import { lruK } from '../lru-k.js';
import { lfu } from '../lfu.js';
import { heapLfu } from '../heap-lfu.js';
import { twoQ } from '../two-q.js';
import { s3Fifo } from '../s3-fifo.js';
import { arc } from '../arc.js';
import { car } from '../car.js';
import { lifo } from '../lifo.js';
import { mfu } from '../mfu.js';
import { mru } from '../mru.js';
import { random } from '../random.js';
import { slru } from '../slru.js';
import { clock } from '../clock.js';
import { clockPro } from '../clock-pro.js';
import { nru } from '../nru.js';
import { lirs } from '../lirs.js';
import { sieve } from '../sieve.js';

const DEFINED: readonly DefinedPolicy<string, any>[] = [
  wTinyLfu,
  tinyLfu,
  fifo,
  lru,
  fastLru,
  lruK,
  lfu,
  heapLfu,
  twoQ,
  s3Fifo,
  arc,
  car,
  lifo,
  mfu,
  mru,
  random,
  slru,
  clock,
  clockPro,
  nru,
  lirs,
  sieve,
];

/** The same list as the store sees it (definePolicy made each: a PolicyDefinition behind its public type). */
export const ALL_POLICIES = DEFINED as readonly PolicyDefinition<string, any>[];
