import { subscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { Cache } from 'cortado';
import { toPrometheus } from 'cortado/metrics';

const users = new Cache({ maxCost: 1000, lifeExpectancy: true }); // + how long evicted entries lived
const pages = new Cache({ maxCost: 100, policy: 'lru' });

// Prometheus scrapes GET /metrics: one series per cache, told apart by a label.
const server = createServer((request, response) => {
  if (request.url !== '/metrics') return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
  response.end(toPrometheus([{ cache: users, labels: { cache: 'users' } }, { cache: pages, labels: { cache: 'pages' } }]));
});

// Each eviction as it happens, through Node's diagnostics_channel (no cost while nobody listens).
let evicted = 0;
subscribe('cortado:evict', (message) => evicted++);

for (let i = 0; i < 150; i++) pages.set(`/page/${i}`, `<html>${i}</html>`);
users.set('ada', { name: 'Ada' });
users.get('ada');

server.listen(0, '127.0.0.1', async () => {
  const metrics = await (await fetch(`http://127.0.0.1:${server.address().port}/metrics`)).text();
  console.log(metrics.split('\n').filter((line) => line.startsWith('cortado_keys_evicted_total')).join('\n'));
  console.log(evicted); // 50
  server.close();
});
