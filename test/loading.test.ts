// fetch() and getOrSet(): one load per key however many callers wait, for every
// policy; what a load's value, error or abort does to each waiter and to the cache; writes that
// overtake a load; refreshAfter on a fake clock; waitUntil; forceRefresh; the load counters.
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache, POLICIES } from '../src/index.js';
import type { LoadContext } from '../src/index.js';
import { ManualClock, recorder } from './helpers.js';

/** A promise and the functions that settle it, for loads that finish when a test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A load that records its calls and waits for the test to settle each one. */
function controlledLoad<V>() {
  const calls: { key: string; context: LoadContext<V>; done: ReturnType<typeof deferred<V>> }[] = [];
  const load = (key: string, context: LoadContext<V>) => {
    const done = deferred<V>();
    calls.push({ key, context, done });
    return done.promise;
  };
  return { calls, load };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe.each(POLICIES)('%s', (policy) => {
  it('20 concurrent fetches of a missing key make one load, and every waiter gets its value', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 100, policy, load });
    const waiters = Array.from({ length: 20 }, () => cache.fetch('k'));
    expect(calls.length).toBe(1);
    calls[0]!.done.resolve('value');
    expect(await Promise.all(waiters)).toEqual(Array(20).fill('value'));
    expect(cache.get('k')).toBe('value');
    await expect(cache.fetch('k')).resolves.toBe('value');
    expect(calls.length).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, hits: 2, loadSuccesses: 1, loadFailures: 0 });
  });

  it('a value refused by the cache (cost > maxCost) reaches every waiter; onReject fires as for set', async () => {
    const { calls, load } = controlledLoad<string>();
    const r = recorder<string, string>();
    const cache = new Cache<string, string>({ maxCost: 10, policy, load, ...r.options });
    const waiters = Array.from({ length: 20 }, () => cache.fetch('big', { cost: 11 }));
    calls[0]!.done.resolve('huge');
    expect(await Promise.all(waiters)).toEqual(Array(20).fill('huge'));
    expect(calls.length).toBe(1);
    expect(cache.has('big')).toBe(false);
    expect(r.rejected).toEqual([{ key: 'big', value: 'huge' }]);
    expect(cache.stats().setsRejected).toBe(1);
  });
});

describe('single flight', () => {
  it('tinylfu, full of hot keys, refuses the newcomer: 20 concurrent fetches still make one load and all get the value', async () => {
    let loads = 0;
    const r = recorder<string, string>();
    const cache = new Cache<string, string>({
      maxCost: 10,
      policy: 'tinylfu',
      seed: 7,
      load: async (key) => (loads++, `loaded ${key}`),
      ...r.options,
    });
    for (let i = 0; i < 10; i++) cache.set(`hot${i}`, 'hot');
    for (let round = 0; round < 20; round++) for (let i = 0; i < 10; i++) cache.get(`hot${i}`);
    cache.flush();
    const values = await Promise.all(Array.from({ length: 20 }, () => cache.fetch('new')));
    expect(values).toEqual(Array(20).fill('loaded new'));
    expect(loads).toBe(1);
    expect(r.rejected).toEqual([{ key: 'new', value: 'loaded new' }]);
    expect(cache.has('new')).toBe(false);
  });

  it('1,000 concurrent callers: exactly one load', async () => {
    let loads = 0;
    const cache = new Cache<number, number>({ maxCost: 10, load: async (key) => (loads++, key * 2) });
    const values = await Promise.all(Array.from({ length: 1000 }, () => cache.fetch(21)));
    expect(loads).toBe(1);
    expect(new Set(values)).toEqual(new Set([42]));
  });

  it('a present value resolves at once, without a load', async () => {
    const cache = new Cache<string, number>({ maxCost: 10, load: () => expect.unreachable('no load for a hit') });
    cache.set('a', 1);
    await expect(cache.fetch('a')).resolves.toBe(1);
    expect(cache.stats().hits).toBe(1);
  });

  it("loads are per key, and a call's own load wins over the cache's", async () => {
    const cache = new Cache<string, string>({ maxCost: 10, load: (key) => `option ${key}` });
    expect(
      await Promise.all([cache.fetch('a'), cache.fetch('b'), cache.fetch('c', { load: (key) => `call ${key}` })]),
    ).toEqual(['option a', 'option b', 'call c']);
  });

  it("stores the value with the starting call's ttl and cost", async () => {
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load: async () => 'v' });
    await cache.fetch('a', { ttl: 100, cost: 3 });
    expect(cache.getTTL('a')).toBe(100);
    expect(cache.cost).toBe(3);
  });

  it("stores the value with the starting call's ttl alone, or its cost alone", async () => {
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 10, clock, ttl: 1_000, load: async () => 'v' });
    await cache.fetch('ttl only', { ttl: 100 });
    await cache.fetch('cost only', { cost: 3 });
    expect(cache.info('ttl only')).toMatchObject({ ttl: 100, cost: 1 });
    expect(cache.info('cost only')).toMatchObject({ ttl: 1_000, cost: 3 });
  });

  it('a load that returns undefined stores nothing and resolves undefined', async () => {
    let loads = 0;
    const cache = new Cache<string, string | undefined>({ maxCost: 10, load: () => (loads++, undefined) });
    await expect(cache.fetch('a')).resolves.toBeUndefined();
    await expect(cache.fetch('a')).resolves.toBeUndefined();
    expect(loads).toBe(2);
    expect(cache.size).toBe(0);
  });
});

