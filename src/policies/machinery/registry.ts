// The run-time dispatcher behind `new Cache({ policy })`: policies by name. A policy is named by
// a string or by `{ name, ...options }`; their types are derived from the definitions. Entry points
// register the policies they ship (src/policies/machinery/all.ts for the default entry; src/lite.ts a
// small set), so a bundle carries only the policies its entry names.

import { isPolicyValue, type DefinedPolicy, type OptionsOf, type PolicyDefinition } from './define.js';
import type * as Policies from '../../policies.js';
import { describe, nearest, requireObject } from '../../validate.js';

/**
 * Each policy's options (all optional; defaults are cachekit's where it has the policy), by name:
 * derived from the policies `cortado/policies` exports (src/policies.ts), each option's type and
 * docs written once, in its policy's `definePolicy` defaults.
 */
export type PolicyOptionsMap = {
  [V in keyof typeof Policies as (typeof Policies)[V]['name']]: OptionsOf<(typeof Policies)[V]>;
};

export type PolicyName = keyof PolicyOptionsMap;

/** A policy by name, or by name with its options: `{ name: 'lru-k', k: 3 }`. */
export type PolicySpec = PolicyName | { [N in PolicyName]: { name: N } & PolicyOptionsMap[N] }[PolicyName];

/**
 * A policy as a value, imported from `cortado/policies`: `lirs`, or with its options
 * `{ name: lruK, k: 3 }` (the same options, defaults and errors as by name). A bundle then carries
 * only the policies it imports.
 */
export type PolicyValue = {
  [V in keyof typeof Policies]:
    | (typeof Policies)[V]
    | ({ name: (typeof Policies)[V] } & OptionsOf<(typeof Policies)[V]>);
}[keyof typeof Policies];

/**
 * The policy used when none is given: the smallest worst gap to the best policy across the real
 * traces of BENCHMARKS.md ("Hit ratio", `npm run sim -- --all-traces`), whose figures README's
 * "Choosing a policy" quotes (test/readme.test.ts checks both against this name).
 */
export const DEFAULT_POLICY = 'w-tinylfu' satisfies PolicyName;

const byName = new Map<string, PolicyDefinition<string, any>>();
let unknownHint = '';

/**
 * Makes policies available by name; returns the names registered so far (an entry's POLICIES).
 * `hint` is added to the error for a name this entry does not ship.
 */
export function registerPolicies(definitions: readonly DefinedPolicy<string, any>[], hint = ''): readonly PolicyName[] {
  // definePolicy made each of them: a PolicyDefinition behind its public type.
  for (const d of definitions) byName.set(d.name, d as PolicyDefinition<string, any>);
  if (hint !== '') unknownHint = hint;
  return Object.freeze([...byName.keys()] as PolicyName[]);
}

/**
 * Resolves a policy spec (a name, `{ name, ...options }`, a policy value or `{ name: value,
 * ...options }`) to its definition and parsed options; throws naming what is wrong.
 */
export function resolvePolicy(given: unknown): { definition: PolicyDefinition<string, any>; options: object } {
  const spec = isPolicyValue(given) ? { name: given } : given;
  let name: unknown = spec;
  let raw: Record<string, unknown> = {};
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    raw = requireObject('policy', spec);
    name = raw.name;
    if (isPolicyValue(name)) return { definition: name, options: name.parse(raw) };
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
