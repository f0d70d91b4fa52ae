import { Cache } from 'cortado';

// Module scope: one cache per isolate, reused by every request it serves. Building it does no
// I/O, starts no timer and draws no random value, which Workers forbid outside a request.
const cache = new Cache({ maxCost: 1000, policy: 'tinylfu', ttl: 60_000 });

// A cache that loads its own misses: one load per key however many requests ask at once, and a
// value older than refreshAfter is served while it reloads in the background.
let loads = 0;
const loaded = new Cache({
  maxCost: 1000,
  refreshAfter: 1000,
  load: async (key) => {
    await new Promise((resolve) => setTimeout(resolve, 50)); // stands in for a slow origin
    return `${key} #${++loads}`;
  },
});

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const key = url.searchParams.get('key');
    if (url.pathname === '/loaded' && key !== null) {
      // waitUntil keeps the isolate running for a background refresh after the response has gone.
      return new Response(await loaded.fetch(key, { waitUntil: (promise) => ctx.waitUntil(promise) }));
    }
    if (key === null) return Response.json(cache.stats());
    if (request.method === 'PUT') {
      // A bad header is the client's mistake (400), not a server error: check it before set().
      const header = request.headers.get('x-ttl') ?? '60000';
      if (!/^\d{1,15}$/.test(header)) return new Response('x-ttl: milliseconds, a whole number', { status: 400 });
      const stored = cache.set(key, await request.text(), { ttl: Number(header) });
      return new Response(null, { status: stored ? 201 : 409 });
    }
    const value = cache.get(key);
    return value === undefined ? new Response('miss', { status: 404 }) : new Response(value);
  },
};
