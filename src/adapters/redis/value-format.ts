// How TieredCache stores a value in Redis: the serializer's text behind a short header that says
// when the entry expires, so that an L2 hit is one GET (no PTTL beside it) and still knows how
// long L1 may keep the value.
//
//   \x01 <deadline> : <payload>
//
//   \x01       the format's tag (format 1). No JSON text starts with a control character, so a
//              value of the default serializer written without the header (by another program,
//              or by a cortado/redis build from before this format) is never taken for one.
//   deadline   when Redis expires the entry, in ms since 1970 on Redis's own clock, in decimal
//              digits; empty when it never expires. The write scripts (scripts.ts) compute it
//              from Redis's TIME (LUA_SET_STORED below) and give the key exactly that expiry
//              (SET … PXAT, Redis 6.2+), so the header and Redis agree; readers turn it into ms
//              left with RedisClock (redis-clock.ts).
//   :          ends the header.
//   payload    the serializer's text, unchanged.
//
// e.g. `\x011765027200123:{"id":1}` (15 bytes more than the payload), `\x01:{"id":1}` (2 more).
//
// A key's version (the coherence scripts' `namespace+ver:key`) is not in the header: a hit needs
// none, and a miss, the only read that needs it, has no value to carry it.
//
// A stored text that does not parse as this format is foreign: TieredCache reads it as a miss,
// deletes it, and reports the first one (see tiered-cache.ts).

/** The tag that starts every stored value of format 1. */
const TAG = 1;
const COLON = 58;
const ZERO = 48;
const NINE = 57;
/** Digits enough for any ms-since-1970 deadline a double holds exactly (2^53 has 16 digits). */
const MAX_DIGITS = 16;

/**
 * The write of a stored value, in Lua for the write scripts: KEYS[1] = the payload ARGV[1] with its
 * header, for ARGV[2] ms ('0': no expiry), the deadline from Redis's TIME and the key's expiry set
 * to that very deadline (PXAT).
 */
export const LUA_SET_STORED = `
local at
if ARGV[2] ~= '0' then
  local t = redis.call('TIME')
  at = string.format('%.0f', t[1] * 1000 + math.floor(t[2] / 1000) + ARGV[2])
end
local text = '\\1' .. (at or '') .. ':' .. ARGV[1]
if at then redis.call('SET', KEYS[1], text, 'PXAT', at) else redis.call('SET', KEYS[1], text) end`;

/** A stored value read back: its payload and its deadline (Redis's clock, ms since 1970; 0 = none). */
export interface Stored {
  payload: string;
  deadline: number;
}

/** Parses a stored value; undefined when `text` is not of this format (foreign or corrupted). */
export function parseStored(text: string): Stored | undefined {
  if (text.charCodeAt(0) !== TAG) return undefined;
  let deadline = 0;
  for (let i = 1; ; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) return { payload: text.slice(i + 1), deadline };
    if (!(c >= ZERO && c <= NINE) || i > MAX_DIGITS) return undefined; // NaN past the end, too
    deadline = deadline * 10 + (c - ZERO);
  }
}