describe('a failed load', () => {
  it('caches nothing, rejects every waiter with the same error, and the next fetch loads again', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const waiters = Array.from({ length: 5 }, () => cache.fetch('k'));
    const error = new Error('backend down');
    calls[0]!.done.reject(error);
    const outcomes = await Promise.allSettled(waiters);
    for (const outcome of outcomes) expect(outcome).toEqual({ status: 'rejected', reason: error });
    expect((outcomes[0] as PromiseRejectedResult).reason).toBe(error);
    expect(cache.has('k')).toBe(false);
    const again = cache.fetch('k');
    expect(calls.length).toBe(2);
    calls[1]!.done.resolve('back');
    await expect(again).resolves.toBe('back');
    expect(cache.stats()).toMatchObject({ loadFailures: 1, loadSuccesses: 1 });
  });

  it('a load that throws synchronously rejects its callers and leaves the cache consistent', async () => {
    const cache = new Cache<string, number>({
      maxCost: 10,
      load: (key) => {
        if (key === 'bad') throw new TypeError('no such key');
        return 1;
      },
    });
    cache.set('a', 1);
    const [first, second] = [cache.fetch('bad'), cache.fetch('bad')];
    await expect(first).rejects.toThrow('no such key');
    await expect(second).rejects.toThrow('no such key');
    expect([...cache.entries()]).toEqual([['a', 1]]);
    await expect(cache.fetch('ok')).resolves.toBe(1);
    expect(cache.stats()).toMatchObject({ loadFailures: 1, loadSuccesses: 1 });
  });

  it('an onReject that throws while the value is stored: the waiters get the value, the error is raised on its own, the cache stays consistent', async () => {
    const raised: unknown[] = [];
    const global = globalThis as { reportError?: (error: unknown) => void };
    global.reportError = (error) => raised.push(error);
    try {
      const cache = new Cache<string, number>({
        maxCost: 1,
        load: async () => 5,
        onReject: () => {
          throw new Error('onReject failed');
        },
      });
      cache.set('a', 1);
      await expect(cache.fetch('k', { cost: 2 })).resolves.toBe(5);
      expect(String(raised[0])).toMatch(/onReject failed/);
      expect([...cache.entries()]).toEqual([['a', 1]]);
      expect(cache.cost).toBe(1);
    } finally {
      delete global.reportError;
    }
  });
  it('without reportError (Node), the error is thrown from a microtask of its own, as an uncaught exception', async () => {
    const global = globalThis as { reportError?: unknown };
    expect(global.reportError).toBeUndefined(); // Node 20 has none
    const queued: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => void queued.push(task));
    try {
      const failure = new Error('onReject failed');
      const cache = new Cache<string, number>({
        maxCost: 1,
        load: async () => 5,
        onReject: () => {
          throw failure;
        },
      });
      await expect(cache.fetch('k', { cost: 2 })).resolves.toBe(5);
      expect(queued).toHaveLength(1);
      expect(queued[0]!).toThrow(failure);
      expect(cache.size).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('no unhandled rejections', () => {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => void seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', listener);
  });
  afterEach(() => {
    process.off('unhandledRejection', listener);
  });

  it('from failed loads with and without waiters, failed refreshes, aborted and overtaken loads', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load, refreshAfter: 100 });
    // Waiters that handle the error.
    const handled = cache.fetch('a').catch(() => 'handled');
    // A background refresh that fails (nobody waits for it).
    cache.set('b', 'old');
    clock.advance(200);
    await cache.fetch('b');
    // A load every caller aborted, which then fails.
    const controller = new AbortController();
    const aborted = cache.fetch('c', { signal: controller.signal }).catch((e: Error) => e.name);
    controller.abort();
    // A load overtaken by delete(), which then fails, and one overtaken by close().
    const overtaken = cache.fetch('d').catch(() => 'overtaken');
    cache.delete('d');
    const closed = cache.fetch('e').catch(() => 'closed');
    for (const call of calls) call.done.reject(new Error(`load of ${call.key} failed`));
    expect(calls.map((c) => c.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    cache.close();
    expect(await Promise.all([handled, aborted, overtaken, closed])).toEqual([
      'handled',
      'AbortError',
      'overtaken',
      'closed',
    ]);
    await settle();
    await settle();
    expect(seen).toEqual([]);
  });
});

