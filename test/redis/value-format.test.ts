// The stored format of cortado/redis (src/adapters/redis/value-format.ts): what parseStored reads back of
// texts written as the header comment documents (test/redis/stored.ts writes them on its own),
// and what it refuses (foreign or corrupted texts are undefined, never a throw). The Lua half,
// the write scripts against a real redis-server, is tested in tiered-cache.test.ts. No server.
import { describe, expect, it } from 'vitest';
import { parseStored } from '../../src/adapters/redis/value-format.js';

const stored = (deadline: number, payload: string) => `\x01${deadline === 0 ? '' : deadline}:${payload}`;

describe('the stored value format', () => {
  it('reads back the payload and the deadline of every text written in the format', () => {
    const payloads = ['{"id":1}', '"text"', '3', '', ':', '\x01:{"x":1}', '12:34', 'ü→😀', 'x'.repeat(100_000)];
    for (const deadline of [0, 1, 1_765_027_200_123, 9_007_199_254_740_991]) {
      for (const payload of payloads) expect(parseStored(stored(deadline, payload))).toEqual({ payload, deadline });
    }
  });

  it('refuses texts that are not in the format (undefined, no throw)', () => {
    const foreign = [
      '{"id":1}', // JSON as stored before the format, or by another program
      '"text"',
      '',
      '\x01', // cut short
      '\x011765027200123', // no end of header
      '\x01 1765027200123:{}', // not digits
      '\x01-1:{}',
      '\x011.5:{}',
      '\x01abc:{}',
      `\x01${'9'.repeat(17)}:{}`, // more digits than any deadline
      '\x02:{}', // another format's tag
      ':{"id":1}',
    ];
    for (const text of foreign) expect(parseStored(text), JSON.stringify(text)).toBeUndefined();
  });
});
