// cache-manager 7 over createKeyv(): get/set/del, wrap() with 100 concurrent callers making one
// call, TTL expiry, and refreshThreshold (a value near its end is served and refreshed behind).
import { describe, expect, it } from 'vitest';
import { createCache } from 'cache-manager';
import { createKeyv } from '../../src/adapters/keyv.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cache-manager 7 with createKeyv()', () => {
  it('stores, reads and deletes through the cortado store', async () => {
    const keyv = await createKeyv({ maxCost: 1_000 });
    const cache = createCache({ stores: [keyv] });
    await cache.set('a', { n: 1 });
    expect(await cache.get('a')).toEqual({ n: 1 });
    expect(await keyv.get('a')).toEqual({ n: 1 }); // it really is in cortado's store
    await cache.del('a');
    expect(await cache.get('a')).toBeUndefined();
    await cache.mset([
      { key: 'x', value: 1 },
      { key: 'y', value: 2 },
    ]);
    expect(await cache.mget(['x', 'y', 'z'])).toEqual([1, 2, undefined]);
  });

  it('wrap(): 100 concurrent callers, one call of the function', async () => {
    const cache = createCache({ stores: [await createKeyv({ maxCost: 1_000 })] });
    let calls = 0;
    const load = async () => {
      calls++;
      await sleep(20);
      return { loaded: calls };
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => cache.wrap('user:1', load, 10_000)));
    expect(calls).toBe(1);
    for (const r of results) expect(r).toEqual({ loaded: 1 });
    expect(await cache.wrap('user:1', load, 10_000)).toEqual({ loaded: 1 }); // cached now
    expect(calls).toBe(1);
  });

  it('expires entries at their TTL', async () => {
    const cache = createCache({ stores: [await createKeyv({ maxCost: 1_000 })], ttl: 40 });
    await cache.set('t', 'v');
    expect(await cache.get('t')).toBe('v');
    const expires = await cache.ttl('t');
    expect(expires! - Date.now()).toBeLessThanOrEqual(40);
    await sleep(70);
    expect(await cache.get('t')).toBeUndefined();
  });

  it('refreshThreshold: a value near its end is returned at once and reloaded behind the caller', async () => {
    const cache = createCache({ stores: [await createKeyv({ maxCost: 1_000 })] });
    let version = 0;
    const load = async () => ++version;
    expect(await cache.wrap('r', load, 200, 150)).toBe(1);
    await sleep(80); // 120 ms left < threshold 150: the next wrap serves 1 and refreshes
    expect(await cache.wrap('r', load, 200, 150)).toBe(1);
    await sleep(20);
    expect(version).toBe(2);
    expect(await cache.get('r')).toBe(2);
  });
});
