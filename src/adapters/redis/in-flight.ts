// Redis operations in flight, per key, so that a reply overtaken by news about its key does not
// write L1. A read's reply can arrive after the invalidation of a write that followed it (the
// reply and the message travel on different connections), and a write's reply after another
// process's later write was announced: filling L1 then would keep a stale value that no message
// will ever remove. So every operation takes a ticket; an invalidation of the key (from the bus,
// or a newer local write) spoils the tickets out for it; a spoiled ticket never writes L1.
//
// get()'s read of Redis, the hot path, takes no ticket: it notes the sequence number of
// invalidations when it starts (since()) and asks at its reply whether its key was invalidated
// after it (freshSince()), which costs one lookup in a map of the keys invalidated lately instead
// of a ticket made, filed and removed. That map forgets the oldest invalidations once it holds
// REMEMBERED keys; a read that began before what was forgotten is taken as overtaken (it does not
// fill L1), never as fresh.

/** How many invalidated keys are remembered for reads without a ticket, in each of two generations. */
export const REMEMBERED = 4_096;

/** One operation's ticket: spoiled once its key changed while it was out. */
export interface Ticket {
  readonly key: string;
  spoiled: boolean;
}

/** The tickets out, by key: one ticket alone (the usual case, no Set made), or a Set of them. */
export class InFlight {
  private readonly byKey = new Map<string, Ticket | Set<Ticket>>();
  /** Sequence number of the last invalidation (of a key, or of all). */
  private seq = 0;
  /** The invalidation of all keys last noted. */
  private cleared = 0;
  /** Keys invalidated lately → the sequence number of their last invalidation; `older` is the generation before. */
  private recent = new Map<string, number>();
  private older = new Map<string, number>();
  /** The last sequence number `older` holds. */
  private olderEnd = 0;
  /** Invalidations up to this one are forgotten. */
  private forgotten = 0;

  /** For a read without a ticket: where the invalidations stand as it starts. */
  since(): number {
    return this.seq;
  }

  /** Whether no invalidation of `key` (nor of all keys) came after since() gave `since`. */
  freshSince(key: string, since: number): boolean {
    if (since < this.cleared || since < this.forgotten) return false;
    if (this.recent.size === 0 && this.older.size === 0) return true;
    const last = this.recent.get(key) ?? this.older.get(key);
    return last === undefined || last <= since;
  }

  /** Notes an invalidation of `key` for the reads without a ticket. */
  private note(key: string): void {
    if (this.recent.size >= REMEMBERED) {
      this.forgotten = this.olderEnd;
      this.older = this.recent;
      this.olderEnd = this.seq;
      this.recent = new Map();
    }
    this.recent.set(key, ++this.seq);
  }

  /** A ticket for an operation on `key`, to give back with end(). */
  begin(key: string): Ticket {
    const ticket: Ticket = { key, spoiled: false };
    const out = this.byKey.get(key);
    if (out === undefined) this.byKey.set(key, ticket);
    else if (out instanceof Set) out.add(ticket);
    else this.byKey.set(key, new Set([out, ticket]));
    return ticket;
  }

  /** Gives `ticket` back; returns whether its operation may still write L1. */
  end(ticket: Ticket): boolean {
    const out = this.byKey.get(ticket.key);
    if (out === ticket) this.byKey.delete(ticket.key);
    else if (out instanceof Set && out.delete(ticket) && out.size === 0) this.byKey.delete(ticket.key);
    return !ticket.spoiled;
  }

  /** Spoils the tickets out for `key` (but not `except`, the caller's own). */
  invalidate(key: string, except?: Ticket): void {
    this.note(key);
    const out = this.byKey.get(key);
    if (out === undefined) return;
    if (out instanceof Set) {
      for (const ticket of out) if (ticket !== except) ticket.spoiled = true;
    } else if (out !== except) out.spoiled = true;
  }

  /** Spoils every ticket out. */
  invalidateAll(): void {
    this.cleared = ++this.seq;
    this.recent = new Map(); // every read begun before is overtaken now, whatever its key
    this.older = new Map();
    for (const out of this.byKey.values()) {
      if (out instanceof Set) for (const ticket of out) ticket.spoiled = true;
      else out.spoiled = true;
    }
  }
}
