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

/** The tickets out, by key. */
export class InFlight {
  private readonly byKey = new Map<string, Set<Ticket>>();

  /** A ticket for an operation on `key`, to give back with end(). */
  begin(key: string): Ticket {
    const ticket: Ticket = { key, spoiled: false };
    let set = this.byKey.get(key);
    if (set === undefined) this.byKey.set(key, (set = new Set()));
    set.add(ticket);
    return ticket;
  }

  /** Gives `ticket` back; returns whether its operation may still write L1. */
  end(ticket: Ticket): boolean {
    const set = this.byKey.get(ticket.key);
    if (set !== undefined && set.delete(ticket) && set.size === 0) this.byKey.delete(ticket.key);
    return !ticket.spoiled;
  }

  /** Spoils the tickets out for `key` (but not `except`, the caller's own). */
  invalidate(key: string, except?: Ticket): void {
    for (const ticket of this.byKey.get(key) ?? []) if (ticket !== except) ticket.spoiled = true;
  }

  /** Spoils every ticket out. */
  invalidateAll(): void {
    for (const set of this.byKey.values()) for (const ticket of set) ticket.spoiled = true;
  }
}
