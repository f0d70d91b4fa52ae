// Deadlines (src/adapters/redis/deadlines.ts), the one-timer time limit of TieredCache's Redis calls: a
// call that does not settle in time is rejected, the others keep their outcome, and calls
// settled out of order do not hold the queue up. No server needed.
import { describe, expect, it } from 'vitest';
import { Deadlines } from '../../src/adapters/redis/deadlines.js';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('Deadlines', () => {
  it('rejects a call that outlives the limit, keeps the outcome of those that do not', async () => {
    const deadlines = new Deadlines(50);
    // Each outcome is awaited through expect() from the start, so no rejection is ever unhandled.
    const t0 = performance.now();
    const never = expect(deadlines.run(new Promise(() => {}))).rejects.toThrow(
      'no reply from Redis within 50 ms (timeout)',
    );
    const quick = expect(deadlines.run(after(5, 'quick'))).resolves.toBe('quick');
    const failing = expect(deadlines.run(Promise.reject(new Error('reply error')))).rejects.toThrow('reply error');
    await quick;
    await failing;
    await never;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
  });

  it('times out each call on its own deadline, also behind calls settled out of order', async () => {
    const deadlines = new Deadlines(300);
    const first = expect(deadlines.run(new Promise(() => {}))).rejects.toThrow(/timeout/);
    await after(150, null);
    const t0 = performance.now(); // first is due in about 150 ms, second in about 300
    const settled = expect(deadlines.run(after(1, 'ok'))).resolves.toBe('ok');
    const second = expect(deadlines.run(new Promise(() => {}))).rejects.toThrow(/timeout/);
    await first;
    expect(performance.now() - t0, 'first timed out on its own deadline, not the later one').toBeLessThan(280);
    await settled;
    await second;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('handles many calls with one timer', async () => {
    const deadlines = new Deadlines(1_000);
    const results = await Promise.all(Array.from({ length: 10_000 }, (_, i) => deadlines.run(Promise.resolve(i))));
    expect(results[9_999]).toBe(9_999);
  });
});
