// The worker the workerd suite serves, bundled under the name README's recipe uses (worker.js):
// README's worker (examples/worker.js, copied beside this file as example.js) answers every
// request, except /lru, which drives a second cache created here at module scope to check LRU
// eviction across requests, and /loading, which runs README's loading example (examples/loading.js)
// and answers with the lines it logs, and /autopurge, which checks the autopurge option's timer.
import { Cache } from 'cortado';
import example from './example.js';
import { main as loadingExample } from './loading.js';

const recent = new Cache({ maxCost: 3, policy: 'lru' });
// Built at module scope, where Workers refuse timers: autopurge arms its timer at the first write.
const purged = new Cache({ maxCost: 10, autopurge: true });

export default {
  async fetch(request, env, context) {
    const url = new URL(request.url);
    if (url.pathname === '/loading') {
      const lines = [];
      await loadingExample((...args) => lines.push(args.join(' ')));
      return Response.json(lines);
    }
    if (url.pathname === '/autopurge') {
      // Inside one request: an entry with a 50 ms TTL is gone from size 150 ms later, read by nothing.
      purged.set(url.searchParams.get('key'), 'v', { ttl: 50 });
      const before = purged.size;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return Response.json({ before, after: purged.size });
    }
    if (url.pathname !== '/lru') return example.fetch(request, env, context);
    const key = url.searchParams.get('key');
    switch (url.searchParams.get('op')) {
      case 'set':
        return Response.json(recent.set(key, url.searchParams.get('value')));
      case 'get':
        return Response.json(recent.get(key) ?? null);
      default:
        return Response.json({ keys: [...recent.keys()], stats: recent.stats() });
    }
  },
};