describe('writes that overtake a load in flight', () => {
  it('set() wins: the waiters get the loaded value, the cache keeps the newer one', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const waiter = cache.fetch('k');
    cache.set('k', 'newer');
    calls[0]!.done.resolve('loaded');
    await expect(waiter).resolves.toBe('loaded');
    expect(cache.get('k')).toBe('newer');
  });

  it('set() wins over a load given to fetch() on a cache built without one: the first fetch() turns set() to overtaking', async () => {
    const cache = new Cache<string, string>({ maxCost: 10 });
    cache.set('warm', 'up'); // a plain set() before any load exists
    let resolve!: (value: string) => void;
    const waiter = cache.fetch('k', { load: () => new Promise<string>((r) => (resolve = r)) });
    cache.set('k', 'newer');
    resolve('loaded');
    await expect(waiter).resolves.toBe('loaded');
    expect(cache.get('k')).toBe('newer');
    cache.close();
  });

  it('delete() wins: the loaded value does not bring the key back', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    cache.set('k', 'old');
    const waiter = cache.fetch('k', { forceRefresh: true });
    cache.delete('k');
    calls[0]!.done.resolve('loaded');
    await expect(waiter).resolves.toBe('loaded');
    expect(cache.has('k')).toBe(false);
  });

  it('a fetch after the overtaking write starts a new load', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const first = cache.fetch('k');
    cache.delete('k');
    const second = cache.fetch('k');
    expect(calls.length).toBe(2);
    calls[0]!.done.resolve('stale');
    calls[1]!.done.resolve('fresh');
    expect(await Promise.all([first, second])).toEqual(['stale', 'fresh']);
    expect(cache.get('k')).toBe('fresh');
  });

  it('a load overtaken, then abandoned by its waiters or settled, leaves the newer load in place: later fetches join it', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const controller = new AbortController();
    const first = cache.fetch('k', { signal: controller.signal }).catch((e: Error) => e.name);
    cache.delete('k'); // overtakes the first load
    const second = cache.fetch('k'); // the newer load
    controller.abort(); // the first load's only waiter leaves
    expect(await first).toBe('AbortError');
    const third = cache.fetch('k');
    expect(calls.length).toBe(2);
    calls[0]!.done.resolve('stale'); // the first load settles while the newer one is in flight
    await settle();
    const fourth = cache.fetch('k');
    expect(calls.length).toBe(2);
    expect(calls[1]!.context.signal.aborted).toBe(false);
    calls[1]!.done.resolve('fresh');
    expect(await Promise.all([second, third, fourth])).toEqual(['fresh', 'fresh', 'fresh']);
    expect(cache.get('k')).toBe('fresh');
    expect(cache.stats()).toMatchObject({ loadSuccesses: 2 });
  });

  it('clear() wins over every load in flight', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const waiters = [cache.fetch('a'), cache.fetch('b')];
    cache.clear();
    for (const call of calls) call.done.resolve(`loaded ${call.key}`);
    expect(await Promise.all(waiters)).toEqual(['loaded a', 'loaded b']);
    expect(cache.size).toBe(0);
  });

  it('close() wins over every load in flight; fetch() on a closed cache rejects', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const waiter = cache.fetch('a');
    cache.close();
    calls[0]!.done.resolve('loaded');
    await expect(waiter).resolves.toBe('loaded');
    await expect(cache.fetch('a')).rejects.toThrow('cortado: fetch: the cache is closed');
  });
});

