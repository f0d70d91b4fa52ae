// The Lua scripts TieredCache runs with EVAL. A write and its invalidation message go in one
// script, so Redis runs both or neither: a write that lands always tells the other processes,
// even when the writer loses its connection before the reply (a PUBLISH sent after the SET, in
// a second command, could be lost while the SET stands, leaving stale L1s forever). An empty
// channel (invalidation: false) publishes nothing.
//
// Versions: every set() and delete() gives its key a new version (`namespace+ver:key`, a number
// drawn from the namespace's counter `namespace+seq`, so a version never repeats even after the
// version key expired), and clear() bumps the namespace's epoch (`namespace+epoch`). A load
// remembers the version and epoch it saw on its miss (LOAD_READ) and stores its value only if
// both are unchanged (STORE_LOADED), checked in the same script as the write: a load never
// overwrites a newer write or delete, whichever process made it. A version key lives
// `versionTtl` ms after its write (a delete leaves it behind for that long); TieredCache never
// stores a load that took longer than that, so an expired version cannot hide a write.
//
// Values are stored with a header saying when they expire on Redis's clock (value-format.ts),
// computed here from Redis's TIME, and the key is given that very expiry (PXAT, Redis 6.2+).

import { LUA_SET_STORED } from './value-format.js';

/**
 * KEYS = value, version, epoch → `{1, stored value}` on a hit, `{0, version, epoch}` on a miss
 * (an absent version or epoch is '').
 */
export const LOAD_READ = `
local value = redis.call('GET', KEYS[1])
if value then return {1, value} end
return {0, redis.call('GET', KEYS[2]) or '', redis.call('GET', KEYS[3]) or ''}`;

/** Gives KEYS[2] (a version key) a new version from the counter KEYS[3] (seeded with ARGV[n] when absent), for ARGV[n+1] ms. */
const BUMP = (seed: number) => `
if redis.call('EXISTS', KEYS[3]) == 0 then redis.call('SET', KEYS[3], ARGV[${seed}]) end
redis.call('SET', KEYS[2], redis.call('INCR', KEYS[3]), 'PX', ARGV[${seed + 1}])`;

/**
 * KEYS = value, version, counter. KEYS[1] = ARGV[1] for ARGV[2] ms (0: no expiry), a new version
 * (ARGV[5] seed, ARGV[6] ms); PUBLISH ARGV[4] on channel ARGV[3].
 */
export const WRITE = `${LUA_SET_STORED}
${BUMP(5)}
if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return 1`;

/**
 * KEYS = value, version, epoch. Like WRITE without the new version, only while the version and
 * epoch are still ARGV[5] and ARGV[6] (what the load saw) → 1 if stored, 0 if a write came first.
 */
export const STORE_LOADED = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[5] or (redis.call('GET', KEYS[3]) or '') ~= ARGV[6] then return 0 end
${LUA_SET_STORED}
if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return 1`;

/** KEYS = value, version, counter. UNLINK KEYS[1], a new version (ARGV[3] seed, ARGV[4] ms); PUBLISH ARGV[2] on channel ARGV[1] → how many keys were removed. */
export const DELETE = `
local removed = redis.call('UNLINK', KEYS[1])
${BUMP(3)}
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return removed`;

/** Like DELETE without the version, only while KEYS[1] still holds ARGV[3] (a stored value that could not be read). */
export const DELETE_IF = `
if redis.call('GET', KEYS[1]) ~= ARGV[3] then return 0 end
local removed = redis.call('UNLINK', KEYS[1])
if ARGV[1] ~= '' then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return removed`;

/** Releases the lock KEYS[1] only if this process still holds it (token ARGV[1]). */
export const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
