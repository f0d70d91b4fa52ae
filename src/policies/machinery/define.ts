// How a policy describes itself to the registry: its name, its options with their defaults, docs
// and checks, its variants (rules that differ from the default, e.g. cachekit's exact behaviour,
// chosen by `policy.variant`), what it needs from the store (hashes, a sketch), and a factory.
// The definition is the one place a policy's options are written: their public types
// (PolicyOptionsMap, OptionsOf) are derived from its `defaults`, TSDoc included.

import type { Policy, PolicyContext, PolicyRequirements } from '../../policy.js';
import { describe } from '../../validate.js';

/** What the store knows about its size when a policy is set up. */
export interface Sizing {
  maxCost: number;
  /** Frequency-sketch counters (the `numCounters` option, or a default derived from maxCost). */
  numCounters: number;
}

/**
 * An option's type from its default: numbers, booleans and strings widened, and a list of names
 * (`variant: ['paper', 'cachekit']`, the default first: no other option's default is an array)
 * as the union of the names.
 */
type OptionType<T> = T extends readonly (infer V extends string)[]
  ? V
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends string
        ? string
        : T;

/** A policy's options after parsing, typed from its defaults. */
export type ParsedOptions<D> = { -readonly [K in keyof D]: OptionType<D[K]> };

/**
 * Whether `value` is a policy's definition, as `cortado/policies` exports them (`policy: lirs`):
 * an object with a `create` function, which no `{ name, ...options }` has (no policy has an option
 * of that name). Structural, so that a value from one bundle (`cortado/policies`) is known to a
 * Cache from another (`cortado`).
 */
export function isPolicyValue(value: unknown): value is PolicyDefinition<string, any> {
  return typeof (value as { create?: unknown } | null)?.create === 'function';
}

/**
 * A policy as a value (`cortado/policies`): its name, its variants, and its options' parser. Its
 * type has no class in it, so that the declarations of two entries (each with its own copy of
 * the store's classes) describe the same policies.
 */
export interface DefinedPolicy<N extends string = string, O extends object = object> {
  readonly name: N;
  /** The values `policy.variant` accepts, the default first; empty when the policy has none. */
  readonly variants: readonly string[];
  /** Fills defaults and checks each option; throws RangeError/TypeError naming it. */
  parse(raw: Record<string, unknown>): O;
}

/** What the store calls on a definition (every DefinedPolicy is one: definePolicy makes them). */
export interface PolicyDefinition<N extends string = string, O extends object = object> extends DefinedPolicy<N, O> {
  requirements(options: O, sizing: Sizing): PolicyRequirements;
  create(context: PolicyContext, options: O): Policy;
}

/** The options a user may give a defined policy (each one optional), with their docs. */
export type OptionsOf<D> = D extends DefinedPolicy<string, infer O> ? Partial<O> : never;

export interface PolicySpecification<N extends string, D extends object> {
  name: N;
  /**
   * Every option with its default and a TSDoc comment (users see it on the option); a policy
   * with variants lists them here, the default first: `variant: ['paper', 'cachekit']`.
   */
  defaults: D;
  /** Checks the merged options (each check names its option: `policy.k`, …). */
  check?(options: ParsedOptions<D>): void;
  requirements?(options: ParsedOptions<D>, sizing: Sizing): PolicyRequirements;
  create(context: PolicyContext, options: ParsedOptions<D>): Policy;
}

const NO_REQUIREMENTS: PolicyRequirements = { hashes: false, misses: false };

export function definePolicy<N extends string, const D extends object>(
  spec: PolicySpecification<N, D>,
): DefinedPolicy<N, ParsedOptions<D>> {
  type O = ParsedOptions<D>;
  const allowed = ['name', ...Object.keys(spec.defaults)];
  const defaults: Record<string, unknown> = {};
  let variantNames: readonly string[] = [];
  for (const [key, value] of Object.entries(spec.defaults)) {
    if (Array.isArray(value)) variantNames = value;
    defaults[key] = Array.isArray(value) ? value[0] : value;
  }
  const definition: PolicyDefinition<N, O> = {
    name: spec.name,
    variants: variantNames,
    parse(raw: Record<string, unknown>): O {
      for (const key of Object.keys(raw)) {
        if (!allowed.includes(key)) {
          throw new TypeError(`cortado: policy "${spec.name}" has no option "${key}"; allowed: ${allowed.join(', ')}`);
        }
      }
      const options = { ...defaults };
      for (const key of Object.keys(defaults)) {
        if (raw[key] !== undefined) options[key] = raw[key];
      }
      // A variant of another type is a TypeError, an unknown name a RangeError; one message.
      const variant = options.variant;
      if (variantNames.length > 0 && !variantNames.includes(variant as string)) {
        const message = `cortado: policy.variant of "${spec.name}" must be one of ${variantNames.map((v) => `"${v}"`).join(', ')}; got ${describe(variant)}`;
        throw typeof variant === 'string' ? new RangeError(message) : new TypeError(message);
      }
      spec.check?.(options as O);
      return options as O;
    },
    requirements: spec.requirements ?? (() => NO_REQUIREMENTS),
    create: spec.create,
  };
  return definition;
}