describe('signal', () => {
  it("one caller's abort rejects that caller alone with an AbortError; the load goes on", async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const controller = new AbortController();
    const leaving = cache.fetch('k', { signal: controller.signal });
    const staying = cache.fetch('k', { signal: new AbortController().signal });
    const plain = cache.fetch('k');
    controller.abort();
    const error = await leaving.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(calls[0]!.context.signal.aborted).toBe(false);
    calls[0]!.done.resolve('value');
    expect(await Promise.all([staying, plain])).toEqual(['value', 'value']);
    expect(cache.get('k')).toBe('value');
  });

  it('a caller without a signal keeps the load wanted: when the only signal aborts, the load goes on and is stored', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const plain = cache.fetch('k');
    const controller = new AbortController();
    const leaving = cache.fetch('k', { signal: controller.signal }).catch((e: Error) => e.name);
    controller.abort();
    expect(await leaving).toBe('AbortError');
    expect(calls[0]!.context.signal.aborted).toBe(false);
    calls[0]!.done.resolve('value');
    await expect(plain).resolves.toBe('value');
    expect(cache.get('k')).toBe('value');
  });

  it("the load's ctx.signal aborts only when every waiter has aborted; a later fetch loads afresh", async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const controllers = [new AbortController(), new AbortController()];
    const waiters = controllers.map((c) => cache.fetch('k', { signal: c.signal }).catch((e: Error) => e.name));
    const loadSignal = calls[0]!.context.signal;
    controllers[0]!.abort();
    await settle();
    expect(loadSignal.aborted).toBe(false);
    controllers[1]!.abort();
    expect(await Promise.all(waiters)).toEqual(['AbortError', 'AbortError']);
    expect(loadSignal.aborted).toBe(true);
    const later = cache.fetch('k');
    expect(calls.length).toBe(2);
    calls[0]!.done.resolve('abandoned');
    calls[1]!.done.resolve('fresh');
    await expect(later).resolves.toBe('fresh');
    await settle();
    expect(cache.get('k')).toBe('fresh');
  });

  it('an already aborted signal rejects at once and starts no load', async () => {
    let loads = 0;
    const cache = new Cache<string, string>({ maxCost: 10, load: () => (loads++, 'v') });
    const error = await cache.fetch('k', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(loads).toBe(0);
  });
  it("rejects with the signal's own AbortError, or a new AbortError when the signal gave another reason", async () => {
    const { load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    const reasons: [string, AbortController, unknown][] = [
      ['default', new AbortController(), undefined],
      ['custom', new AbortController(), new Error('user left')],
      ['timeout', new AbortController(), new DOMException('took too long', 'TimeoutError')],
    ];
    const waiters = reasons.map(([key, controller]) =>
      cache.fetch(key, { signal: controller.signal }).catch((e: unknown) => e),
    );
    for (const [, controller, reason] of reasons) controller.abort(reason);
    const [own, custom, timeout] = await Promise.all(waiters);
    expect(own).toBe(reasons[0]![1].signal.reason); // an AbortError already: passed on as it is
    for (const error of [custom, timeout]) {
      expect(error).toBeInstanceOf(DOMException);
      expect(error).toMatchObject({ name: 'AbortError', message: 'This operation was aborted' });
    }
    // The same before any load starts, for a signal that is already aborted.
    const already = AbortSignal.abort();
    expect(await cache.fetch('before', { signal: already }).catch((e: unknown) => e)).toBe(already.reason);
    const timedOut = AbortSignal.abort(new DOMException('took too long', 'TimeoutError'));
    expect(await cache.fetch('before', { signal: timedOut }).catch((e: unknown) => e)).toMatchObject({
      name: 'AbortError',
    });
  });

  it('a long-lived signal given to many fetches keeps one listener while any waits, none once each has settled', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 100, load });
    const { signal } = new AbortController(); // a server's shutdown signal, say, never aborted
    const waiters = Array.from({ length: 12 }, (_, i) =>
      cache.fetch(`k${i}`, { signal }).catch((e: Error) => e.message),
    );
    const joined = cache.fetch('k0', { signal }); // a second waiter on one load
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    calls.forEach((call, i) => (i % 2 === 0 ? call.done.resolve('v') : call.done.reject(new Error('failed'))));
    expect(await Promise.all(waiters)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'v' : 'failed')));
    await expect(joined).resolves.toBe('v');
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    for (let i = 0; i < 20; i++) {
      const next = cache.fetch(`later${i}`, { signal });
      calls.at(-1)!.done.resolve('v');
      await next;
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('more than ten fetches waiting on one signal: no MaxListenersExceededWarning, and its abort rejects every one', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const { calls, load } = controlledLoad<string>();
      const cache = new Cache<string, string>({ maxCost: 100, load });
      const controller = new AbortController();
      // Twelve loads, and twelve callers joining the first of them: 24 waiters on one signal.
      const waiters = [
        ...Array.from({ length: 12 }, (_, i) => cache.fetch(`k${i}`, { signal: controller.signal })),
        ...Array.from({ length: 12 }, () => cache.fetch('k0', { signal: controller.signal })),
      ].map((waiter) => waiter.catch((e: Error) => e.name));
      await settle(); // Node emits its warnings on a later tick
      expect(warnings).toEqual([]);
      controller.abort();
      expect(await Promise.all(waiters)).toEqual(Array.from({ length: 24 }, () => 'AbortError'));
      expect(calls.map((call) => call.context.signal.aborted)).toEqual(Array.from({ length: 12 }, () => true));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await settle();
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it("a refresh joined by callers once the value expired: one caller's abort does not call off the load the others wait for", async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load, refreshAfter: 100, ttl: 1_000 });
    cache.set('k', 'v1');
    clock.advance(999);
    await expect(cache.fetch('k')).resolves.toBe('v1'); // starts a background refresh
    clock.advance(2); // v1 expires while the refresh is in flight
    const plain = cache.fetch('k'); // joins the refresh
    const controller = new AbortController();
    const leaving = cache.fetch('k', { signal: controller.signal }).catch((e: Error) => e.name);
    controller.abort();
    expect(await leaving).toBe('AbortError');
    expect(calls.length).toBe(1);
    expect(calls[0]!.context.signal.aborted).toBe(false);
    calls[0]!.done.resolve('v2');
    await expect(plain).resolves.toBe('v2');
    expect(cache.get('k')).toBe('v2');
  });
});

