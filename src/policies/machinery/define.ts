// How a policy describes itself to the registry: its name, its options with their defaults and
// checks, its variants (rules that differ from the default, e.g. cachekit's exact behaviour,
// chosen by `policy.variant`), what it needs from the store (hashes, a sketch), and a factory.

import type { Policy, PolicyContext, PolicyRequirements } from '../../policy.js';
import { describe } from '../../validate.js';

/** What the store knows about its size when a policy is set up. */
export interface Sizing {
  maxCost: number;
  /** Frequency-sketch counters (the `numCounters` option, or a default derived from maxCost). */
  numCounters: number;
}

export interface PolicyDefinition<O extends object = object> {
  readonly name: string;
  readonly defaults: Readonly<O>;
  /** The values `policy.variant` accepts, the default first; empty when the policy has none. */
  readonly variants: readonly string[];
  /** Fills defaults and checks each option; throws RangeError/TypeError naming it. */
  parse(raw: Record<string, unknown>): O;
  requirements(options: O, sizing: Sizing): PolicyRequirements;
  create(context: PolicyContext, options: O): Policy;
}

export interface PolicySpecification<O extends object> {
  name: string;
  defaults: O;
  /**
   * The rules `policy.variant` chooses between, the default first (which must be
   * `defaults.variant`); checked before `check` runs.
   */
  variants?: readonly string[];
  /** Checks the merged options (each check names its option: `policy.k`, …). */
  check?(options: O): void;
  requirements?(options: O, sizing: Sizing): PolicyRequirements;
  create(context: PolicyContext, options: O): Policy;
}

const NO_REQUIREMENTS: PolicyRequirements = { hashes: false, misses: false };

export function definePolicy<O extends object>(spec: PolicySpecification<O>): PolicyDefinition<O> {
  const allowed = ['name', ...Object.keys(spec.defaults)];
  const variants = Object.freeze([...(spec.variants ?? [])]);
  return {
    name: spec.name,
    defaults: Object.freeze({ ...spec.defaults }),
    variants,
    parse(raw) {
      for (const key of Object.keys(raw)) {
        if (!allowed.includes(key)) {
          throw new TypeError(`cortado: policy "${spec.name}" has no option "${key}"; allowed: ${allowed.join(', ')}`);
        }
      }
      const options = { ...spec.defaults } as O;
      for (const key of Object.keys(spec.defaults)) {
        if (raw[key] !== undefined) (options as Record<string, unknown>)[key] = raw[key];
      }
      if (variants.length > 0) {
        const variant = (options as { variant?: unknown }).variant;
        if (typeof variant !== 'string') {
          throw new TypeError(
            `cortado: policy.variant must be a string, one of ${variants.map((v) => `"${v}"`).join(', ')}; got ${describe(variant)}`,
          );
        }
        if (!variants.includes(variant)) {
          throw new RangeError(
            `cortado: policy.variant of "${spec.name}" must be one of ${variants.map((v) => `"${v}"`).join(', ')}; got ${describe(variant)}`,
          );
        }
      }
      spec.check?.(options);
      return options;
    },
    requirements: spec.requirements ?? (() => NO_REQUIREMENTS),
    create: spec.create,
  };
}
