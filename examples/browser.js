import { Cache } from 'cortado';

// One cache for the page, created when the module loads: construction is synchronous, with
// no await and no separate .wasm download.
const responses = new Cache({ maxCost: 200, policy: 'tinylfu', ttl: 5 * 60_000 });

/** fetch() + JSON, remembered for five minutes. */
export async function getJson(url) {
  const cached = responses.get(url);
  if (cached !== undefined) return cached;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const value = await response.json();
  responses.set(url, value);
  return value;
}