describe('refreshAfter (fake clock)', () => {
  it('an entry load() put back ages from the load: older than refreshAfter, it is reloaded', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load, refreshAfter: 1000 });
    cache.load([['k', { value: 'v1' }]]);
    clock.advance(999);
    await expect(cache.fetch('k')).resolves.toBe('v1');
    expect(calls.length).toBe(0);
    clock.advance(1);
    await expect(cache.fetch('k')).resolves.toBe('v1');
    expect(calls.length).toBe(1);
    calls[0]!.done.resolve('v2');
    await settle();
    expect(cache.get('k')).toBe('v2');
  });

  it('returns an older value at once and reloads it in the background, once, replacing it in place', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const r = recorder<string, string>();
    const cache = new Cache<string, string>({
      maxCost: 10,
      policy: 'lru',
      clock,
      load,
      refreshAfter: 1000,
      ...r.options,
    });
    cache.set('k', 'v1');
    clock.advance(999);
    await expect(cache.fetch('k')).resolves.toBe('v1');
    expect(calls.length).toBe(0); // not yet older than refreshAfter
    clock.advance(1);
    expect(await Promise.all([cache.fetch('k'), cache.fetch('k'), cache.fetch('k')])).toEqual(['v1', 'v1', 'v1']);
    expect(calls.length).toBe(1); // one refresh however many fetches
    expect(calls[0]!.context.stale).toBe('v1');
    calls[0]!.done.resolve('v2');
    await settle();
    expect(cache.get('k')).toBe('v2');
    // Replaced through the store's replace path: an update, not a new key, and 'replace' for v1.
    expect(cache.stats()).toMatchObject({ keysAdded: 1, keysUpdated: 1, refreshes: 1, loadSuccesses: 1 });
    expect(r.exits).toEqual([{ key: 'k', value: 'v1', reason: 'replace' }]);
    // The refreshed value is young again.
    await cache.fetch('k');
    expect(calls.length).toBe(1);
  });

  it("keeps the policy's knowledge of the key: a refreshed LRU entry keeps its place", async () => {
    const clock = new ManualClock();
    const cache = new Cache<string, string>({
      maxCost: 2,
      policy: 'lru',
      clock,
      load: async (k) => `${k}2`,
      refreshAfter: 100,
    });
    cache.set('a', 'a1');
    cache.set('b', 'b1');
    clock.advance(100);
    await cache.fetch('a'); // a is now the most recent, and refreshes
    await settle();
    expect(cache.peek('a')).toBe('a2');
    cache.set('c', 'c1'); // evicts b, the least recent
    expect([...cache.keys()].sort()).toEqual(['a', 'c']);
  });

  it('a failed refresh keeps the old value until its TTL', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load, refreshAfter: 100, ttl: 1000 });
    cache.set('k', 'old');
    clock.advance(500);
    await expect(cache.fetch('k')).resolves.toBe('old');
    calls[0]!.done.reject(new Error('refresh failed'));
    await settle();
    expect(cache.get('k')).toBe('old');
    expect(cache.stats()).toMatchObject({ loadFailures: 1, refreshes: 1 });
    clock.advance(500);
    const fresh = cache.fetch('k'); // expired now: a load, with waiters
    expect(calls.length).toBe(2);
    expect(calls[1]!.context.stale).toBeUndefined();
    calls[1]!.done.resolve('new');
    await expect(fresh).resolves.toBe('new');
  });

  it('get() alone never refreshes; set() restarts the age', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load, refreshAfter: 100 });
    cache.set('k', 'v');
    clock.advance(150);
    expect(cache.get('k')).toBe('v');
    cache.set('k', 'w');
    await cache.fetch('k');
    expect(calls.length).toBe(0);
  });

  it('a value of an expired key is loaded, not refreshed, when refreshAfter is longer than its TTL', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, clock, load, refreshAfter: 500, ttl: 100 });
    cache.set('k', 'v');
    clock.advance(200);
    const waiter = cache.fetch('k');
    calls[0]!.done.resolve('fresh');
    await expect(waiter).resolves.toBe('fresh');
    expect(cache.stats().refreshes).toBe(0);
  });
});

