// Typical lru-cache 11 user code, with only the import changed to `cortado/lru-cache`: compiled by
// test/types.test.ts with `tsc --strict --noEmit` against the built package's declarations. It
// uses the types lru-cache users name (LRUCache.Options, .Status, .Fetcher, .DisposeReason…),
// the context type parameter FC, and checks what the calls return.
import { LRUCache } from 'cortado/lru-cache';

interface User {
  id: string;
  name: string;
}

declare function loadUser(id: string, signal: AbortSignal): Promise<User | undefined>;

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function same<A, B>(_: Equal<A, B>): void {}

const disposed: [User, string, LRUCache.DisposeReason][] = [];

const options: LRUCache.Options<string, User, unknown> = {
  max: 500,
  ttl: 1000 * 60 * 5,
  updateAgeOnGet: true,
  allowStale: false,
  ttlAutopurge: true,
  dispose: (value, key, reason) => {
    disposed.push([value, key, reason]);
  },
  fetchMethod: async (key, _staleValue, { signal }) => loadUser(key, signal),
};

export const users = new LRUCache<string, User>(options);

export async function read(id: string): Promise<string | undefined> {
  const chained: LRUCache<string, User> = users.set(id, { id, name: 'x' }).set('b', { id: 'b', name: 'y' });
  const status: LRUCache.Status<string, User> = {};
  const user = users.get(id, { allowStale: true, updateAgeOnGet: false, status });
  same<typeof user, User | undefined>(true);
  // lru-cache's Status names the cache it came from, as the class.
  const from: LRUCache<string, User> | undefined = status.cache;
  from?.clear();
  const fetched = await users.fetch(id, { forceRefresh: true, ttl: 10 });
  same<typeof fetched, User | undefined>(true);
  const forced = await users.forceFetch(id);
  same<typeof forced, User>(true);
  const has: boolean = users.has(id, { updateAgeOnHas: true });
  const left: number = users.getRemainingTTL(id);
  const popped: User | undefined = users.pop();
  for (const [key, value] of users.entries()) void [key.toUpperCase(), value.name];
  for (const key of users.rkeys()) void key.length;
  users.forEach((value, key, cache) => void [value.name, key, cache.size]);
  const found = users.find((u) => u.name === 'x');
  const dump: [string, LRUCache.Entry<User>][] = users.dump();
  users.load(dump);
  const info: LRUCache.Entry<User> | undefined = users.info(id);
  void [chained, has, left, popped, found, info, status.get, users.calculatedSize, users.max];
  return user?.name;
}

// A sized cache, with its size calculator typed by the cache's K and V.
const sizeOf: LRUCache.SizeCalculator<string, Buffer> = (value) => value.length || 1;
export const blobs = new LRUCache<string, Buffer>({
  maxSize: 5_000_000,
  maxEntrySize: 1_000_000,
  sizeCalculation: sizeOf,
});
blobs.set('a', Buffer.from('x'), { size: 1, ttl: 100 });

// A fetch context (FC): fetch() then requires it, and the fetchMethod receives it typed.
interface Ctx {
  tenant: string;
}
const fetcher: LRUCache.Fetcher<number, string, Ctx> = async (key, _stale, { context, signal }) =>
  signal.aborted ? undefined : `${context.tenant}:${key}`;
export const withContext = new LRUCache<number, string, Ctx>({ max: 10, fetchMethod: fetcher });
export const tenantValue: Promise<string | undefined> = withContext.fetch(1, { context: { tenant: 't' } });
export function contextLeftOut(): void {
  // @ts-expect-error: with a context type, fetch() needs its options and their context
  void withContext.fetch(1);
  // @ts-expect-error: the same for forceFetch()
  void withContext.forceFetch(1, {});
}

// memo() with a memoMethod.
export const memo = new LRUCache<string, number>({ max: 10, memoMethod: (key) => key.length });
const length: number = memo.memo('abc');

// cortado's one addition: the policy.
export const tiny = new LRUCache<string, number>({ max: 10, policy: 'w-tinylfu' });

// Passing a cache where lru-cache's type is expected by a helper written against LRUCache.
function warm<K extends {}, V extends {}>(cache: LRUCache<K, V>, entries: [K, V][]): void {
  for (const [k, v] of entries) cache.set(k, v);
}
warm(memo, [['x', length]]);
