// The small client interface of `cortado/redis`: what TieredCache needs of a Redis connection
// (raw commands, and a subscription on a second connection), and the two clients it accepts,
// the official `redis` (node-redis, v5; v4 has the same calls) and `ioredis`, each described by
// the few members used, so neither is imported. The client's own reconnection is what runs:
// nothing here retries a connection.

/** The members of a `redis` (node-redis) client that TieredCache uses. */
export interface NodeRedisClient {
  /** False until connect() was called, and after close(): TieredCache refuses such a client. */
  readonly isOpen?: boolean;
  sendCommand(args: string[]): Promise<unknown>;
  duplicate(): NodeRedisClient;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  destroy?(): void;
  disconnect?(): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** The members of an `ioredis` client that TieredCache uses. */
export interface IoredisClient {
  /** 'wait' until connect() with `lazyConnect`, 'end' once closed: TieredCache refuses those. */
  readonly status?: string;
  call(command: string, args: string[]): Promise<unknown>;
  duplicate(override?: { autoResubscribe?: boolean }): IoredisClient;
  subscribe(channel: string): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** A connected client of either kind; TieredCache never closes it (it is yours). */
export type RedisClient = NodeRedisClient | IoredisClient;

/** Events of the subscribing connection: a message, the connection lost, then ready again. */
export interface SubscriptionEvents {
  message(message: string): void;
  down(): void;
  ready(): void;
  error(error: unknown): void;
}

/** One client seen through what TieredCache needs. */
export interface Connection {
  /** Sends one command (`['GET', key]`) and resolves to Redis's reply. */
  command(args: string[]): Promise<unknown>;
  /** Subscribes to `channel` on a duplicate of the client; resolves to a function that closes it. */
  subscribe(channel: string, events: SubscriptionEvents): Promise<() => void>;
}

/** Watches a connection's errors and losses through the events both clients emit. */
function watch(
  client: { on(event: string, listener: (...args: any[]) => void): unknown },
  events: SubscriptionEvents,
): void {
  client.on('error', (error: unknown) => events.error(error));
  // node-redis: 'reconnecting', 'end'; ioredis: 'close', 'reconnecting', 'end'.
  for (const lost of ['close', 'reconnecting', 'end']) client.on(lost, () => events.down());
}

function nodeRedis(client: NodeRedisClient): Connection {
  return {
    command: (args) => client.sendCommand(args),
    async subscribe(channel, events) {
      const subscriber = client.duplicate();
      const close = () => (subscriber.destroy !== undefined ? subscriber.destroy() : void subscriber.disconnect?.());
      watch(subscriber, events);
      subscriber.on('ready', () => events.ready());
      try {
        await subscriber.connect();
        // node-redis subscribes again by itself after a reconnection.
        await subscriber.subscribe(channel, (message) => events.message(message));
      } catch (error) {
        close();
        throw error;
      }
      return close;
    },
  };
}

function ioredis(client: IoredisClient): Connection {
  return {
    command: ([command, ...args]) => client.call(command!, args),
    async subscribe(channel, events) {
      // ioredis connects a duplicate at once. Its own resubscription after a reconnection leaves
      // a promise nobody catches, rejected if the connection closes before the reply (an
      // unhandled rejection): this adapter subscribes again itself, and reports ready after.
      const subscriber = client.duplicate({ autoResubscribe: false });
      let subscribed = false;
      watch(subscriber, events);
      subscriber.on('ready', () => {
        if (subscribed)
          subscriber.subscribe(channel).then(
            () => events.ready(),
            (error: unknown) => events.error(error),
          );
      });
      subscriber.on('message', (from: string, message: string) => {
        if (from === channel) events.message(message);
      });
      try {
        await subscriber.subscribe(channel);
        subscribed = true;
      } catch (error) {
        subscriber.disconnect();
        throw error;
      }
      return () => subscriber.disconnect();
    },
  };
}

/** The Connection for a client of either kind; a TypeError naming `redis` for anything else. */
export function connectionOf(client: unknown): Connection {
  const c = client as Partial<NodeRedisClient & IoredisClient> | null;
  if (c !== null && typeof c === 'object' && typeof c.duplicate === 'function') {
    // ioredis has a sendCommand too (of its own Command objects): look for its call() first.
    // A client nobody connected would fail every command and look like an outage forever.
    if (typeof c.call === 'function') {
      if (c.status === 'wait' || c.status === 'end') {
        throw new TypeError(
          `cortado/redis: redis is an ioredis client that is not connected (status "${c.status}"): call connect() first, or drop lazyConnect`,
        );
      }
      return ioredis(c as IoredisClient);
    }
    if (typeof c.sendCommand === 'function') {
      if (c.isOpen === false)
        throw new TypeError(
          'cortado/redis: redis is a node-redis client that is not connected (isOpen is false): await client.connect() first',
        );
      return nodeRedis(c as NodeRedisClient);
    }
  }
  throw new TypeError(
    'cortado/redis: redis must be a connected client of `redis` (createClient(), v4+) or of `ioredis` (new Redis())',
  );
}