describe('waitUntil', () => {
  it('receives each background refresh, as an option or per call, as a promise that never rejects', async () => {
    const clock = new ManualClock();
    const { calls, load } = controlledLoad<string>();
    const fromOption: Promise<unknown>[] = [];
    const fromCall: Promise<unknown>[] = [];
    const cache = new Cache<string, string>({
      maxCost: 10,
      clock,
      load,
      refreshAfter: 10,
      waitUntil: (p) => void fromOption.push(p),
    });
    cache.set('a', '1');
    cache.set('b', '1');
    clock.advance(10);
    await cache.fetch('a');
    await cache.fetch('b', { waitUntil: (p) => void fromCall.push(p) });
    expect([fromOption.length, fromCall.length]).toEqual([1, 1]);
    let done = false;
    void fromOption[0]!.then(() => (done = true));
    await settle();
    expect(done).toBe(false); // still loading: the runtime must wait
    calls[0]!.done.resolve('2');
    calls[1]!.done.reject(new Error('refresh failed'));
    await expect(fromOption[0]).resolves.toBeUndefined();
    await expect(fromCall[0]).resolves.toBeUndefined();
    expect(cache.get('a')).toBe('2');
    expect(cache.get('b')).toBe('1');
  });
});

describe('forceRefresh', () => {
  it('loads even when a value is present, with the present value as ctx.stale; callers share the load', async () => {
    const { calls, load } = controlledLoad<string>();
    const cache = new Cache<string, string>({ maxCost: 10, load });
    cache.set('k', 'old');
    const forced = [cache.fetch('k', { forceRefresh: true }), cache.fetch('k', { forceRefresh: true })];
    await expect(cache.fetch('k')).resolves.toBe('old'); // others still read the present value
    expect(calls.length).toBe(1);
    expect(calls[0]!.context.stale).toBe('old');
    calls[0]!.done.resolve('new');
    expect(await Promise.all(forced)).toEqual(['new', 'new']);
    expect(cache.get('k')).toBe('new');
  });
});

