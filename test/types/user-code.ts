// Typical user code of the core and the adapters, compiled by test/types.test.ts with `tsc --strict --noEmit`
// against the built package's declarations (imports by package name, as in a user's project):
// each case is one that once failed to compile, or compiled to the wrong type.
import { Cache } from 'cortado';
import { Cache as CoreCache } from 'cortado/core';
import { lirs, lruK, wTinyLfu } from 'cortado/policies';
import { CortadoStore, createKeyv } from 'cortado/keyv';
import { TieredCache, type TieredStats } from 'cortado/redis';
import type { Keyv } from 'keyv';
import { createClient } from 'redis';

interface User {
  id: string;
  name: string;
}

declare const db: { findUser(id: string): Promise<User | undefined>; getUser(id: string): Promise<User> };

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function same<A, B>(_: Equal<A, B>): void {}

export async function tier(): Promise<void> {
  const redis = await createClient().connect();
  const users = new TieredCache<User>({ local: { maxCost: 10_000 }, redis, namespace: 'users', ttl: 60_000 });

  // A load that may find nothing: compiles, and fetch() says it may resolve undefined.
  const maybe = await users.fetch('42', async (id): Promise<User | undefined> => db.findUser(id));
  same<typeof maybe, User | undefined>(true);

  // A load that always finds: fetch() resolves a User, no undefined to handle.
  const found = await users.fetch('42', (id) => db.getUser(id));
  same<typeof found, User>(true);
  found.name.toUpperCase();

  const cached = await users.get('42');
  same<typeof cached, User | undefined>(true);

  const stats: TieredStats = users.stats();
  if (stats.breaker === 'open') console.log(stats.outages, stats.shortCircuited);
}

export async function keyv(): Promise<void> {
  // A store over a Cache typed with the app's values.
  const store = new CortadoStore(new Cache<string, User>({ maxCost: 10 }));
  void store;
  new CortadoStore({ maxCost: 10 }, { useKeyPrefix: false });

  // createKeyv() is typed by what the Keyv holds.
  const typed = await createKeyv<User>({ maxCost: 10_000 }, { namespace: 'users' });
  same<typeof typed, Keyv<User>>(true);
  const user = await typed.get('42');
  same<typeof user, User | undefined>(true);

  // Without a type argument it is unknown, not any: using it unchecked is an error.
  const loose = await createKeyv(new Cache<string, User>({ maxCost: 10 }));
  const value = await loose.get('42');
  // @ts-expect-error value is unknown
  value.name;
}

export async function core(): Promise<void> {
  // The cache's own load may find nothing: compiles, and fetch() says it may resolve undefined.
  const users = new Cache<string, User>({
    maxCost: 1000,
    load: async (id): Promise<User | undefined> => db.findUser(id),
  });
  const maybe = await users.fetch('42');
  same<typeof maybe, User | undefined>(true);

  // A per-call load that always finds: fetch() resolves a User.
  const found = await users.fetch('42', { load: (id) => db.getUser(id) });
  same<typeof found, User>(true);
  found.name.toUpperCase();

  // A per-call load that may find nothing: undefined to handle.
  const perCall = await users.fetch('42', { load: (id) => db.findUser(id), ttl: 1000 });
  same<typeof perCall, User | undefined>(true);
}

/** Policies as values: the declarations of cortado/policies fit cortado/core's and cortado's. */
export function policyValues(): void {
  const pages = new CoreCache<string, User>({ maxCost: 100, policy: lirs });
  const rows = new CoreCache<number, string>({ maxCost: 100, policy: { name: lruK, k: 3, variant: 'cachekit' } });
  const fromDefault = new Cache<string, number>({ maxCost: 100, policy: { name: wTinyLfu, windowFrac: 0.05 } });
  same<ReturnType<typeof pages.get>, User | undefined>(true);
  void rows;
  void fromDefault;
  // @ts-expect-error k is lru-k's option, not lirs's
  new CoreCache({ maxCost: 100, policy: { name: lirs, k: 3 } });
  // @ts-expect-error cortado/core knows only the default policy by name
  new CoreCache({ maxCost: 100, policy: 'lru' });
}
