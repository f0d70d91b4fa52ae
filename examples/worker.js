import { Cache } from 'cortado';

// Module scope: one cache per isolate, reused by every request it serves. Building it does no
// I/O, starts no timer and draws no random value, which Workers forbid outside a request.
const cache = new Cache({ maxCost: 1000, policy: 'tinylfu', ttl: 60_000 });

export default {
  async fetch(request) {
    const key = new URL(request.url).searchParams.get('key');
    if (key === null) return Response.json(cache.stats());
    if (request.method === 'PUT') {
      const ttl = Number(request.headers.get('x-ttl') ?? 60_000);
      return new Response(null, { status: cache.set(key, await request.text(), { ttl }) ? 201 : 409 });
    }
    const value = cache.get(key);
    return value === undefined ? new Response('miss', { status: 404 }) : new Response(value);
  },
};
