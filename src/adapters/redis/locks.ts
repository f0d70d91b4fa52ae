// fetch()'s cross-process lock, one per key (`namespace+lock:key`, SET NX PX with a token of this
// process, released by a script only while the token is still ours), and the waits of the
// processes that did not get it: a wait ends after a poll interval, or as soon as the bus
// announces a write of the key. close() releases every lock still held, so that no other process
// waits lockTtl on a load this one will not store.

import { UNLOCK } from './scripts.js';

/** One held lock: its Redis key and this process's token in it. */
export interface Held {
  lock: string;
  token: string;
}

/** The locks of one TieredCache. */
export class KeyLocks {
  private readonly held = new Map<string, Held>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private count = 0;
  private closed = false;

  constructor(
    private readonly namespace: string,
    private readonly sender: string,
    private readonly lockTtl: number,
    private readonly send: (args: string[]) => Promise<unknown>,
    private readonly report: (error: unknown, operation: string, key: string | undefined) => void,
  ) {}

  /** Tries to take `key`'s lock: the lock if taken, false if another holds it, undefined if Redis failed. */
  async take(key: string): Promise<Held | false | undefined> {
    const held: Held = { lock: `${this.namespace}+lock:${key}`, token: `${this.sender}:${++this.count}` };
    try {
      if ((await this.send(['SET', held.lock, held.token, 'NX', 'PX', String(this.lockTtl)])) === null) return false;
    } catch (error) {
      this.report(error, 'lock', key);
      return undefined;
    }
    if (this.closed)
      void this.unlock(held, key); // close() came while the lock was being taken
    else this.held.set(held.token, held);
    return held;
  }

  /** Releases `held` if close() has not already (a lock that expired meanwhile is another's: the script leaves it). */
  release(held: Held, key: string): void {
    if (this.held.delete(held.token)) void this.unlock(held, key);
  }

  /** Resolves after `ms`, or sooner when wake(key) is called (a write of `key` announced) or on close. */
  waitFor(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (set === undefined) this.waiters.set(key, (set = new Set()));
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiters.get(key) === waiters) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  /** Ends the waits for `key`. */
  wake(key: string): void {
    for (const done of [...(this.waiters.get(key) ?? [])]) done();
  }

  /** Releases every lock still held and ends every wait. */
  async close(): Promise<void> {
    this.closed = true;
    const held = [...this.held.values()];
    this.held.clear();
    for (const waiters of [...this.waiters.values()]) for (const done of [...waiters]) done();
    await Promise.all(held.map((h) => this.unlock(h, undefined)));
  }

  private unlock(held: Held, key: string | undefined): Promise<void> {
    return this.send(['EVAL', UNLOCK, '1', held.lock, held.token]).then(
      () => undefined,
      (error: unknown) => this.report(error, 'unlock', key),
    );
  }
}