describe('load counters', () => {
  it('count successes, failures and the time spent, by the cache clock', async () => {
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 10, clock });
    await cache.fetch('a', {
      load: async () => {
        clock.advance(30);
        return 'a';
      },
    });
    await cache
      .fetch('b', {
        load: async () => {
          clock.advance(12);
          throw new Error('no');
        },
      })
      .catch(() => {});
    cache.getOrSet('c', () => (clock.advance(5), 'c'));
    expect(cache.stats()).toMatchObject({ loadSuccesses: 2, loadFailures: 1, totalLoadTime: 47, refreshes: 0 });
  });
});

describe('fetch() arguments', () => {
  const cases: [string, unknown, ErrorConstructor, RegExp][] = [
    ['options not an object', 5, TypeError, /^cortado: fetch\(\) options must be an object, got 5$/],
    ['unknown option', { lod: () => 1 }, TypeError, /^cortado: unknown fetch\(\) option "lod"; allowed: load, signal/],
    ['load not a function', { load: 1 }, TypeError, /^cortado: load must be a function, got 1$/],
    ['signal not an AbortSignal', { signal: {} }, TypeError, /^cortado: signal must be an AbortSignal, got an object$/],
    // An AbortSignal is an object with a boolean `aborted` and addEventListener: each is needed.
    [
      'signal without aborted',
      { signal: { addEventListener() {} } },
      TypeError,
      /^cortado: signal must be an AbortSignal, got an object$/,
    ],
    [
      'signal without addEventListener',
      { signal: { aborted: false } },
      TypeError,
      /^cortado: signal must be an AbortSignal, got an object$/,
    ],
    [
      'signal a function',
      { signal: Object.assign(() => {}, { aborted: false, addEventListener() {} }) },
      TypeError,
      /^cortado: signal must be an AbortSignal, got a function$/,
    ],
    ['ttl negative', { ttl: -1 }, RangeError, /^cortado: ttl must be >= 0, got -1$/],
    ['cost NaN', { cost: NaN }, RangeError, /^cortado: cost must not be NaN$/],
    ['forceRefresh not a boolean', { forceRefresh: 1 }, TypeError, /^cortado: forceRefresh must be a boolean, got 1$/],
    ['waitUntil not a function', { waitUntil: true }, TypeError, /^cortado: waitUntil must be a function, got true$/],
  ];
  it.each(cases)('%s: rejects with a %s, no load', async (_name, options, type, message) => {
    let loads = 0;
    const cache = new Cache<string, number>({ maxCost: 10, load: () => ++loads });
    const error = await cache.fetch('k', options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(loads).toBe(0);
  });

  it('takes a ttl of Infinity (no expiry) and a cost of 0, as set() does; so does getOrSet()', async () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, ttl: 100 });
    expect(await cache.fetch('k', { load: () => 1, ttl: Infinity, cost: 0 })).toBe(1);
    expect(cache.getOrSet('j', () => 2, { ttl: Infinity, cost: 0 })).toBe(2);
    clock.advance(1e9);
    expect([cache.get('k'), cache.get('j'), cache.cost]).toEqual([1, 2, 0]);
    cache.close();
  });

  it('without a load function (option or call) rejects with a TypeError naming both', async () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    await expect(cache.fetch('k')).rejects.toThrow(
      /fetch\(\) needs a load function: the cache's load option or fetch\(key, \{ load \}\)/,
    );
  });
});

