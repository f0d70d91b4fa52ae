const { Cache } = require('cortado');

// TinyLFU admission: a key seen once cannot push out keys that are read often.
const cache = new Cache({ maxCost: 100, policy: 'tinylfu' });
for (let i = 0; i < 100; i++) cache.set(`hot:${i}`, i);
for (let round = 0; round < 5; round++) for (let i = 0; i < 100; i++) cache.get(`hot:${i}`);
for (let i = 0; i < 1000; i++) cache.set(`scan:${i}`, i); // a one-off scan
let hot = 0;
for (let i = 0; i < 100; i++) if (cache.has(`hot:${i}`)) hot++;
console.log(`${hot} of 100 hot keys kept; size ${cache.size}`);
console.log(cache.stats().hitRatio); // 1: every get above was a hit
