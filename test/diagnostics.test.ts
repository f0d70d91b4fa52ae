// diagnostics_channel publishing (src/diagnostics.ts) from the sources: channels stand-ins are put
// where the Node entry puts the real ones (a global symbol), so each test sees exactly what is
// published, and that nothing is built or published while no one subscribes. The real channels,
// through the packed package, are tested in test/runtimes/node.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cache, POLICIES, type EvictMessage, type LoadMessage } from '../src/index.js';
import { CHANNELS_KEY, type Channel, type Channels } from '../src/diagnostics.js';
import { ManualClock } from './helpers.js';

/** A channel that records what it is given; `hasSubscribers` as set. A publish while unsubscribed fails the test. */
class FakeChannel implements Channel {
  private on = false;
  /** Reads of hasSubscribers: where the cache looks. */
  checks = 0;
  readonly messages: unknown[] = [];
  constructor(private readonly onPublish: (message: unknown) => void = () => {}) {}
  get hasSubscribers(): boolean {
    this.checks++;
    return this.on;
  }
  set hasSubscribers(on: boolean) {
    this.on = on;
  }
  publish(message: unknown): void {
    if (!this.on) throw new Error('published with no subscriber');
    // Snapshot: a load's message is completed in place between start and end.
    this.messages.push({ ...(message as object) });
    this.onPublish(message);
  }
}

let fake: { evict: FakeChannel; loadStart: FakeChannel; loadEnd: FakeChannel; loadError: FakeChannel };
const global = globalThis as { [CHANNELS_KEY]?: Channels };
let saved: Channels | undefined;

beforeEach(() => {
  saved = global[CHANNELS_KEY];
  fake = {
    evict: new FakeChannel(),
    loadStart: new FakeChannel(),
    loadEnd: new FakeChannel(),
    loadError: new FakeChannel(),
  };
  global[CHANNELS_KEY] = fake;
});

afterEach(() => {
  if (saved === undefined) delete global[CHANNELS_KEY];
  else global[CHANNELS_KEY] = saved;
});

describe('cortado:evict', () => {
  it.each(POLICIES)('%s: with no subscriber, nothing is published and no message is built', (policy) => {
    const cache = new Cache<number, number>({ maxCost: 10, policy, ttl: 5, clock: new ManualClock() });
    for (let i = 0; i < 200; i++) cache.set(i, i);
    cache.purgeExpired();
    expect(cache.stats().keysEvicted + cache.stats().keysExpired).toBeGreaterThan(0);
    expect(fake.evict.messages).toEqual([]);
    expect(fake.evict.checks).toBeGreaterThan(0); // it did look, once per eviction
  });

  it('publishes capacity evictions and expirations: cache, key, value, reason, cost', () => {
    fake.evict.hasSubscribers = true;
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 3, policy: 'lru', clock });
    cache.set('a', 1, { cost: 2 });
    cache.set('b', 2, { ttl: 10 });
    cache.set('c', 3, { cost: 2 }); // evicts a (lru), cost 2
    clock.advance(20);
    expect(cache.get('b')).toBeUndefined(); // expired
    cache.delete('c'); // a delete is not an eviction
    expect(fake.evict.messages).toEqual<EvictMessage[]>([
      { cache, key: 'a', value: 1, reason: 'capacity', cost: 2 },
      { cache, key: 'b', value: 2, reason: 'expired', cost: 1 },
    ]);
  });

  it('publishes after the change is complete, in order with the callbacks', () => {
    const order: string[] = [];
    let cache!: Cache<string, number>;
    fake.evict = new FakeChannel((m) => {
      const { key } = m as EvictMessage<string>;
      order.push(`publish ${key}`);
      // A subscriber that reads the cache sees the eviction done and the budget kept.
      expect(cache.has(key)).toBe(false);
      expect(cache.cost).toBeLessThanOrEqual(cache.maxCost);
    });
    fake.evict.hasSubscribers = true;
    global[CHANNELS_KEY] = fake;
    cache = new Cache<string, number>({ maxCost: 1, policy: 'lru', onEvict: (key) => order.push(`onEvict ${key}`) });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(order).toEqual(['onEvict a', 'publish a']);
  });

  it('evictOne() and load() making room publish their capacity evictions like set() does', () => {
    fake.evict.hasSubscribers = true;
    const cache = new Cache<string, number>({ maxCost: 2, policy: 'lru' });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.evictOne()).toEqual(['a', 1]);
    cache.load([
      ['c', { value: 3 }],
      ['d', { value: 4 }],
    ]); // room for both: b goes
    expect(fake.evict.messages).toEqual<EvictMessage[]>([
      { cache, key: 'a', value: 1, reason: 'capacity', cost: 1 },
      { cache, key: 'b', value: 2, reason: 'capacity', cost: 1 },
    ]);
  });

  it('a cache built before the channels existed publishes nothing (they are picked up at construction)', () => {
    delete global[CHANNELS_KEY];
    const cache = new Cache<number, number>({ maxCost: 1, policy: 'lru' });
    global[CHANNELS_KEY] = fake;
    fake.evict.hasSubscribers = true;
    cache.set(1, 1);
    cache.set(2, 2);
    expect(fake.evict.messages).toEqual([]);
  });
});

