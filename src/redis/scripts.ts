// The Lua scripts TieredCache runs with EVAL. A write and its invalidation message go in one
// script, so Redis runs both or neither: a write that lands always tells the other processes,
// even when the writer loses its connection before the reply (a PUBLISH sent after the SET, in
// a second command, could be lost while the SET stands, leaving stale L1s forever). An empty
// channel (invalidation: false) publishes nothing.

/** KEYS[1] → `{value, ms left}` (ms left is -1 when the key never expires), or nil. */
export const READ = `
local value = redis.call('GET', KEYS[1])
if not value then return nil end
return {value, redis.call('PTTL', KEYS[1])}`;

/** KEYS[1] = ARGV[1] for ARGV[2] ms (0: no expiry); PUBLISH ARGV[4] on channel ARGV[3]. */
export const WRITE = `
if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return 1`;

/** UNLINK KEYS[1]; PUBLISH ARGV[2] on channel ARGV[1] → how many keys were removed. */
export const DELETE = `
local removed = redis.call('UNLINK', KEYS[1])
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return removed`;

/** Like DELETE, only while KEYS[1] still holds ARGV[3] (a value that failed to deserialize). */
export const DELETE_IF = `
if redis.call('GET', KEYS[1]) ~= ARGV[3] then return 0 end
local removed = redis.call('UNLINK', KEYS[1])
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return removed`;

/** Releases the lock KEYS[1] only if this process still holds it (token ARGV[1]). */
export const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
