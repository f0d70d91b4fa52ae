import { Cache, memoize } from 'cortado';

/** Stands in for a slow backend (a database, an HTTP API) and counts its calls. */
export const backend = {
  calls: 0,
  async price(sku) {
    this.calls++;
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (sku === 'unknown') throw new Error(`no price for ${sku}`);
    return { sku, cents: 100 * sku.length };
  },
};

// memoize: calls with the same key (the first argument) share one call of the function, and its
// result is kept for a minute. Caches may be built at module scope, in Workers too.
export const price = memoize((sku) => backend.price(sku), { maxCost: 1000, ttl: 60_000 });

// fetch: the cache loads its own misses, one load per key however many callers wait, and
// reloads a value older than refreshAfter in the background while still answering with it.
export const prices = new Cache({
  maxCost: 1000,
  ttl: 10 * 60_000,
  refreshAfter: 60_000,
  load: (sku) => backend.price(sku),
});

export async function main(log = console.log) {
  const [a, b, c] = await Promise.all([price('tea'), price('tea'), price('coffee')]);
  log(a.cents, b.cents, c.cents, backend.calls); // 300 300 600 2

  const quotes = await Promise.all(Array.from({ length: 100 }, () => prices.fetch('espresso')));
  log(quotes.length, quotes[0].cents, backend.calls); // 100 800 3: one load for 100 callers

  // A failed load rejects its callers and caches nothing: the next fetch tries again.
  await prices.fetch('unknown').catch((error) => log(error.message)); // no price for unknown
  const { loadSuccesses, loadFailures } = prices.stats();
  log(loadSuccesses, loadFailures, prices.has('unknown')); // 1 1 false
}
