// The reference model and its checker: a Harness drives a real Cache beside the model and checks
// it after every call. Inputs come from ops.ts; runs, shrinking and reports live in run.ts.
//
// The model cannot predict which entry a policy evicts, so it learns evictions from the events:
// the entries it holds are exactly the values that entered (set() returned true) minus the values
// that left (onExit). That makes it exact for every policy, and after every top-level call it
// checks: the cache holds exactly the model's entries (key by key, value by identity, expired ones
// included, through a clock probe), size and cost agree, cost <= maxCost and >= 0, reads return
// the model's value or nothing (per the TTL window the injected clock allows), a set() that
// returned true is readable at once, a set() that was not refused by shouldUpdate made the
// previous value leave, every value leaves through exactly one onExit (paired with onEvict /
// onReject), onExit never sees undefined, event reasons are possible, clear() empties, errors are
// the expected ones (a callback's own error, a TypeError naming `clock` for a clock returning
// garbage, an Error naming the callback for a write from inside cost / shouldUpdate, a RangeError
// for a bad budget), and calls do not run away (callbacks and clock reads per op are bounded).
//
// Callbacks are scripted by a per-op seed: they move the clock (also inside cost and
// shouldUpdate), call back into the cache (reads anywhere; writes from event callbacks, which must
// work, and from cost / shouldUpdate, which must throw), and throw.
//
// One class over ~850 lines, past the usual ~600, for a reason: the callbacks, the nested calls
// they make and the checks all read and update the same model state (values' states, the call
// stack of frames, the expected onExit), and splitting them would scatter that state.

import { Cache, type CacheOptions, type ExitReason, type PolicySpec } from '../../src/index.js';
import { rng } from '../helpers.js';
import { KEY_POOL, describeKey, sameKey } from './keys.js';
import { Neighbours } from './neighbours.js';
import {
  BAD_CLOCK_VALUES,
  describeBad,
  finiteBudget,
  formatOp,
  formatOptions,
  genCost,
  genKey,
  genTtl,
  pick,
  shifty,
  type Config,
  type KeyOp,
  type Op,
  type Rand,
  type SetOp,
} from './ops.js';

export * from './ops.js';

const MAX_DEPTH = 2;
const MAX_CALLBACKS_PER_OP = 50_000;
const MAX_CLOCK_READS_PER_OP = 1_000_000;
const SLOW_OP_MS = 5_000;
/** Ops between two rounds of the neighbour caches (./neighbours.ts). */
const NEIGHBOUR_EVERY = 100;

// ─── the harness ──────────────────────────────────────────────────────────────────────────

