// The browser suite's page script, bundled by Vite with README's browser snippet (browser.js,
// copied beside it) and README's loading example (loading.js, whose main() logs into results). Caches are created at module scope, as an app would; the checks' results
// are left on window.cortadoResults for the test to read.
import { Cache } from 'cortado';
import { getJson } from './browser.js';
import { main as loadingExample } from './loading.js';

const recent = new Cache({ maxCost: 3, policy: 'lru' });
const frequent = new Cache({ maxCost: 100, policy: 'tinylfu' });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run() {
  const results = {};

  recent.set('a', 1);
  recent.set('b', 2);
  recent.set('c', 3);
  results.lruGet = recent.get('a');
  recent.set('d', 4);
  results.lruKeys = [...recent.keys()].sort();
  results.lruEvicted = recent.stats().keysEvicted;

  recent.set('short', 'x', { ttl: 40 });
  results.ttlBefore = recent.get('short');
  await sleep(150);
  results.ttlAfter = recent.get('short') ?? null;

  for (let i = 0; i < 100; i++) frequent.set(`hot:${i}`, i);
  for (let round = 0; round < 5; round++) for (let i = 0; i < 100; i++) frequent.get(`hot:${i}`);
  for (let i = 0; i < 1000; i++) frequent.set(`scan:${i}`, i);
  results.tinylfuHotKept = [...frequent.keys()].filter((key) => key.startsWith('hot:')).length;
  results.tinylfuSize = frequent.size;

  results.json = [await getJson('/api/item/1'), await getJson('/api/item/1'), await getJson('/api/item/2')];

  results.loading = [];
  await loadingExample((...args) => results.loading.push(args.join(' ')));
  return results;
}

window.cortadoResults = run().catch((error) => ({ error: String(error?.stack ?? error) }));
