// A minimal event emitter for the adapters (`cortado/keyv`, `cortado/redis`): `on`/`off`/`once`/
// `emit` with Node's rule for 'error' (an error nobody listens to is thrown, never lost). Keyv
// subscribes to a store's 'error' events through `on`. It is written here rather than imported
// from node:events so that `cortado/keyv` runs wherever Keyv runs (browsers, Workers).

type Listener = (...args: any[]) => void;

/** Listeners by event name. */
export class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  /** Calls `listener` on every `event`. */
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Stops calling `listener` on `event`. */
  off(event: string, listener: Listener): this {
    const list = this.listeners.get(event);
    if (list !== undefined)
      this.listeners.set(
        event,
        list.filter((l) => l !== listener),
      );
    return this;
  }

  /** Calls `listener` on the next `event` only. */
  once(event: string, listener: Listener): this {
    const wrapper: Listener = (...args) => {
      this.off(event, wrapper);
      listener(...args);
    };
    return this.on(event, wrapper);
  }

  /** How many listeners `event` has. */
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /**
   * Calls the listeners of `event` in order; returns whether there were any. An 'error' with no
   * listener is thrown (Node's convention), so that no failure goes unseen.
   */
  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event);
    if (list === undefined || list.length === 0) {
      if (event === 'error') throw args[0];
      return false;
    }
    for (const listener of list) listener(...args);
    return true;
  }
}
