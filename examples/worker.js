import { Cache } from 'cortado';

// Module scope: one cache per isolate, reused by every request it serves. Building it does no
// I/O, starts no timer and draws no random value, which Workers forbid outside a request.
const cache = new Cache({ maxCost: 1000, policy: 'tinylfu', ttl: 60_000 });

export default {
  async fetch(request) {
    const key = new URL(request.url).searchParams.get('key');
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
