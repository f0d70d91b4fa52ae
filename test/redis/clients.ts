// The two Redis clients TieredCache accepts, connected to a test server the way an application
// would: an 'error' listener (both clients emit one per failed reconnection), and a short
// reconnection backoff so fault tests recover within a second.
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../src/adapters/redis/index.js';

export type ClientKind = 'redis' | 'ioredis';
export const CLIENT_KINDS: ClientKind[] = ['redis', 'ioredis'];

/** A connected client and the way to close it. */
export interface TestClient {
  client: RedisClient;
  /** Sends a raw command (the test's own view of Redis). */
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

export async function connect(kind: ClientKind, url: string): Promise<TestClient> {
  if (kind === 'redis') {
    const client = createClient({
      url,
      socket: { reconnectStrategy: (retries: number) => Math.min(20 + retries * 20, 200) },
    });
    client.on('error', () => {});
    await client.connect();
    return {
      client,
      command: (args) => client.sendCommand(args),
      close: async () => client.destroy(),
    };
  }
  const client = new Redis(url, {
    retryStrategy: (times: number) => Math.min(20 + times * 20, 200),
    maxRetriesPerRequest: 1,
  });
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    client.once('error', reject);
  });
  return {
    client,
    command: ([command, ...args]) => client.call(command!, args),
    close: async () => client.disconnect(),
  };
}

/**
 * Resolves once `tiered` is subscribed: ready() gives up after `timeout` ms, and a loaded machine
 * or a restarted Redis may need longer (ready()'s own bound is tested in tiered-cache.test.ts).
 */
export async function subscribed(tiered: { ready(): Promise<void> }): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await tiered.ready();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Stands between a client and its connection: `send` sends `args` for real. */
export type Interceptor = (args: string[], send: () => Promise<unknown>) => Promise<unknown>;

/**
 * Routes the commands of `c`'s own connection through `interceptor`, while its subscription (on
 * a duplicate connection, which TieredCache makes) is untouched: a reply held back in transit, or
 * a command connection that fails while the subscription stays up.
 */
export function intercept(c: TestClient, interceptor: Interceptor): void {
  const client = c.client as {
    call?: (command: string, args: string[]) => Promise<unknown>;
    sendCommand?: (args: string[]) => Promise<unknown>;
  };
  // ioredis first: it has a sendCommand of its own too (connectionOf() looks for call() first).
  if (typeof client.call === 'function') {
    const call = client.call.bind(client);
    client.call = (command, args) => interceptor([command, ...args], () => call(command, args));
  } else {
    const sendCommand = client.sendCommand!.bind(client);
    client.sendCommand = (args) => interceptor(args, () => sendCommand(args));
  }
}