/** A model/cache disagreement: the cache broke its contract (or the model is wrong). */
export class Divergence extends Error {
  constructor(
    readonly kind: string,
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/** An error a scripted callback throws on purpose. */
class FuzzThrow extends Error {
  constructor(readonly where: string) {
    super(`fuzz: thrown on purpose by ${where}`);
  }
}

const PENDING = 0; // being set
const ALIVE = 1; // entered the cache
const EXITED = 2; // left through onExit
const UNUSED = 3; // never stored (setIfPresent of an absent key, validator refusal, thrown set)

/** A cached value: unique per set() (except `same` re-sets), carrying what the model knows. */
export interface Val {
  readonly id: number;
  readonly key: unknown;
  /** What the cost callback returns for it. */
  readonly c: number;
  state: number;
  reason: string;
  /** The cost it was stored with. */
  cost: number;
  /** Its expiry time lies in [lo, hi] (Infinity: never); hi is Infinity while being set. */
  lo: number;
  hi: number;
}

function isVal(v: unknown): v is Val {
  return typeof v === 'object' && v !== null && (v as { __fuzz?: true }).__fuzz === true;
}

interface Frame {
  kind: string;
  label: string;
  key: unknown;
  v: Val | undefined;
  depth: number;
  thrown: unknown[];
  guards: unknown[];
  poisoned: boolean;
  badCost: boolean;
  validatorRefused: boolean;
  preMutation: boolean;
  swallowedGuard: boolean;
  /** A write attempted from inside this callback: it must throw an Error naming it. */
  expectGuard: string;
  expectRange: boolean;
}

/** The injected clock: scripted ticks, optional drift per read, and one-shot garbage readings. */
class FuzzClock {
  time: number;
  /** > 0 while the harness itself reads the cache: no drift, no garbage. */
  hold = 0;
  /** Returned while held, when set (a probe far in the past shows expired entries too). */
  override: number | undefined;
  armed = false;
  poison: unknown;
  reads = 0;
  private readonly drift: Rand | undefined;

  constructor(
    start: number,
    realtime: boolean,
    seed: number,
    private readonly onPoison: () => void,
    private readonly onRunaway: () => void,
  ) {
    this.time = start;
    this.drift = realtime ? rng(seed ^ 0x1b873593) : undefined;
  }

  now = (): number => {
    if (this.hold > 0) return this.override ?? this.time;
    if (++this.reads > MAX_CLOCK_READS_PER_OP) this.onRunaway();
    if (this.armed) {
      this.armed = false;
      this.onPoison();
      return this.poison as number;
    }
    if (this.drift !== undefined && this.drift(3) === 0) this.time += 1;
    return this.time;
  };
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (isVal(v))
    return `v${v.id}(key ${describeKey(v.key)}, ${['pending', 'alive', 'exited', 'unused'][v.state]}${v.reason ? ` ${v.reason}` : ''})`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  return typeof v;
}

export class Harness {
  readonly cache: Cache<unknown, Val>;
  readonly clock: FuzzClock;
  /** The entries the cache must hold: entered minus exited. */
  private readonly model = new Map<unknown, Val>();
  /** Values replaced in the model by a nested set() before their own exit was reported. */
  private readonly displaced = new Set<Val>();
  private readonly stack: Frame[] = [];
  private nextId = 1;
  private cr: Rand = rng(1);
  private expectExit: { v: Val; reason: string } | undefined;
  private callbacks = 0;
  private hits = 0;
  private misses = 0;
  private uncertainMisses = 0;
  failure: Divergence | undefined;
  /** Callbacks only record (the final clear()). */
  private quiet = false;
  private readonly neighbours: Neighbours | undefined;
  private steps = 0;

  constructor(
    readonly config: Config,
    private readonly log?: string[],
  ) {
    this.clock = new FuzzClock(
      config.clockStart,
      config.features.realtimeClock,
      config.seed,
      () => this.onPoison(),
      () => this.fail('runaway', `more than ${MAX_CLOCK_READS_PER_OP} clock reads in one op`),
    );
    const policy = (
      config.policyOptions ? { name: config.policy, ...config.policyOptions } : config.policy
    ) as PolicySpec;
    const options: CacheOptions<unknown, Val> = {
      maxCost: config.maxCost,
      policy,
      clock: this.clock,
      seed: config.seed,
      metrics: config.metrics,
      bufferItems: config.bufferItems,
      onExit: (k, v, reason) => this.onExit(k, v, reason),
    };
    if (config.ttl !== 0) options.ttl = config.ttl;
    if (config.numCounters !== undefined) options.numCounters = config.numCounters;
    if (config.costFn) options.cost = (v, k) => this.onCost(v, k);
    if (config.validator) options.shouldUpdate = (cur, next) => this.onShouldUpdate(cur, next);
    if (config.listeners === 'all') {
      options.onEvict = (k, v, reason) => this.onEvict(k, v, reason);
      options.onReject = (k, v) => this.onReject(k, v);
    }
    if (config.features.badBudgets) {
      for (const bad of [2 ** 53, 2 ** 60, 0, NaN]) {
        let error: unknown;
        try {
          new Cache({ ...options, maxCost: bad }).close();
        } catch (e) {
          error = e;
        }
        if (!(error instanceof RangeError) || !/maxCost/.test(error.message)) {
          this.fail(
            'bad-maxCost-accepted',
            `new Cache({ maxCost: ${bad} }) did not throw a RangeError naming maxCost (${describeValue(error)})`,
          );
        }
      }
    }
    this.cache = new Cache<unknown, Val>(options);
    if (config.features.neighbourCaches) this.neighbours = new Neighbours();
  }

  // ─── failing ──────────────────────────────────────────────────────────────────────────

  private fail(kind: string, detail: string): never {
    if (this.failure === undefined) {
      this.failure = new Divergence(kind, detail);
      this.log?.push(`!! ${kind}: ${detail}`);
    }
    throw this.failure;
  }

  private note(depth: number, line: string): void {
    this.log?.push(`${'    '.repeat(depth + 1)}${line}`);
  }

  // ─── one top-level op ─────────────────────────────────────────────────────────────────

  /** Runs one op and checks everything; throws a Divergence on the first disagreement. */
  step(op: Op): void {
    if (this.failure) throw this.failure;
    this.callbacks = 0;
    this.clock.reads = 0;
    const started = performance.now();
    if ('s' in op) this.cr = rng(op.s);
    switch (op.t) {
      case 'tick':
        this.clock.time += op.ms;
        this.note(-1, `${formatOp(op)} → ${this.clock.time}`);
        break;
      case 'poison':
        this.clock.armed = true;
        this.clock.poison = BAD_CLOCK_VALUES[op.bad];
        this.note(-1, formatOp(op));
        break;
      default:
        this.exec(op, 0, '');
    }
    if (this.failure) throw this.failure;
    this.fullCheck();
    const took = performance.now() - started;
    if (took > SLOW_OP_MS) this.fail('slow-op', `${formatOp(op)} took ${took.toFixed(0)} ms`);
    if (this.neighbours !== undefined && ++this.steps % NEIGHBOUR_EVERY === 0) {
      const wrong = this.neighbours.step(rng(this.config.seed ^ this.steps));
      if (wrong !== undefined) this.fail('neighbour', wrong);
    }
  }

  private exec(op: Op, depth: number, inDecide: string): unknown {
    switch (op.t) {
      case 'set':
      case 'setIfPresent':
        return this.doSet(op, depth, inDecide);
      case 'get':
      case 'peek':
      case 'has':
      case 'getTTL':
        return this.doRead(op, depth, inDecide);
      case 'delete':
        return this.doDelete(op, depth, inDecide);
      case 'clear':
        return this.doClear(depth, inDecide);
      case 'purge':
        return this.doPurge(depth, inDecide);
      case 'flush':
        return this.invoke(this.frame('flush', 'flush()', undefined, undefined, depth, ''), () => this.cache.flush())
          .err;
      case 'iterate':
        return this.doIterate(depth);
      case 'iterDelete':
        return this.doIterDelete(depth);
      case 'maxCost':
        return this.doMaxCost(op.v, depth, inDecide);
      default:
        return undefined;
    }
  }

  private frame(kind: string, label: string, key: unknown, v: Val | undefined, depth: number, inDecide: string): Frame {
    return {
      kind,
      label,
      key,
      v,
      depth,
      thrown: [],
      guards: [],
      poisoned: false,
      badCost: false,
      validatorRefused: false,
      preMutation: false,
      swallowedGuard: false,
      expectGuard: inDecide,
      expectRange: false,
    };
  }

  /** Calls the cache with a frame on the stack; checks that any error is one the frame expects. */
  private invoke<T>(f: Frame, fn: () => T): { ok: boolean; value: T | undefined; err: unknown } {
    this.note(f.depth, f.label);
    this.stack.push(f);
    let ok = true;
    let value: T | undefined;
    let err: unknown;
    try {
      value = fn();
    } catch (e) {
      ok = false;
      err = e;
    } finally {
      this.stack.pop();
    }
    if (this.failure) throw this.failure;
    if (!ok) {
      this.note(f.depth, `  threw ${describeValue(err)}`);
      if (!this.expected(f, err)) {
        this.fail(
          'unexpected-error',
          `${f.label} threw ${err instanceof Error ? (err.stack ?? err.message) : describeValue(err)}`,
        );
      }
    } else {
      this.note(f.depth, `  → ${describeValue(value)}`);
      if (f.poisoned) {
        this.fail(
          'clock-garbage-accepted',
          `${f.label} read clock.now() = ${describeBad(this.clock.poison)} and did not throw a TypeError naming clock`,
        );
      }
      if (f.expectGuard !== '') {
        this.fail(
          `write-inside-${f.expectGuard}-allowed`,
          `${f.label} from inside the ${f.expectGuard} callback did not throw`,
        );
      }
      if (f.expectRange) this.fail('bad-maxCost-accepted', `${f.label} did not throw a RangeError`);
    }
    return { ok, value, err };
  }

  private expected(f: Frame, err: unknown): boolean {
    if (err instanceof FuzzThrow) {
      if (f.thrown.length > 0 && err !== f.thrown[0]) {
        this.fail(
          'not-first-error',
          `${f.label} threw ${err.message}, not the first callback error (${(f.thrown[0] as Error).message})`,
        );
      }
      return f.thrown.includes(err);
    }
    if (f.guards.includes(err)) return true;
    if (!(err instanceof Error)) return false;
    if (f.expectGuard !== '' && err.message.includes(f.expectGuard)) return true;
    if (f.swallowedGuard && /cost|shouldUpdate/.test(err.message)) return true;
    if (f.poisoned && err instanceof TypeError && /clock/.test(err.message)) return true;
    if (f.badCost && err instanceof RangeError && /cost/.test(err.message)) return true;
    if (f.expectRange && err instanceof RangeError && /maxCost/.test(err.message)) return true;
    return false;
  }

  private top(where: string): Frame {
    const f = this.stack[this.stack.length - 1];
    if (f === undefined) this.fail('callback-outside-call', `${where} ran while no cache call was in progress`);
    if (++this.callbacks > MAX_CALLBACKS_PER_OP)
      this.fail('runaway', `more than ${MAX_CALLBACKS_PER_OP} callbacks in one op`);
    return f;
  }

  private onPoison(): void {
    const f = this.stack[this.stack.length - 1];
    if (f === undefined) this.fail('clock-read-outside-call', 'the clock was read while no cache call was in progress');
    f.poisoned = true;
  }

  /** Runs `fn` with the clock held: the harness's own reads must not move or poison it. */
  private held<T>(fn: () => T, override?: number): T {
    this.clock.hold++;
    const saved = this.clock.override;
    this.clock.override = override;
    try {
      return fn();
    } finally {
      this.clock.override = saved;
      this.clock.hold--;
    }
  }

  /** What the cache holds for `key`, expired or not (the clock probe reads far in the past). */
  private rawPeek(key: unknown): Val | undefined {
    return this.held(() => this.cache.peek(key), -1e300);
  }

  // ─── sets ─────────────────────────────────────────────────────────────────────────────

  private newVal(key: unknown): Val {
    const m = this.held(() => this.cache.maxCost);
    const c = pick(this.cr, [
      0,
      1,
      1,
      1,
      2,
      3,
      0.5,
      this.config.features.inexactCosts ? 0.1 : 0.25,
      Number.isFinite(m) ? m + 1 : 1,
    ]);
    return {
      __fuzz: true,
      id: this.nextId++,
      key,
      c,
      state: UNUSED,
      reason: '',
      cost: 0,
      lo: Infinity,
      hi: Infinity,
    } as Val;
  }

  private doSet(op: SetOp, depth: number, inDecide: string): unknown {
    const x = this.config.features;
    const key = KEY_POOL[op.k];
    const before = this.model.get(key);
    // Re-setting the value a key holds: only for entries without a TTL, so the value cannot expire
    // (leave) and come back within one call, which the model's one-way value states cannot express.
    const same = op.same === true && before !== undefined && before.lo === Infinity && !this.clock.armed;
    const v = same ? before : this.newVal(key);
    const budget = this.held(() => this.cache.maxCost);
    let cost = op.cost;
    const present = before !== undefined;
    if (!x.oversizeUpdates && present) {
      // Profiles without oversize updates keep a present key's new cost within the budget.
      if ((cost ?? (this.config.costFn ? v.c : 1)) > budget) cost = budget;
    }
    if (same && cost === undefined) cost = Math.min(v.cost, budget);
    const options: { cost?: number; ttl?: number } = {};
    if (cost !== undefined) options.cost = cost;
    if (op.ttl !== undefined) options.ttl = op.ttl;
    const effCost = cost ?? (this.config.costFn ? v.c : 1);
    const ttl = op.ttl ?? this.config.ttl;
    const never = ttl === 0 || ttl === Infinity;
    const label = `${op.t}(${describeKey(key)}, v${v.id}${same ? ' (same value)' : ''}${formatOptions(options)})`;
    const f = this.frame(op.t, label, key, v, depth, inDecide);
    // What the cache holds for the key right now (inside callbacks the model may lag behind).
    const held = op.t === 'setIfPresent' ? this.rawPeek(key) : undefined;
    const t0 = this.clock.time;
    const saved = same ? { lo: v.lo, hi: v.hi, cost: v.cost } : undefined;
    if (!same) {
      v.state = PENDING;
      v.lo = never ? Infinity : t0 + ttl;
      v.hi = Infinity;
    } else if (!never) {
      // While the call runs the value may already carry its new TTL (and expire under it).
      v.lo = Math.min(v.lo, t0 + ttl);
    }
    const passed = x.shiftyOptions ? shifty(options, op.s) : options;
    const res = this.invoke(f, () =>
      op.t === 'set' ? this.cache.set(key, v, passed) : this.cache.setIfPresent(key, v, passed),
    );
    const t1 = this.clock.time;
    const lo = never ? Infinity : t0 + ttl;
    const hi = never ? Infinity : t1 + ttl;

    if (!res.ok) {
      if (inDecide !== '') {
        if (!same) v.state = UNUSED;
        return res.err;
      }
      if (f.preMutation || f.guards.includes(res.err) || (f.swallowedGuard && !(res.err instanceof FuzzThrow))) {
        // User code inside the write threw: nothing may have changed.
        if (!same) {
          if (v.state !== PENDING)
            this.fail('thrown-set-changed-cache', `${label} threw from user code, yet ${describeValue(v)} had events`);
          v.state = UNUSED;
          if (this.rawPeek(key) === v)
            this.fail('thrown-set-changed-cache', `${label} threw from user code, yet stored its value`);
        }
        return res.err;
      }
      // An event callback threw after the write, or the clock returned garbage: learn what happened.
      if (!same && v.state === PENDING) {
        if (this.rawPeek(key) === v) this.enter(v, key, effCost, lo, hi);
        else v.state = UNUSED;
      } else if (same && v.state === ALIVE && !f.poisoned && !f.validatorRefused) {
        this.enter(v, key, effCost, lo, hi);
      }
      if (depth === 0 && !f.poisoned) this.checkPreviousLeft(label, before, v, f);
      return res.err;
    }

    const stored = res.value;
    if (typeof stored !== 'boolean') this.fail('set-result', `${label} returned ${describeValue(stored)}`);
    if (stored) {
      if (f.validatorRefused)
        this.fail('stored-despite-validator', `${label} returned true after shouldUpdate returned false`);
      if (v.state === EXITED) {
        if (v.reason === 'rejected')
          this.fail('true-but-rejected', `${label} returned true, but its value was rejected`);
      } else {
        this.enter(v, key, effCost, lo, hi);
        if (lo > t1) {
          const seen = this.held(() => this.cache.peek(key));
          if (seen !== v)
            this.fail('stored-but-unreadable', `${label} returned true, then peek() gave ${describeValue(seen)}`);
        }
      }
    } else if (f.validatorRefused) {
      if (!same) {
        if (v.state !== PENDING)
          this.fail('refused-value-had-events', `${label}: shouldUpdate refused, yet ${describeValue(v)} had events`);
        v.state = UNUSED;
      } else if (saved) {
        Object.assign(v, saved);
      }
    } else if (v.state === EXITED) {
      // Refused with an event (admission, cost > maxCost, evicted as it arrived).
    } else if (op.t === 'setIfPresent' && (held === undefined || held.lo <= t1 || held.state === EXITED)) {
      if (!same) v.state = UNUSED;
    } else {
      this.fail(
        'refused-without-event',
        `${label} returned false, but its value ${describeValue(v)} neither left through onExit nor was refused by shouldUpdate`,
      );
    }
    if (depth === 0) this.checkPreviousLeft(label, before, v, f);
    return undefined;
  }

  /** A write that shouldUpdate did not refuse replaced the previous value: it must have left. */
  private checkPreviousLeft(label: string, before: Val | undefined, v: Val, f: Frame): void {
    if (before === undefined || before === v || f.validatorRefused || before.state === EXITED) return;
    this.fail(
      'old-value-survived',
      `${label} was not refused by shouldUpdate, yet the previous value ${describeValue(before)} is still cached (no onExit); peek() = ${describeValue(this.rawPeek(before.key))}`,
    );
  }

  private enter(v: Val, key: unknown, cost: number, lo: number, hi: number): void {
    const current = this.model.get(key);
    if (current !== undefined && current !== v && current.state !== EXITED) this.displaced.add(current);
    v.state = ALIVE;
    v.cost = cost;
    v.lo = lo;
    v.hi = hi;
    this.model.set(key, v);
  }

  // ─── reads and deletes ────────────────────────────────────────────────────────────────

  private doRead(op: KeyOp, depth: number, inDecide: string): unknown {
    const key = KEY_POOL[op.k];
    const before = this.model.get(key);
    const exitsBefore = this.exits;
    const label = `${op.t}(${describeKey(key)})`;
    const f = this.frame(op.t, label, key, undefined, depth, '');
    const t0 = this.clock.time;
    const res = this.invoke(f, (): unknown => {
      switch (op.t) {
        case 'get':
          return this.cache.get(key);
        case 'peek':
          return this.cache.peek(key);
        case 'has':
          return this.cache.has(key);
        default:
          return this.cache.getTTL(key);
      }
    });
    const t1 = this.clock.time;
    if (!res.ok) {
      if (op.t === 'get') this.uncertainMisses++;
      return res.err;
    }
    const r = res.value;
    if (op.t === 'get') {
      if (r === undefined) this.misses++;
      else this.hits++;
    }
    if (op.t === 'get' || op.t === 'peek') {
      if (r !== undefined) {
        if (!isVal(r)) this.fail('foreign-value', `${label} returned ${describeValue(r)}`);
        if (!sameKey(r.key, key))
          this.fail('wrong-key-value', `${label} returned ${describeValue(r)}, another key's value`);
        if (r.state === EXITED || r.state === UNUSED)
          this.fail('stale-value', `${label} returned ${describeValue(r)}, a value that is not cached`);
      }
      if (depth === 0 && inDecide === '') {
        if (r !== undefined) {
          if (r !== before)
            this.fail('wrong-value', `${label} returned ${describeValue(r)}; the model holds ${describeValue(before)}`);
          if (before.hi <= t0)
            this.fail(
              'expired-value-returned',
              `${label} returned ${describeValue(r)}, which expired at <= ${before.hi} (now ${t0})`,
            );
        } else if (before !== undefined && before.lo > t1) {
          this.fail(
            'live-value-missing',
            `${label} returned undefined; the model holds ${describeValue(before)}, live until >= ${before.lo} (now ${t1})`,
          );
        }
        if (op.t === 'get' && r === undefined && before !== undefined && before.state !== EXITED) {
          this.fail('expired-entry-kept', `get() missed ${describeValue(before)} but it did not leave through onExit`);
        }
      }
    } else if (op.t === 'has') {
      if (typeof r !== 'boolean') this.fail('has-result', `${label} returned ${describeValue(r)}`);
      if (depth === 0 && inDecide === '') {
        if (r && (before === undefined || before.hi <= t0))
          this.fail('has-wrong', `${label} = true; the model holds ${describeValue(before)} (now ${t0})`);
        if (!r && before !== undefined && before.lo > t1)
          this.fail('has-wrong', `${label} = false; the model holds ${describeValue(before)} (now ${t1})`);
      }
    } else if (depth === 0 && inDecide === '') {
      // getTTL
      if (before === undefined) {
        if (r !== undefined) this.fail('getTTL-wrong', `${label} = ${r} for an absent key`);
      } else if (before.lo === Infinity) {
        if (r !== Infinity)
          this.fail('getTTL-wrong', `${label} = ${describeValue(r)} for ${describeValue(before)}, which has no TTL`);
      } else if (r === undefined) {
        if (before.lo > t1)
          this.fail(
            'getTTL-wrong',
            `${label} = undefined, but ${describeValue(before)} lives until >= ${before.lo} (now ${t1})`,
          );
      } else if (typeof r !== 'number' || !(r > 0) || r > before.hi - t0 || r < before.lo - t1) {
        this.fail(
          'getTTL-wrong',
          `${label} = ${describeValue(r)}; expected a value in [${before.lo - t1}, ${before.hi - t0}] for ${describeValue(before)}`,
        );
      }
    }
    if ((op.t === 'peek' || op.t === 'has' || op.t === 'getTTL') && this.exits !== exitsBefore) {
      this.fail('read-had-side-effects', `${label} fired onExit`);
    }
    return undefined;
  }

  private doDelete(op: KeyOp, depth: number, inDecide: string): unknown {
    const key = KEY_POOL[op.k];
    const before = this.model.get(key);
    const label = `delete(${describeKey(key)})`;
    const f = this.frame('delete', label, key, undefined, depth, inDecide);
    const t0 = this.clock.time;
    const res = this.invoke(f, () => this.cache.delete(key));
    const t1 = this.clock.time;
    if (inDecide !== '') return res.err;
    if (depth === 0 && !f.poisoned) {
      if (before !== undefined && before.state !== EXITED) {
        this.fail(
          'delete-kept-value',
          `${label} left ${describeValue(before)} in the cache (no onExit); peek() = ${describeValue(this.rawPeek(key))}`,
        );
      }
      if (res.ok) {
        if (res.value === true) {
          if (before === undefined) this.fail('delete-wrong', `${label} = true for an absent key`);
          if (before.hi <= t0)
            this.fail('delete-wrong', `${label} = true for ${describeValue(before)}, expired (now ${t0})`);
          if (before.reason !== 'delete')
            this.fail('delete-wrong', `${label} = true but ${describeValue(before)} left as ${before.reason}`);
        } else if (res.value === false) {
          if (before !== undefined && before.lo > t1)
            this.fail('delete-wrong', `${label} = false for live ${describeValue(before)}`);
        } else {
          this.fail('delete-result', `${label} returned ${describeValue(res.value)}`);
        }
      }
    }
    return res.err;
  }

  // ─── whole-cache ops ──────────────────────────────────────────────────────────────────

  private doClear(depth: number, inDecide: string): unknown {
    const held = [...this.model.values()];
    const f = this.frame('clear', 'clear()', undefined, undefined, depth, inDecide);
    const res = this.invoke(f, () => this.cache.clear());
    if (inDecide === '' && depth === 0) {
      for (const v of held)
        if (v.state !== EXITED) this.fail('clear-kept-value', `clear() left ${describeValue(v)} (no onExit)`);
    }
    return res.err;
  }

  private doPurge(depth: number, inDecide: string): unknown {
    const held = [...this.model.values()];
    const f = this.frame('purge', 'purgeExpired()', undefined, undefined, depth, inDecide);
    const t0 = this.clock.time;
    const res = this.invoke(f, () => this.cache.purgeExpired());
    const t1 = this.clock.time;
    if (inDecide === '' && depth === 0 && res.ok) {
      const surely = held.filter((v) => v.hi <= t0);
      const possibly = held.filter((v) => v.lo <= t1).length;
      const n = res.value as number;
      if (!(n >= surely.length && n <= possibly)) {
        this.fail(
          'purge-count',
          `purgeExpired() = ${n}; between ${surely.length} and ${possibly} entries were due (now ${t0}..${t1})`,
        );
      }
      for (const v of surely)
        if (v.state !== EXITED) this.fail('purge-missed', `purgeExpired() kept ${describeValue(v)}, due at <= ${v.hi}`);
    }
    return res.err;
  }

  private doMaxCost(value: number, depth: number, inDecide: string): unknown {
    const previous = this.held(() => this.cache.maxCost);
    const valid = value > 0 && (value <= Number.MAX_SAFE_INTEGER || value === Infinity);
    const f = this.frame('maxCost', `maxCost = ${value}`, undefined, undefined, depth, inDecide);
    f.expectRange = !valid && inDecide === '';
    const changesBefore = this.budgetChanges;
    const res = this.invoke(f, () => {
      this.cache.maxCost = value;
    });
    const now = this.held(() => this.cache.maxCost);
    const nested = this.budgetChanges !== changesBefore; // a callback set maxCost too
    if (res.ok) this.budgetChanges++;
    if (nested) return res.err;
    if (inDecide !== '' || !valid) {
      if (now !== previous)
        this.fail('maxCost-changed', `maxCost = ${value} threw, yet maxCost is now ${now} (was ${previous})`);
    } else if (res.ok && now !== value) {
      this.fail('maxCost-wrong', `maxCost = ${value}, then maxCost reads ${now}`);
    }
    return res.err;
  }

  private doIterate(depth: number): unknown {
    const f = this.frame('iterate', 'entries()', undefined, undefined, depth, '');
    const res = this.invoke(f, () => [...this.cache.entries()]);
    if (!res.ok) return res.err;
    const entries = res.value!;
    this.held(() => {
      const keys = [...this.cache.keys()];
      const values = [...this.cache.values()];
      const spread = [...this.cache];
      const each: [unknown, unknown][] = [];
      this.cache.forEach((v, k) => each.push([k, v]));
      const again = [...this.cache.entries()];
      const same =
        keys.length === again.length &&
        values.length === again.length &&
        spread.length === again.length &&
        each.length === again.length &&
        again.every(
          ([k, v], i) =>
            sameKey(keys[i], k) &&
            values[i] === v &&
            sameKey(spread[i]![0], k) &&
            spread[i]![1] === v &&
            sameKey(each[i]![0], k) &&
            each[i]![1] === v,
        );
      if (!same)
        this.fail('iteration-disagrees', 'entries(), keys(), values(), forEach() and the iterator do not agree');
    });
    for (const [k, v] of entries) {
      if (!isVal(v) || !sameKey(v.key, k))
        this.fail('iteration-wrong-pair', `entries() yielded ${describeKey(k)} = ${describeValue(v)}`);
      if (depth === 0 && this.model.get(k) !== v) {
        this.fail(
          'iteration-wrong-pair',
          `entries() yielded ${describeKey(k)} = ${describeValue(v)}; the model holds ${describeValue(this.model.get(k))}`,
        );
      }
    }
    return undefined;
  }

  private doIterDelete(depth: number): unknown {
    if (depth > 0) return undefined;
    const seen = new Map<unknown, Val>();
    const it = this.held(() => this.cache.entries());
    this.note(0, 'entries() (deleting every other key)');
    for (;;) {
      const next = this.held(() => it.next());
      if (next.done) break;
      const [k, v] = next.value;
      // Map order: a key deleted and set again (by a callback) comes again, with its new value.
      if (seen.get(k) === v)
        this.fail('iteration-repeats-key', `entries() yielded ${describeKey(k)} = ${describeValue(v)} twice`);
      seen.set(k, v);
      if (this.model.get(k) !== v) {
        this.fail(
          'iteration-wrong-pair',
          `entries() yielded ${describeKey(k)} = ${describeValue(v)} while deleting; the model holds ${describeValue(this.model.get(k))}`,
        );
      }
      if (this.cr(2) === 0) {
        const index = KEY_POOL.findIndex((p) => sameKey(p, k));
        this.doDelete({ t: 'delete', k: index, s: 0 }, 0, '');
      }
    }
    return undefined;
  }

  // ─── callbacks ────────────────────────────────────────────────────────────────────────

  private onCost(value: Val, key: unknown): number {
    const f = this.top('cost');
    this.note(f.depth, `  cost(${describeValue(value)})`);
    if (f.v !== value || !sameKey(key, f.key)) {
      this.fail('cost-arguments', `cost(${describeValue(value)}, ${describeKey(key)}) inside ${f.label}`);
    }
    this.decide(f, 'cost');
    if (this.cr(100) === 0) {
      f.badCost = true;
      f.preMutation = true;
      return NaN;
    }
    return value.c;
  }

  private onShouldUpdate(current: Val, next: Val): boolean {
    const f = this.top('shouldUpdate');
    this.note(f.depth, `  shouldUpdate(${describeValue(current)}, ${describeValue(next)})`);
    if (
      f.v !== next ||
      !isVal(current) ||
      !sameKey(current.key, f.key) ||
      current.state === EXITED ||
      current.state === UNUSED
    ) {
      this.fail(
        'shouldUpdate-arguments',
        `shouldUpdate(${describeValue(current)}, ${describeValue(next)}) inside ${f.label}`,
      );
    }
    this.decide(f, 'shouldUpdate');
    const ok = this.cr(100) >= 15;
    if (!ok) f.validatorRefused = true;
    return ok;
  }

  /** What cost / shouldUpdate do besides answering: move the clock, read, try to write, throw. */
  private decide(f: Frame, name: 'cost' | 'shouldUpdate'): void {
    const x = this.config.features;
    const r = this.cr;
    if (x.tickInDecide && r(100) < 25) this.tick(f.depth);
    if (x.readsInDecide && r(100) < 12 && f.depth < MAX_DEPTH) this.exec(this.randomRead(), f.depth + 1, '');
    if (x.writesInDecide && r(100) < 5 && f.depth < MAX_DEPTH) {
      const error = this.exec(this.randomWrite(), f.depth + 1, name);
      if (!(error instanceof Error) || !error.message.includes(name)) {
        this.fail(
          'guard-error-unnamed',
          `a write from inside ${name} threw ${describeValue(error)}, which does not name ${name}`,
        );
      }
      if (r(10) < 7) {
        f.guards.push(error);
        f.preMutation = true;
        throw error;
      }
      f.swallowedGuard = true;
    }
    if (x.throwingCallbacks && r(100) < 3) {
      const error = new FuzzThrow(name);
      f.thrown.push(error);
      f.preMutation = true;
      throw error;
    }
  }

  private onEvict(k: unknown, v: Val, reason: string): void {
    const f = this.top('onEvict');
    this.note(f.depth, `  onEvict(${describeKey(k)}, ${describeValue(v)}, ${reason})`);
    if (this.expectExit !== undefined)
      this.fail(
        'onExit-missing',
        `onEvict(${describeValue(v)}) came before onExit of ${describeValue(this.expectExit.v)}`,
      );
    if (reason !== 'capacity' && reason !== 'expired') this.fail('bad-reason', `onEvict reason ${String(reason)}`);
    this.checkLeaving('onEvict', k, v);
    this.eventActions(f);
    this.expectExit = { v, reason };
    this.maybeThrow(f, 'onEvict');
  }

  private onReject(k: unknown, v: Val): void {
    const f = this.top('onReject');
    this.note(f.depth, `  onReject(${describeKey(k)}, ${describeValue(v)})`);
    if (this.expectExit !== undefined)
      this.fail(
        'onExit-missing',
        `onReject(${describeValue(v)}) came before onExit of ${describeValue(this.expectExit.v)}`,
      );
    this.checkLeaving('onReject', k, v);
    this.eventActions(f);
    this.expectExit = { v, reason: 'rejected' };
    this.maybeThrow(f, 'onReject');
  }

  private exits = 0;
  private budgetChanges = 0;

  private onExit(k: unknown, v: Val, reason: ExitReason): void {
    const f = this.top('onExit');
    this.note(f.depth, `  onExit(${describeKey(k)}, ${describeValue(v)}, ${reason})`);
    this.exits++;
    if (v === undefined)
      this.fail('onExit-undefined', `onExit(${describeKey(k)}, undefined, ${reason}) inside ${f.label}`);
    if (this.config.listeners === 'all') {
      const want = this.expectExit;
      this.expectExit = undefined;
      const paired = reason === 'capacity' || reason === 'expired' || reason === 'rejected';
      if (paired ? want === undefined || want.v !== v || want.reason !== reason : want !== undefined) {
        this.fail(
          'onExit-unpaired',
          `onExit(${describeValue(v)}, ${reason}) after ${want ? `onEvict/onReject of ${describeValue(want.v)} (${want.reason})` : 'no onEvict/onReject'}`,
        );
      }
    }
    this.checkLeaving('onExit', k, v);
    this.checkReason(k, v, reason);
    v.state = EXITED;
    v.reason = reason;
    if (this.model.get(v.key) === v) this.model.delete(v.key);
    this.displaced.delete(v);
    this.held(() => {
      const now = this.cache.peek(k);
      if (now === v)
        this.fail('left-value-readable', `onExit(${describeValue(v)}, ${reason}): peek() still returns it`);
      const cost = this.cache.cost;
      const max = this.cache.maxCost;
      if (!(cost >= 0) || cost > max) this.fail('cost-out-of-bounds', `inside onExit: cost ${cost}, maxCost ${max}`);
    });
    this.eventActions(f);
    this.maybeThrow(f, 'onExit');
  }

  private checkLeaving(where: string, k: unknown, v: Val): void {
    if (v === undefined) return;
    if (!isVal(v)) this.fail('foreign-value', `${where} received ${describeValue(v)}`);
    if (!sameKey(k, v.key)) this.fail('event-key-mismatch', `${where}(${describeKey(k)}, ${describeValue(v)})`);
    if (v.state === EXITED) this.fail('double-exit', `${where}(${describeValue(v)}): the value already left`);
    if (v.state === UNUSED)
      this.fail('exit-of-unstored-value', `${where}(${describeValue(v)}): the value was never stored`);
  }

  private checkReason(k: unknown, v: Val, reason: string): void {
    const writes = (fr: Frame) => fr.kind === 'set' || fr.kind === 'setIfPresent';
    let ok: boolean;
    switch (reason) {
      case 'expired':
        ok = v.lo <= this.clock.time;
        break;
      case 'capacity':
        ok = this.stack.some((fr) => writes(fr) || fr.kind === 'maxCost');
        break;
      case 'delete':
        ok = this.stack.some((fr) => fr.kind === 'delete' && sameKey(fr.key, k));
        break;
      case 'replace':
        ok = this.stack.some((fr) => writes(fr) && sameKey(fr.key, k));
        break;
      case 'clear':
        ok = this.stack.some((fr) => fr.kind === 'clear');
        break;
      case 'rejected':
        ok = this.stack.some((fr) => writes(fr) && fr.v === v);
        break;
      default:
        ok = false;
    }
    if (!ok) {
      this.fail(
        'impossible-reason',
        `onExit(${describeKey(k)}, ${describeValue(v)}, ${reason}) during ${this.stack.map((fr) => fr.label).join(' > ')} (now ${this.clock.time}, expiry >= ${v.lo})`,
      );
    }
  }

  private eventActions(f: Frame): void {
    if (this.quiet) return;
    const x = this.config.features;
    const r = this.cr;
    if (x.tickInEvents && r(100) < 15) this.tick(f.depth);
    if (x.reentrantEvents && f.depth < MAX_DEPTH && r(100) < 15) this.exec(this.randomNested(), f.depth + 1, '');
  }

  private maybeThrow(f: Frame, where: string): void {
    if (!this.quiet && this.config.features.throwingCallbacks && this.cr(100) < 3) {
      const error = new FuzzThrow(where);
      f.thrown.push(error);
      this.note(f.depth, `  (${where} throws)`);
      throw error;
    }
  }

  private tick(depth: number): void {
    this.clock.time += pick(this.cr, [1, 2, 5, 20, 100]);
    this.note(depth, `  (clock → ${this.clock.time})`);
  }

  private randomKey(): number {
    return genKey(this.cr, this.config.keyCount);
  }

  private randomRead(): Op {
    const r = this.cr;
    const t = pick(r, ['get', 'get', 'peek', 'has', 'getTTL', 'iterate', 'flush'] as const);
    if (t === 'iterate' || t === 'flush') return { t, s: 0 };
    return { t, k: this.randomKey(), s: 0 };
  }

  private randomWrite(): Op {
    const r = this.cr;
    const roll = r(100);
    if (roll < 45) return { t: 'set', k: this.randomKey(), s: 0 };
    if (roll < 60) return { t: 'setIfPresent', k: this.randomKey(), s: 0 };
    if (roll < 85) return { t: 'delete', k: this.randomKey(), s: 0 };
    if (roll < 90) return { t: 'clear', s: 0 };
    if (roll < 95) return { t: 'purge', s: 0 };
    return { t: 'maxCost', v: pick(r, [1, 4, 64]), s: 0 };
  }

  private randomNested(): Op {
    const r = this.cr;
    const roll = r(1000);
    const k = this.randomKey();
    if (roll < 350) return { t: 'get', k, s: 0 };
    if (roll < 600) {
      const op: SetOp = { t: roll < 550 ? 'set' : 'setIfPresent', k, s: 0 };
      if (r(3) === 0) op.cost = genCost(r, finiteBudget(this.config), this.config.features.inexactCosts);
      if (r(2) === 0) op.ttl = genTtl(r);
      if (!this.config.features.oversizeUpdates && op.cost !== undefined && op.cost > 1) op.cost = 1;
      return op;
    }
    if (roll < 720) return { t: 'delete', k, s: 0 };
    if (roll < 780) return { t: 'peek', k, s: 0 };
    if (roll < 830) return { t: 'has', k, s: 0 };
    if (roll < 860) return { t: 'getTTL', k, s: 0 };
    if (roll < 900) return { t: 'purge', s: 0 };
    if (roll < 915) return { t: 'clear', s: 0 };
    if (roll < 935) return { t: 'maxCost', v: pick(r, [2, 8, 64, this.config.maxCost]), s: 0 };
    if (roll < 960) return { t: 'iterate', s: 0 };
    return { t: 'flush', s: 0 };
  }

  // ─── the check after every top-level op ───────────────────────────────────────────────

  private fullCheck(): void {
    if (this.stack.length !== 0) this.fail('harness', 'frames left on the stack');
    if (this.expectExit !== undefined)
      this.fail('onExit-missing', `no onExit after onEvict/onReject of ${describeValue(this.expectExit.v)}`);
    for (const v of this.displaced) {
      if (v.state !== EXITED)
        this.fail('missing-exit', `${describeValue(v)} was replaced but never left through onExit`);
    }
    this.displaced.clear();
    this.held(() => {
      // Everything the cache holds, expired entries included (the probe reads far in the past).
      this.clock.override = -1e300;
      let held = 0;
      for (const [k, v] of this.cache.entries()) {
        held++;
        const m = this.model.get(k);
        if (m !== v) {
          this.fail(
            isVal(v) && v.state === EXITED ? 'left-value-still-cached' : 'cache-model-mismatch',
            `the cache holds ${describeKey(k)} = ${describeValue(v)}; the model holds ${describeValue(m)}`,
          );
        }
      }
      if (held !== this.model.size) {
        for (const [k, v] of this.model) {
          const got = this.cache.peek(k);
          if (got !== v)
            this.fail(
              'lost-entry',
              `the model holds ${describeKey(k)} = ${describeValue(v)}; the cache has ${describeValue(got)} (left without onExit?)`,
            );
        }
        this.fail('cache-model-mismatch', `the cache iterates ${held} entries, the model holds ${this.model.size}`);
      }
      const size = this.cache.size;
      if (size !== held) this.fail('size-wrong', `size = ${size}, but ${held} entries are held`);
      this.clock.override = undefined;

      // What the cache shows now.
      const now = this.clock.time;
      let sum = 0;
      for (const [k, v] of this.model) {
        sum += v.cost;
        if (v.lo > now || v.hi <= now) {
          const got = this.cache.peek(k);
          if (v.lo > now && got !== v)
            this.fail(
              'live-value-missing',
              `peek(${describeKey(k)}) = ${describeValue(got)}; the model holds ${describeValue(v)}, live until >= ${v.lo} (now ${now})`,
            );
          if (v.hi <= now && got !== undefined)
            this.fail(
              'expired-value-returned',
              `peek(${describeKey(k)}) = ${describeValue(got)}, which expired at <= ${v.hi} (now ${now})`,
            );
        }
      }
      for (const [k, v] of this.cache.entries()) {
        if (v.hi <= now)
          this.fail(
            'expired-value-returned',
            `entries() yielded ${describeKey(k)} = ${describeValue(v)}, expired at <= ${v.hi} (now ${now})`,
          );
      }
      const cost = this.cache.cost;
      const max = this.cache.maxCost;
      if (!(cost >= 0)) this.fail('cost-negative', `cost = ${cost}`);
      if (cost > max) this.fail('cost-over-budget', `cost ${cost} > maxCost ${max}`);
      if (Math.abs(cost - sum) > 1e-9 * Math.max(1, sum))
        this.fail('cost-wrong', `cost = ${cost}, but the entries held cost ${sum}`);
      if (this.config.metrics) {
        const s = this.cache.stats();
        if (s.hits !== this.hits) this.fail('stats-hits', `stats().hits = ${s.hits}, ${this.hits} get() calls hit`);
        if (s.misses < this.misses || s.misses > this.misses + this.uncertainMisses) {
          this.fail(
            'stats-misses',
            `stats().misses = ${s.misses}, ${this.misses} get() calls missed (+${this.uncertainMisses} that threw)`,
          );
        }
      }
    });
  }

  /** Ends the epoch: clear() must report every value still held. */
  finish(): void {
    this.cr = rng(7);
    this.quiet = true;
    this.clock.armed = false;
    this.doClear(0, '');
    this.fullCheck();
    if (this.model.size !== 0) this.fail('clear-kept-value', `${this.model.size} entries left after clear()`);
    this.cache.close();
    this.neighbours?.finish();
  }
}
