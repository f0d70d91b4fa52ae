// cortado/lru-cache where it differs from lru-cache on purpose (README, "Coming from lru-cache",
// "What differs"), and its error paths: bad input names the option, and a throwing callback
// leaves the cache consistent.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LRUCache } from '../../src/adapters/lru-cache/index.js';
import { Perf } from './scaffold.js';

describe('cortado/lru-cache: bad input', () => {
  it('an option lru-cache 11 does not read is a TypeError, with a "did you mean"', () => {
    expect(() => new LRUCache({ max: 5, ttlAutoPurge: true } as never)).toThrow(
      /unknown option "ttlAutoPurge"; did you mean "ttlAutopurge"\?/,
    );
    expect(() => new LRUCache({ max: 5, maxAge: 1000 } as never)).toThrow(TypeError);
  });

  it('checks as lru-cache does, naming the option', () => {
    expect(() => new LRUCache({} as never)).toThrow(/At least one of max, maxSize, or ttl is required/);
    expect(() => new LRUCache({ max: 2.5 })).toThrow(/max option must be a nonnegative integer/);
    expect(() => new LRUCache({ max: 5, dispose: 1 } as never)).toThrow(/dispose must be a function/);
    expect(() => new LRUCache({ max: 5, policy: 'LRU' } as never)).toThrow(/policy/);
  });

  it('a per-call ttl that is not a number of ms >= 0 is a TypeError, and nothing changes', () => {
    const c = new LRUCache<string, number>({ max: 5 });
    c.set('a', 1);
    expect(() => c.set('a', 2, { ttl: -1 })).toThrow(/set\(\) ttl must be a number of ms >= 0/);
    expect(c.get('a')).toBe(1);
  });
});

describe('cortado/lru-cache: throwing callbacks', () => {
  it('a throwing sizeCalculation changes nothing', () => {
    const c = new LRUCache<string, string>({
      maxSize: 10,
      sizeCalculation: (v) => {
        if (v === 'bad') throw new Error('no size');
        return 1;
      },
    });
    c.set('a', 'x');
    expect(() => c.set('a', 'bad')).toThrow('no size');
    expect([c.get('a'), c.size, c.calculatedSize]).toEqual(['x', 1, 1]);
  });

  it('a dispose that throws during evictions: every eviction happens and is told, the first error reaches the caller', () => {
    const told: string[] = [];
    const c = new LRUCache<string, number>({
      maxSize: 3,
      sizeCalculation: (v) => v,
      dispose: (_v, k) => {
        told.push(k);
        throw new Error(`dispose ${k}`);
      },
    });
    c.set('a', 1).set('b', 1).set('c', 1);
    expect(() => c.set('d', 3)).toThrow('dispose a');
    expect(told).toEqual(['a', 'b', 'c']);
    expect([...c.keys()]).toEqual(['d']);
    expect(c.calculatedSize).toBe(3);
  });

  it('a dispose that throws inside clear() still clears, and every value is told, least recent first', () => {
    const perf = new Perf();
    const told: string[] = [];
    const c = new LRUCache<string, number>({
      max: 5,
      perf,
      dispose: (_v, k, reason) => {
        told.push(`${k}:${reason}`);
        throw new Error('boom');
      },
    });
    c.set('old', 1, { ttl: 10 }).set('a', 1).set('b', 1);
    c.get('a');
    perf.time += 20; // 'old' is expired, not yet removed
    expect(() => c.clear()).toThrow('boom');
    expect(told).toEqual(['old:delete', 'b:delete', 'a:delete']);
    expect(c.size).toBe(0);
  });

  it('a dispose that throws in set(): disposeAfter still runs for what the call removed', () => {
    const after: string[] = [];
    const c = new LRUCache<string, number>({
      max: 1,
      dispose: () => {
        throw new Error('boom');
      },
      disposeAfter: (v, k, reason) => after.push(`${k}=${v}:${reason}`),
    });
    c.set('a', 1);
    expect(() => c.set('b', 2)).toThrow('boom');
    expect(after).toEqual(['a=1:evict']);
    expect([...c.keys()]).toEqual(['b']);
  });

  it('dispose runs once the change is made: it sees the new value (lru-cache: the old one)', () => {
    let seen: number | undefined;
    const c: LRUCache<string, number> = new LRUCache<string, number>({ max: 5, dispose: (_v, k) => (seen = c.get(k)) });
    c.set('a', 1).set('a', 2);
    expect(seen).toBe(2);
  });
});

