// Node's diagnostics_channel, seen from the core without importing it: the Node entry
// (src/index.node.ts, the `node` export condition) creates the channels and leaves them under a
// global symbol; each Cache picks them up when it is built. Browser and Workers bundles never
// import the Node entry, so they carry no `node:diagnostics_channel`, and there `channels()` is
// undefined. A channel without subscribers costs one `hasSubscribers` read per eviction or load.

/** The part of a Node `Channel` the cache uses. */
export interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** The channels the cache publishes on; names in CHANNEL_NAMES. */
export interface Channels {
  evict: Channel;
  loadStart: Channel;
  loadEnd: Channel;
  loadError: Channel;
}

/** Each channel's name (README, "Observability"). */
export const CHANNEL_NAMES: Readonly<Record<keyof Channels, string>> = {
  evict: 'cortado:evict',
  loadStart: 'cortado:load:start',
  loadEnd: 'cortado:load:end',
  loadError: 'cortado:load:error',
};

/**
 * Where the Node entry leaves the channels: a registered symbol, so that every copy of cortado in
 * the process (ESM and CommonJS builds) finds the same ones, as diagnostics_channel's names are
 * process-wide anyway.
 */
export const CHANNELS_KEY = Symbol.for('cortado.diagnostics');

/** The channels, when the Node entry is loaded; else undefined. */
export function channels(): Channels | undefined {
  return (globalThis as { [CHANNELS_KEY]?: Channels })[CHANNELS_KEY];
}

/** What the cache publishes on `cortado:evict`. */
export interface EvictMessage<K = unknown, V = unknown> {
  /** The cache (the same object every time: a WeakMap from caches to names labels them). */
  cache: object;
  key: K;
  value: V;
  /** 'capacity' (the policy chose it) or 'expired'. */
  reason: 'capacity' | 'expired';
  cost: number;
}

/**
 * What the cache publishes on `cortado:load:start`, then (the same object, completed) on
 * `cortado:load:end` or `cortado:load:error`.
 */
export interface LoadMessage<K = unknown, V = unknown> {
  cache: object;
  key: K;
  /** fetch() of a missing key (or forceRefresh), a background refresh, or getOrSet()'s compute. */
  kind: 'fetch' | 'refresh' | 'getOrSet';
  /** The loaded value (end), undefined before. */
  value?: V;
  /** What the load threw or rejected with (error). */
  error?: unknown;
  /** Milliseconds the load took, by the cache's clock (end and error). */
  duration?: number;
}

/** Whether anyone listens to a load's channels (start, end or error). */
export function loadsObserved(c: Channels | undefined): c is Channels {
  return c !== undefined && (c.loadStart.hasSubscribers || c.loadEnd.hasSubscribers || c.loadError.hasSubscribers);
}