describe('getOrSet()', () => {
  it('returns a present value without computing, else computes, stores and returns', () => {
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock });
    cache.set('a', 1);
    expect(cache.getOrSet('a', () => expect.unreachable('present'))).toBe(1);
    expect(cache.getOrSet('b', (key) => key.length + 1, { ttl: 50, cost: 2 })).toBe(2);
    expect(cache.get('b')).toBe(2);
    expect(cache.getTTL('b')).toBe(50);
    expect(cache.cost).toBe(3);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, loadSuccesses: 1 });
  });

  it('forceRefresh computes even when present', () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1);
    expect(cache.getOrSet('a', () => 2, { forceRefresh: true })).toBe(2);
    expect(cache.get('a')).toBe(2);
  });

  it('a compute that throws changes nothing and counts a failure; one that returns undefined stores nothing', () => {
    const cache = new Cache<string, number | undefined>({ maxCost: 10 });
    cache.set('a', 1);
    expect(() =>
      cache.getOrSet('b', () => {
        throw new Error('compute failed');
      }),
    ).toThrow('compute failed');
    expect(cache.getOrSet('c', () => undefined)).toBeUndefined();
    expect([...cache.entries()]).toEqual([['a', 1]]);
    expect(cache.stats()).toMatchObject({ loadFailures: 1, loadSuccesses: 1 });
  });

  it('checks its arguments, and refuses to run inside a cost callback', () => {
    const cache: Cache<string, number> = new Cache<string, number>({
      maxCost: 10,
      cost: () => (cache.getOrSet('x', () => 1), 1),
    });
    expect(() => cache.getOrSet('a', 5 as never)).toThrow(/^cortado: getOrSet\(\) compute must be a function, got 5$/);
    expect(() => cache.getOrSet('a', () => 1, { tll: 5 } as never)).toThrow(
      /^cortado: unknown getOrSet\(\) option "tll"/,
    );
    expect(() => cache.set('a', 1)).toThrow(/getOrSet: called from inside the shouldUpdate or cost callback/);
    expect(cache.size).toBe(0);
  });
});
