// README's "Beyond one process" examples, run as files with node against the built package (they
// import `cortado/keyv` and `cortado/redis`, which resolve to dist/ through package.json's
// exports, as in a user's project): the Keyv one needs no server, the Redis one gets a real one.
import { announceSkip } from '../helpers.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir, inCI, packedTarball, repoRoot } from '../runtimes/package.js';
import { missingRedis, RedisServer } from './server.js';

const run = (file: string, env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [join(examplesDir, file)], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

beforeAll(() => {
  packedTarball(); // builds dist/ if it is older than the sources
});

describe('examples/keyv.mjs', () => {
  it('runs: cache-manager over createKeyv(), wrap() with one call, TTL', () => {
    expect(run('keyv.mjs')).toBe("true 1\n{ token: 'abc' }\nundefined\n");
  });
});

announceSkip('examples/tiered-redis.mjs', missingRedis);
describe.skipIf(missingRedis !== undefined && !inCI)(
  `examples/tiered-redis.mjs${missingRedis ? ` (skipped: ${missingRedis})` : ''}`,
  () => {
    let server: RedisServer | undefined;
    beforeAll(async () => {
      if (missingRedis !== undefined) throw new Error(`CI=true but ${missingRedis}`);
      server = await RedisServer.start();
    });
    afterAll(() => server?.stop());

    it('runs against a real Redis: fetch, get from the other instance, invalidation, delete', () => {
      expect(run('tiered-redis.mjs', { REDIS_URL: server!.url })).toBe(
        "{ id: '42', name: 'Ada' } { id: '42', name: 'Ada' }\nfalse Ada Lovelace\ntrue\nundefined\n",
      );
    });
  },
);
