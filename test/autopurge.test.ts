// The autopurge option (lru-cache's ttlAutopurge): expired entries leave when they expire, by one
// unref'd timer armed for the soonest expiry. Real timers with short TTLs (the cache's default
// clock is performance.now, which the timers follow). Workers: test/runtimes/workerd.test.ts.
import { describe, expect, it } from 'vitest';
import { Cache } from '../src/index.js';
import { recorder } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('autopurge', () => {
  it('removes each entry when it expires, soonest first, with onEvict(…, "expired")', async () => {
    const r = recorder<string, number>();
    const cache = new Cache<string, number>({ maxCost: 10, autopurge: true, ...r.options });
    cache.set('late', 2, { ttl: 60 });
    cache.set('soon', 1, { ttl: 20 }); // earlier than the armed timer: re-armed
    cache.set('never', 3);
    await sleep(40);
    expect(r.evicted).toEqual([{ key: 'soon', value: 1, reason: 'expired' }]);
    expect(cache.size).toBe(2);
    await sleep(50);
    expect(r.evicted.map((e) => e.key)).toEqual(['soon', 'late']);
    expect(cache.size).toBe(1);
  });

  it('without the option, expired entries stay in size until read or purged', async () => {
    const cache = new Cache<string, number>({ maxCost: 10 });
    cache.set('a', 1, { ttl: 10 });
    await sleep(30);
    expect(cache.size).toBe(1);
  });

  it('the timer is unref’d and close() cancels it', async () => {
    const original = globalThis.setTimeout;
    const handles: { unref(): unknown; hasRef(): boolean }[] = [];
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      const h = original(fn, ms);
      handles.push(h);
      return h;
    }) as typeof setTimeout;
    let cache: Cache<string, number>;
    try {
      cache = new Cache<string, number>({ maxCost: 10, autopurge: true });
      cache.set('a', 1, { ttl: 10_000 });
    } finally {
      globalThis.setTimeout = original;
    }
    expect(handles.length).toBe(1);
    expect(handles[0]!.hasRef()).toBe(false);
    cache.close();
    let fired = false;
    const c2 = new Cache<string, number>({ maxCost: 10, autopurge: true, onEvict: () => (fired = true) });
    c2.set('a', 1, { ttl: 10 });
    c2.close();
    await sleep(30);
    expect(fired).toBe(false);
  });

  it('does nothing where there are no timers', () => {
    const g = globalThis as { setTimeout?: unknown };
    const original = g.setTimeout;
    g.setTimeout = undefined;
    try {
      const cache = new Cache<string, number>({ maxCost: 10, autopurge: true });
      expect(cache.set('a', 1, { ttl: 10 })).toBe(true);
      expect(cache.get('a')).toBe(1);
    } finally {
      g.setTimeout = original;
    }
  });

  it('a throwing callback in a purge leaves the cache consistent and the timer armed', async () => {
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      let throws = true;
      const cache = new Cache<string, number>({
        maxCost: 10,
        autopurge: true,
        onEvict: () => {
          if (throws) {
            throws = false;
            throw new Error('boom');
          }
        },
      });
      cache.set('a', 1, { ttl: 10 });
      cache.set('b', 2, { ttl: 60 });
      await sleep(30);
      expect(cache.size).toBe(1);
      await sleep(60);
      expect(cache.size).toBe(0);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('checks the option', () => {
    expect(() => new Cache({ maxCost: 10, autopurge: 'yes' as unknown as boolean })).toThrow(/autopurge/);
  });
});