describe('cortado/lru-cache: fetches', () => {
  it('a fetchMethod returning undefined without a promise resolves undefined (lru-cache never settles)', async () => {
    const c = new LRUCache<string, number>({ max: 5, fetchMethod: () => undefined });
    expect(await c.fetch('a')).toBeUndefined();
    expect(c.has('a')).toBe(false);
  });

  it('a fetchMethod that throws at once rejects, and the cache is as it was', async () => {
    const c = new LRUCache<string, number>({
      max: 5,
      fetchMethod: () => {
        throw new Error('sync');
      },
    });
    c.set('b', 2);
    await expect(c.fetch('a')).rejects.toThrow('sync');
    expect([...c.entries()]).toEqual([['b', 2]]);
    // The failed fetch is over: the next one calls the fetchMethod again.
    await expect(c.fetch('a')).rejects.toThrow('sync');
  });

  it('a failed fetch removes the stale value and disposes it with reason fetch', async () => {
    const perf = new Perf();
    const told: string[] = [];
    const c = new LRUCache<string, number>({
      max: 5,
      ttl: 10,
      perf,
      dispose: (v, k, reason) => told.push(`${k}=${v}:${reason}`),
      fetchMethod: async () => {
        throw new Error('down');
      },
    });
    c.set('a', 1);
    perf.time += 20;
    await expect(c.fetch('a')).rejects.toThrow('down');
    expect(told).toEqual(['a=1:fetch']);
    expect(c.size).toBe(0);
  });

  it('a fetch in flight takes no room: size counts stored values only', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = new LRUCache<string, number>({
      max: 1,
      fetchMethod: async () => {
        await gate;
        return 2;
      },
    });
    c.set('kept', 1);
    const pending = c.fetch('new');
    expect([c.size, c.has('kept')]).toEqual([1, true]);
    release();
    expect(await pending).toBe(2);
    expect([...c.keys()]).toEqual(['new']);
  });

  it('delete() and clear() abandon fetches in flight: their signals abort, their values are not stored', async () => {
    const reasons: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = new LRUCache<string, number>({
      max: 5,
      fetchMethod: async (_k, _s, { signal }) => {
        signal.addEventListener('abort', () => reasons.push((signal.reason as Error).message));
        await gate;
        return 1;
      },
    });
    const a = c.fetch('a').catch((e: Error) => e.message);
    const b = c.fetch('b').catch((e: Error) => e.message);
    expect(c.delete('a')).toBe(true);
    c.clear();
    release();
    expect(await a).toBe('deleted');
    expect(await b).toBe('deleted');
    expect(reasons).toEqual(['deleted', 'deleted']);
    expect(c.size).toBe(0);
  });
});

describe('cortado/lru-cache: expired entries', () => {
  it('info() and getRemainingTTL() of an expired entry not yet removed give 0; dump() leaves it out', () => {
    const perf = new Perf();
    const c = new LRUCache<string, number>({ max: 5, ttl: 10, perf });
    c.set('a', 1);
    c.set('b', 2, { ttl: 100 });
    perf.time += 20;
    expect(c.info('a')).toEqual({ value: 1, ttl: 0, start: expect.any(Number) });
    expect(c.getRemainingTTL('a')).toBe(0);
    expect(c.dump().map(([k]) => k)).toEqual(['b']);
  });
});

describe('cortado/lru-cache: one AbortSignal shared by many fetches', () => {
  /** Runs `body` and returns the process warnings it caused (Node emits them on a later tick). */
  async function warningsOf(body: () => Promise<void>): Promise<string[]> {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      await body();
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off('warning', onWarning);
    }
    return warnings;
  }

  it('adds one abort listener however many fetches run, none once they settle, and no MaxListenersExceededWarning (lru-cache adds one a fetch and keeps it)', async () => {
    const warnings = await warningsOf(async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const c = new LRUCache<number, number>({
        max: 100,
        fetchMethod: async (k) => {
          await gate;
          return k * 2;
        },
      });
      const { signal } = new AbortController(); // a server's shutdown signal, say, never aborted
      const running = Array.from({ length: 12 }, (_, k) => c.fetch(k, { signal }));
      expect(getEventListeners(signal, 'abort')).toHaveLength(1);
      release();
      expect(await Promise.all(running)).toEqual(Array.from({ length: 12 }, (_, k) => k * 2));
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      for (let k = 100; k < 112; k++) await c.fetch(k, { signal }); // one after another
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });
    expect(warnings).toEqual([]);
  });

  it("the signal's abort still aborts every fetch in flight, each rejecting with its reason", async () => {
    const warnings = await warningsOf(async () => {
      const c = new LRUCache<number, number>({
        max: 100,
        fetchMethod: (_k, _stale, { signal }) =>
          new Promise<number>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      });
      const controller = new AbortController();
      const running = Array.from({ length: 12 }, (_, k) =>
        c.fetch(k, { signal: controller.signal }).catch((e: Error) => e.message),
      );
      controller.abort(new Error('shutting down'));
      expect(await Promise.all(running)).toEqual(Array.from({ length: 12 }, () => 'shutting down'));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(c.size).toBe(0);
    });
    expect(warnings).toEqual([]);
  });
});