describe('cortado:load:start / end / error', () => {
  it('with no subscriber, loads publish nothing', async () => {
    const cache = new Cache<string, string>({ maxCost: 10 });
    await cache.fetch('a', { load: async (k) => k });
    await expect(cache.fetch('b', { load: async () => Promise.reject(new Error('down')) })).rejects.toThrow('down');
    cache.getOrSet('c', (k) => k);
    expect([fake.loadStart, fake.loadEnd, fake.loadError].map((c) => c.messages.length)).toEqual([0, 0, 0]);
  });

  it('fetch: start, then end with the value and the duration by the cache’s clock; the same message object', async () => {
    const started: unknown[] = [];
    fake.loadStart = new FakeChannel((m) => started.push(m));
    const ended: unknown[] = [];
    fake.loadEnd = new FakeChannel((m) => ended.push(m));
    for (const channel of [fake.loadStart, fake.loadEnd, fake.loadError]) channel.hasSubscribers = true;
    global[CHANNELS_KEY] = fake;
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 10, clock });
    const value = await cache.fetch('k', {
      load: async (key) => {
        clock.advance(25);
        return key.toUpperCase();
      },
    });
    expect(value).toBe('K');
    expect(fake.loadStart.messages).toEqual<LoadMessage[]>([{ cache, key: 'k', kind: 'fetch' }]);
    expect(fake.loadEnd.messages).toEqual<LoadMessage[]>([
      { cache, key: 'k', kind: 'fetch', value: 'K', duration: 25 },
    ]);
    expect(fake.loadError.messages).toEqual([]);
    expect(ended[0]).toBe(started[0]); // one object per load: subscribers can pair start and end
  });

  it('with metrics off, loads still publish end and error, with their duration', async () => {
    for (const channel of [fake.loadStart, fake.loadEnd, fake.loadError]) channel.hasSubscribers = true;
    const clock = new ManualClock();
    const cache = new Cache<string, string>({ maxCost: 10, clock, metrics: false });
    const slow = (outcome: () => string) => async () => (clock.advance(10), outcome());
    await cache.fetch('ok', { load: slow(() => 'v') });
    const failure = new Error('origin down');
    await expect(
      cache.fetch('ko', {
        load: slow(() => {
          throw failure;
        }),
      }),
    ).rejects.toBe(failure);
    expect(fake.loadEnd.messages).toEqual([{ cache, key: 'ok', kind: 'fetch', value: 'v', duration: 10 }]);
    expect(fake.loadError.messages).toEqual([{ cache, key: 'ko', kind: 'fetch', error: failure, duration: 10 }]);
  });

  it('a failed fetch publishes error with what it threw; getOrSet and refreshes are told apart by kind', async () => {
    for (const channel of [fake.loadStart, fake.loadEnd, fake.loadError]) channel.hasSubscribers = true;
    const clock = new ManualClock();
    const cache = new Cache<string, number>({ maxCost: 10, clock, refreshAfter: 100 });
    const failure = new Error('origin down');
    await expect(cache.fetch('x', { load: () => Promise.reject(failure) })).rejects.toBe(failure);
    expect(fake.loadError.messages).toEqual([{ cache, key: 'x', kind: 'fetch', error: failure, duration: 0 }]);

    expect(() =>
      cache.getOrSet('g', () => {
        throw failure;
      }),
    ).toThrow(failure);
    expect(cache.getOrSet('g', () => 7)).toBe(7);

    let version = 0;
    const load = async () => ++version;
    await cache.fetch('r', { load });
    clock.advance(150);
    expect(await cache.fetch('r', { load })).toBe(1); // stale value now, refresh in the background
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cache.peek('r')).toBe(2);

    expect(fake.loadStart.messages.map((m) => `${(m as LoadMessage).kind} ${String((m as LoadMessage).key)}`)).toEqual([
      'fetch x',
      'getOrSet g',
      'getOrSet g',
      'fetch r',
      'refresh r',
    ]);
    expect(fake.loadError.messages.map((m) => (m as LoadMessage).kind)).toEqual(['fetch', 'getOrSet']);
    expect(fake.loadEnd.messages.map((m) => [(m as LoadMessage).kind, (m as LoadMessage).value])).toEqual([
      ['getOrSet', 7],
      ['fetch', 1],
      ['refresh', 2],
    ]);
  });
});
