// CortadoStore and createKeyv beyond the published suite: TTLs in ms reach the Cache, values are
// held as they are, namespaces, the batch calls, the iterator createKeyv attaches, error events,
// and who closes the Cache.
import { describe, expect, it } from 'vitest';
import Keyv from 'keyv';
import { Cache } from '../../src/index.js';
import { CortadoStore, createKeyv } from '../../src/adapters/keyv.js';

/** A clock the test moves by hand. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('CortadoStore', () => {
  it('passes Keyv’s TTL in ms to the Cache, which drops the entry when it runs out', async () => {
    const clock = manualClock();
    const store = new CortadoStore({ maxCost: 100, clock });
    expect(await store.set('keyv:a', 'x', 1_000)).toBe(true);
    expect(await store.set('keyv:b', 'y')).toBe(true);
    expect(store.cache.getTTL('keyv:a')).toBe(1_000);
    expect(store.cache.getTTL('keyv:b')).toBe(Infinity);
    clock.advance(1_001);
    expect(await store.get('keyv:a')).toBeUndefined();
    expect(await store.has('keyv:a')).toBe(false);
    expect(await store.get('keyv:b')).toBe('y');
  });

  it('a Keyv with a TTL stores through it (a plain Cache as store fails: Keyv passes the TTL as a number)', async () => {
    const clock = manualClock();
    const keyv = new Keyv({ store: new CortadoStore({ maxCost: 100, clock }) });
    expect(await keyv.set('session', { user: 1 }, 5_000)).toBe(true);
    expect(await keyv.get('session')).toEqual({ user: 1 });
    clock.advance(5_001);
    expect((keyv.store as CortadoStore).cache.size).toBe(1); // still held until read…
    expect(await keyv.get('session')).toBeUndefined(); // …then gone
    expect((keyv.store as CortadoStore).cache.size).toBe(0);
  });

  it('answers getMany, hasMany, deleteMany and setMany', async () => {
    const store = new CortadoStore({ maxCost: 100 });
    await store.setMany([
      { key: 'a', value: 1 },
      { key: 'b', value: 2, ttl: 60_000 },
    ]);
    expect(await store.getMany(['a', 'x', 'b'])).toEqual([1, undefined, 2]);
    expect(await store.hasMany(['a', 'x'])).toEqual([true, false]);
    expect(await store.deleteMany(['a', 'x'])).toBe(false); // 'x' was not there
    expect(await store.deleteMany(['b'])).toBe(true);
    expect(store.cache.size).toBe(0);
  });

  it('clears only its namespace, or everything without one', async () => {
    const cache = new Cache<string, unknown>({ maxCost: 100 });
    const one = new Keyv({ store: new CortadoStore(cache), namespace: 'one' });
    const two = new Keyv({ store: new CortadoStore(cache), namespace: 'two' });
    await one.set('k', 1);
    await two.set('k', 2);
    await one.clear();
    expect([...cache.keys()]).toEqual(['two:k']);
    const bare = new CortadoStore(cache);
    await bare.clear();
    expect(cache.size).toBe(0);
  });

  it('reports a failing call as an error event and a miss when someone listens, and rejects otherwise', async () => {
    const store = new CortadoStore({ maxCost: 10 });
    await store.disconnect(); // closes the Cache it made
    await expect(store.get('a')).rejects.toThrow(/after close|closed/);
    const errors: unknown[] = [];
    store.on('error', (error) => errors.push(error));
    expect(await store.get('a')).toBeUndefined();
    expect(await store.set('a', 1)).toBe(false);
    expect(errors).toHaveLength(2);
  });

  it('reaches Keyv’s error listeners', async () => {
    const store = new CortadoStore({ maxCost: 10 });
    const keyv = new Keyv({ store });
    const errors: unknown[] = [];
    keyv.on('error', (error: unknown) => errors.push(error));
    await keyv.disconnect();
    expect(await keyv.get('a')).toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    expect(String(errors[0])).toMatch(/close/);
  });

  it('closes on disconnect() only a Cache it made', async () => {
    const mine = new Cache<string, unknown>({ maxCost: 10 });
    await new CortadoStore(mine).disconnect();
    expect(mine.set('still', 'open')).toBe(true);
    const store = new CortadoStore({ maxCost: 10 });
    await store.disconnect();
    expect(() => store.cache.get('a')).toThrow();
  });

  it('names what is wrong with its argument', () => {
    expect(() => new CortadoStore(undefined as never)).toThrow(/CortadoStore needs Cache options/);
    expect(() => new CortadoStore({} as never)).toThrow(/maxCost is required/);
    expect(() => new CortadoStore({ maxCost: -1 })).toThrow(RangeError);
  });
});

describe('createKeyv', () => {
  it('returns a Keyv that holds values as they are: no serialization, the same object back', async () => {
    const keyv = await createKeyv({ maxCost: 100 });
    const value = { nested: { list: [1, 2] }, when: new Date(0) };
    await keyv.set('v', value);
    expect(await keyv.get('v')).toBe(value);
    expect(keyv).toBeInstanceOf(Keyv);
  });

  it('honours TTLs in ms', async () => {
    const keyv = await createKeyv({ maxCost: 100 });
    await keyv.set('short', 'x', 30);
    expect(await keyv.get('short')).toBe('x');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await keyv.get('short')).toBeUndefined();
  });

  it('passes Keyv’s options (namespace, ttl) and attaches the iterator', async () => {
    const cache = new Cache<string, unknown>({ maxCost: 100 });
    const a = await createKeyv(cache, { namespace: 'a', ttl: 60_000 });
    const b = await createKeyv(cache, { namespace: 'b' });
    await a.set('x', 1);
    await a.set('y', 2);
    await b.set('x', 3);
    const seen: unknown[] = [];
    for await (const entry of a.iterator!({})) seen.push(entry);
    expect(seen).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    expect(cache.getTTL('a:x')).toBeLessThanOrEqual(60_000);
    expect(cache.getTTL('b:x')).toBe(Infinity);
  });

  it('with Keyv’s useKeyPrefix: false, clear() and the iterator see the unprefixed keys (as Keyv’s Map store does)', async () => {
    const cache = new Cache<string, unknown>({ maxCost: 100 });
    const keyv = await createKeyv(cache, { useKeyPrefix: false });
    await keyv.set('x', 1);
    await keyv.set('y', 2);
    expect([...cache.keys()].sort()).toEqual(['x', 'y']); // stored unprefixed
    const seen: unknown[] = [];
    for await (const entry of keyv.iterator!({})) seen.push(entry);
    expect(seen).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    await keyv.clear();
    expect(cache.size).toBe(0);
    expect(await keyv.get('x')).toBeUndefined();
    // the same through new Keyv() with a store told so
    const direct = new Keyv({ store: new CortadoStore({ maxCost: 10 }, { useKeyPrefix: false }), useKeyPrefix: false });
    await direct.set('k', 'v');
    await direct.clear();
    expect(await direct.get('k')).toBeUndefined();
    expect(() => new CortadoStore({ maxCost: 10 }, { useKeyPrefix: 'no' as never })).toThrow(
      /useKeyPrefix must be a boolean/,
    );
  });

  it('builds the Keyv class it is given', async () => {
    class MyKeyv extends Keyv {}
    expect(await createKeyv({ maxCost: 10 }, { Keyv: MyKeyv })).toBeInstanceOf(MyKeyv);
  });
});
