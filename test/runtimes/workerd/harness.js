// The worker the workerd suite serves, bundled under the name README's recipe uses (worker.js):
// README's worker (examples/worker.js, copied beside this file as example.js) answers every
// request, except /lru, which drives a second cache created here at module scope to check LRU
// eviction across requests, and /loading, which runs README's loading example (examples/loading.js)
// and answers with the lines it logs.
import { Cache } from 'cortado';
import example from './example.js';
import { main as loadingExample } from './loading.js';

const recent = new Cache({ maxCost: 3, policy: 'lru' });

export default {
  async fetch(request, env, context) {
    const url = new URL(request.url);
    if (url.pathname === '/loading') {
      const lines = [];
      await loadingExample((...args) => lines.push(args.join(' ')));
      return Response.json(lines);
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
