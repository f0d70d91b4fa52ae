// How TieredCache talks to Redis: every command through the circuit breaker (breaker.ts) and
// under the time limit (deadlines.ts), and scripts as EVALSHA once Redis has loaded them. The
// failures it counts go to TieredCache's stats().

import type { Connection } from './client.js';
import { CircuitBreaker, type BreakerEvents } from './breaker.js';
import { Deadlines } from './deadlines.js';

/** One TieredCache's way to Redis. */
export class Transport {
  readonly breaker: CircuitBreaker;
  /** Redis calls that failed (timeouts, lost connections, error replies); not those the breaker refused. */
  failures = 0;
  private readonly deadlines: Deadlines;
  /** The SHA of each script Redis has loaded (see send()). */
  private readonly shas = new Map<string, string>();
  private readonly learning = new Set<string>();
  private readonly failed = (error: unknown): void => {
    this.failures++;
    this.breaker.failure(error);
  };

  constructor(
    private readonly connection: Connection,
    timeout: number,
    events: BreakerEvents,
  ) {
    this.deadlines = new Deadlines(timeout);
    this.breaker = new CircuitBreaker(() => this.deadlines.run(connection.command(['PING'])), events);
  }

  /**
   * Sends one command; a script (`['EVAL', script, …]`) goes as EVALSHA once Redis told its SHA
   * (SCRIPT LOAD, asked on the script's first use), and as EVAL again when Redis no longer knows
   * it (NOSCRIPT, after a restart). EVALSHA spares Redis reading and hashing the script each call.
   */
  send(args: string[]): Promise<unknown> {
    if (args[0] !== 'EVAL') return this.sendRaw(args);
    const script = args[1]!;
    const sha = this.shas.get(script);
    if (sha === undefined) {
      this.learn(script);
      return this.sendRaw(args);
    }
    args[0] = 'EVALSHA';
    args[1] = sha;
    return this.sendRaw(args).then(undefined, (error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      this.shas.delete(script);
      args[0] = 'EVAL';
      args[1] = script;
      return this.sendRaw(args);
    });
  }

  /** Stops the breaker's probes. */
  close(): void {
    this.breaker.close();
  }

  /** Asks Redis for `script`'s SHA once (in the background; a failure leaves it to the next use). */
  private learn(script: string): void {
    if (this.learning.has(script)) return;
    this.learning.add(script);
    this.sendRaw(['SCRIPT', 'LOAD', script])
      .then(
        (sha) => this.shas.set(script, String(sha)),
        () => undefined,
      )
      .finally(() => this.learning.delete(script));
  }

  private sendRaw(args: string[]): Promise<unknown> {
    if (this.breaker.state !== 'closed') return this.breaker.refuse();
    return this.deadlines.run(this.connection.command(args), this.failed);
  }
}
