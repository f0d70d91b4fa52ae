// Deadlines (src/redis/deadlines.ts), the one-timer time limit of TieredCache's Redis calls: a
// call that does not settle in time is rejected, the others keep their outcome, and calls
// settled out of order do not hold the queue up. No server needed.
import { describe, expect, it } from 'vitest';
import { Deadlines } from '../../src/redis/deadlines.js';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('Deadlines', () => {
  it('rejects a call that outlives the limit, keeps the outcome of those that do not', async () => {
    const deadlines = new Deadlines(50);
    const never = deadlines.run(new Promise(() => {}));
    const quick = deadlines.run(after(5, 'quick'));
    const failing = deadlines.run(Promise.reject(new Error('reply error')));
    const t0 = performance.now();
    await expect(quick).resolves.toBe('quick');
    await expect(failing).rejects.toThrow('reply error');
    await expect(never).rejects.toThrow('no reply from Redis within 50 ms (timeout)');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
  });

  it('times out each call on its own deadline, also behind calls settled out of order', async () => {
    const deadlines = new Deadlines(60);
    const first = deadlines.run(new Promise(() => {}));
    await after(30, null);
    const settled = deadlines.run(after(1, 'ok'));
    const second = deadlines.run(new Promise(() => {}));
    const t0 = performance.now();
    await expect(first).rejects.toThrow(/timeout/);
    expect(performance.now() - t0).toBeLessThan(50); // its own deadline, not the later ones'
    await expect(settled).resolves.toBe('ok');
    await expect(second).rejects.toThrow(/timeout/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(20);
  });

  it('handles many calls with one timer', async () => {
    const deadlines = new Deadlines(1_000);
    const results = await Promise.all(Array.from({ length: 10_000 }, (_, i) => deadlines.run(Promise.resolve(i))));
    expect(results[9_999]).toBe(9_999);
  });
});
