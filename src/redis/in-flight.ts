// Redis operations in flight, per key, so that a reply overtaken by news about its key does not
// write L1. A read's reply can arrive after the invalidation of a write that followed it (the
// reply and the message travel on different connections), and a write's reply after another
// process's later write was announced: filling L1 then would keep a stale value that no message
// will ever remove. So every operation takes a ticket; an invalidation of the key (from the bus,
// or a newer local write) spoils the tickets out for it; a spoiled ticket never writes L1.

/** One operation's ticket: spoiled once its key changed while it was out. */
export interface Ticket {
  readonly key: string;
  spoiled: boolean;
}

/** The tickets out, by key: one ticket alone (the usual case, no Set made), or a Set of them. */
export class InFlight {
  private readonly byKey = new Map<string, Ticket | Set<Ticket>>();

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
    const out = this.byKey.get(key);
    if (out === undefined) return;
    if (out instanceof Set) {
      for (const ticket of out) if (ticket !== except) ticket.spoiled = true;
    } else if (out !== except) out.spoiled = true;
  }

  /** Spoils every ticket out. */
  invalidateAll(): void {
    for (const out of this.byKey.values()) {
      if (out instanceof Set) for (const ticket of out) ticket.spoiled = true;
      else out.spoiled = true;
    }
  }
}
