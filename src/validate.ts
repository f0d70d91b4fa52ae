// Argument checks shared by the cache's options, its methods and the policies' options. Every
// error names the option or argument, and is thrown before anything changes.

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`cortado: ${name} must be a number, got ${describe(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`cortado: ${name} must not be NaN`);
  return value;
}

/** A number >= 0 (Infinity allowed when `infinite`). */
export function requireNonNegative(name: string, value: unknown, infinite = false): number {
  const n = requireNumber(name, value);
  if (n < 0) throw new RangeError(`cortado: ${name} must be >= 0, got ${n}`);
  if (!infinite && n === Infinity) throw new RangeError(`cortado: ${name} must be finite, got Infinity`);
  return n;
}

/** A number > 0 (Infinity allowed when `infinite`). */
export function requirePositive(name: string, value: unknown, infinite = false): number {
  const n = requireNumber(name, value);
  if (!(n > 0)) throw new RangeError(`cortado: ${name} must be > 0, got ${n}`);
  if (!infinite && n === Infinity) throw new RangeError(`cortado: ${name} must be finite, got Infinity`);
  return n;
}

/**
 * A budget or a cost: a number >= 0 (> 0 when `positive`) no larger than
 * Number.MAX_SAFE_INTEGER, so that sums of integer costs stay exact (fractional costs add up
 * with binary rounding, ~1e-16 relative); Infinity allowed when `infinite`.
 */
export function requireCost(name: string, value: unknown, positive: boolean, infinite = false): number {
  const n = positive ? requirePositive(name, value, infinite) : requireNonNegative(name, value, infinite);
  if (n > Number.MAX_SAFE_INTEGER && n !== Infinity) {
    throw new RangeError(`cortado: ${name} must be at most Number.MAX_SAFE_INTEGER (2^53 - 1), got ${n}`);
  }
  return n;
}

/** An integer in [min, max]. */
export function requireInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = requireNumber(name, value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`cortado: ${name} must be an integer from ${min} to ${max}, got ${n}`);
  }
  return n;
}

/** A fraction strictly between 0 and 1 (or including the ends when asked). */
export function requireFraction(name: string, value: unknown, inclusive = false): number {
  const n = requireNumber(name, value);
  const ok = inclusive ? n >= 0 && n <= 1 : n > 0 && n < 1;
  if (!ok)
    throw new RangeError(
      `cortado: ${name} must be ${inclusive ? 'from 0 to 1' : 'between 0 and 1 (exclusive)'}, got ${n}`,
    );
  return n;
}

export function requireFunction<F>(name: string, value: unknown): F {
  if (typeof value !== 'function') throw new TypeError(`cortado: ${name} must be a function, got ${describe(value)}`);
  return value as F;
}

export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`cortado: ${name} must be a boolean, got ${describe(value)}`);
  return value;
}

export function requireObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`cortado: ${name} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Rejects keys outside `allowed` (a typo in an option name is an error, not a silent default),
 * own or inherited: an option object made with Object.create(defaults) is checked whole.
 */
export function rejectUnknownKeys(name: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key in value) {
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      throw new TypeError(
        `cortado: unknown ${name} "${key}";${near === undefined ? '' : ` did you mean "${near}"?`} allowed: ${allowed.join(', ')}`,
      );
    }
  }
}

/**
 * Names users bring from other caches (lru-cache above all), and cortado's for each. Each is
 * suggested only where the option it names is allowed.
 */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  max: 'maxCost',
  maxSize: 'maxCost',
  maxEntrySize: 'maxCost',
  capacity: 'maxCost',
  sizeCalculation: 'cost',
  fetchMethod: 'load',
  dispose: 'onExit',
};

/**
 * The allowed name `key` most likely meant: a foreign alias, a case slip, or a letter or two
 * missing or added at the end (`bufferItem`, `lruu`).
 */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
  const alias = FOREIGN_NAMES[key];
  if (alias !== undefined && allowed.includes(alias)) return alias;
  const lower = key.toLowerCase();
  const near = (name: string): boolean => {
    const other = name.toLowerCase();
    const [short, long] = other.length < lower.length ? [other, lower] : [lower, other];
    return long.startsWith(short) && long.length - short.length <= 2 && short.length >= 3;
  };
  return allowed.find((name) => name.toLowerCase() === lower) ?? allowed.find(near);
}

/**
 * The `allowed` options of `value` (unknown keys rejected, as rejectUnknownKeys), each read once
 * (own or inherited, accessors included) into a plain object that the caller checks and then
 * uses. A getter or Proxy that answers differently on a second read cannot slip a value past
 * the checks: what is checked is what is used.
 */
export function readOptions(
  name: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
): Record<string, unknown> {
  rejectUnknownKeys(name, value, allowed);
  const copy: Record<string, unknown> = {};
  for (const key of allowed) {
    const option = value[key];
    if (option !== undefined) copy[key] = option;
  }
  return copy;
}
