// The adapters' events (src/adapters/emitter.ts, shared by cortado/keyv's CortadoStore and
// cortado/redis's TieredCache): on, once, off, listenerCount and emit, with Node's rule that an
// 'error' nobody listens to is thrown. Exercised through CortadoStore, which needs no server.
import { describe, expect, it } from 'vitest';
import { CortadoStore } from '../src/adapters/keyv.js';

describe("the adapters' events (through CortadoStore)", () => {
  it('on() calls every listener of an event in the order added, with its arguments; emit() says whether any ran', async () => {
    const store = new CortadoStore({ maxCost: 10 });
    const calls: unknown[][] = [];
    expect(store.on('change', (...args: unknown[]) => calls.push(['first', ...args]))).toBe(store);
    store.on('change', (...args: unknown[]) => calls.push(['second', ...args]));
    expect(store.listenerCount('change')).toBe(2);
    expect(store.listenerCount('other')).toBe(0);
    expect(store.emit('change', 1, 'two')).toBe(true);
    expect(calls).toEqual([
      ['first', 1, 'two'],
      ['second', 1, 'two'],
    ]);
    expect(store.emit('other', 3)).toBe(false); // nobody listens: nothing runs, nothing thrown
    expect(calls).toHaveLength(2);
    await store.disconnect();
  });

  it('once() runs a listener on the next emit only; off() removes one listener and leaves the others', async () => {
    const store = new CortadoStore({ maxCost: 10 });
    const calls: string[] = [];
    const kept = () => calls.push('kept');
    const removed = () => calls.push('removed');
    expect(store.once('change', () => calls.push('once'))).toBe(store);
    store.on('change', kept);
    store.on('change', removed);
    expect(store.listenerCount('change')).toBe(3);
    store.emit('change');
    expect(store.listenerCount('change')).toBe(2);
    store.emit('change');
    expect(calls).toEqual(['once', 'kept', 'removed', 'kept', 'removed']);
    expect(store.off('change', removed)).toBe(store);
    expect(store.off('never added', removed)).toBe(store); // an event nobody listened to
    store.off('change', () => {}); // a listener that was never added: the others stay
    calls.length = 0;
    expect(store.emit('change')).toBe(true);
    expect(calls).toEqual(['kept']);
    store.off('change', kept);
    expect(store.listenerCount('change')).toBe(0);
    expect(store.emit('change')).toBe(false);
    await store.disconnect();
  });

  it("an 'error' nobody listens to is thrown, the very error emitted; a listener gets it instead, and once it is off, it is thrown again", async () => {
    const store = new CortadoStore({ maxCost: 10 });
    const error = new Error('failed');
    const thrown = (() => {
      try {
        store.emit('error', error);
      } catch (e) {
        return e;
      }
      return 'nothing thrown';
    })();
    expect(thrown).toBe(error);
    const heard: unknown[] = [];
    const listener = (e: unknown) => heard.push(e);
    store.on('error', listener);
    expect(store.emit('error', error)).toBe(true);
    expect(heard).toEqual([error]);
    store.off('error', listener);
    expect(() => store.emit('error', error)).toThrow(error);
    // What a user sees: after disconnect(), a call fails; it rejects when nobody listens, and is
    // a miss (the error emitted) when someone does.
    await store.disconnect();
    await expect(store.get('k')).rejects.toThrow(/closed/);
    store.on('error', listener);
    expect(await store.get('k')).toBeUndefined();
    expect(heard).toHaveLength(2);
  });
});
