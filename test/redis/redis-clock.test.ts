// RedisClock (src/adapters/redis/redis-clock.ts): ms left until a deadline on Redis's clock, from TIME
// samples and this process's monotonic clock only. With Redis's clock off from this host's by
// any amount, and any round trip, left() is never more than Redis truly has left and less by at
// most the sample's round trip plus the drift margin. Time is simulated: performance.now() is
// stubbed, and TIME answers from a simulated Redis clock. No server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedisClock, RESYNC_MS } from '../../src/adapters/redis/redis-clock.js';

/** This process's monotonic clock, moved by hand. */
let local = 1_000;
afterEach(() => vi.restoreAllMocks());

/** A Redis whose clock reads `local + skew` (ms since 1970), answering TIME after `sendMs` and back after `backMs`. */
function simulatedRedis(skew: number, sendMs: number, backMs: number) {
  const redisNow = () => local + skew;
  const time = vi.fn(async () => {
    local += sendMs;
    const ms = redisNow();
    local += backMs;
    return [String(Math.floor(ms / 1_000)), String(Math.floor((ms % 1_000) * 1_000))];
  });
  return { redisNow, time };
}

describe('RedisClock', () => {
  it('is unknown (NaN, so nothing enters L1) until a first sample arrives', async () => {
    vi.spyOn(performance, 'now').mockImplementation(() => local);
    const { time } = simulatedRedis(0, 1, 1);
    const clock = new RedisClock(time, () => {});
    expect(clock.known).toBe(false);
    expect(clock.left(Date.now() + 60_000)).toBeNaN();
    await clock.ready();
    expect(clock.known).toBe(true);
  });

  for (const skew of [-3_600_000, -30_000, 0, 30_000, 86_400_000])
    it(`Redis's clock ${skew / 1_000} s off: never more left than Redis has, less by at most the round trip and the drift margin`, async () => {
      vi.spyOn(performance, 'now').mockImplementation(() => local);
      const sendMs = 7;
      const backMs = 13;
      const redis = simulatedRedis(skew + Date.now(), sendMs, backMs);
      const clock = new RedisClock(redis.time, () => {});
      await clock.sync();
      const deadline = redis.redisNow() + 5_000; // an entry that Redis keeps 5 s more
      for (const wait of [0, 1_000, 4_000, RESYNC_MS - 1]) {
        const at = local;
        local += wait;
        const truly = deadline - redis.redisNow();
        const left = clock.left(deadline);
        expect(left).toBeLessThanOrEqual(truly);
        expect(left).toBeGreaterThanOrEqual(truly - (sendMs + backMs) - 0.001 * (local - at + sendMs + backMs) - 0.001);
        local = at;
      }
    });

  it('takes a new sample in the background once the last is RESYNC_MS old, and then follows a stepped Redis clock', async () => {
    vi.spyOn(performance, 'now').mockImplementation(() => local);
    let skew = 0;
    const time = vi.fn(async () => {
      const ms = local + skew;
      return [String(Math.floor(ms / 1_000)), String(Math.floor((ms % 1_000) * 1_000))];
    });
    const clock = new RedisClock(time, () => {});
    await clock.sync();
    expect(time).toHaveBeenCalledTimes(1);
    local += RESYNC_MS / 2;
    clock.left(local + 1_000);
    expect(time).toHaveBeenCalledTimes(1); // young enough
    skew = 60_000; // Redis's clock stepped forward a minute: its keys expire a minute sooner
    local += RESYNC_MS;
    const deadline = local + skew + 1_000; // 1 s left by Redis's clock now
    expect(clock.left(deadline)).toBeGreaterThan(1_000); // the old sample cannot know yet…
    expect(time).toHaveBeenCalledTimes(2); // …but asked again
    await clock.sync(); // the sample already on its way
    expect(clock.left(deadline)).toBeLessThanOrEqual(1_000);
    expect(clock.left(deadline)).toBeGreaterThan(990);
  });

  it('reports a failed sample, keeps the last good one, and tries again no sooner than a second later', async () => {
    vi.spyOn(performance, 'now').mockImplementation(() => local);
    const reports: unknown[] = [];
    let fail = false;
    const time = vi.fn(async () => {
      if (fail) throw new Error('no reply');
      return [String(Math.floor(local / 1_000)), String(Math.floor((local % 1_000) * 1_000))];
    });
    const clock = new RedisClock(time, (error) => reports.push(error));
    await clock.sync();
    fail = true;
    local += RESYNC_MS;
    await clock.sync();
    expect(reports).toHaveLength(1);
    expect(clock.left(local + 2_000)).toBeGreaterThan(1_980); // the old sample, with its drift margin
    clock.left(local + 2_000);
    local += 500;
    clock.left(local + 2_000);
    expect(time).toHaveBeenCalledTimes(2); // no retry within a second
    local += 600;
    clock.left(local + 2_000);
    expect(time).toHaveBeenCalledTimes(3);
  });
});
