import { describe, expect, it } from 'vitest';
import { Backpressure } from './backpressure';

describe('Backpressure', () => {
  it('holds above the high-water mark until the queue drains below the low-water mark', async () => {
    let depth = 0;
    const bp = new Backpressure(async () => depth, { highWater: 100, lowWater: 50, cacheMs: 0 });
    const states: boolean[] = [];
    for (const d of [10, 99, 100, 80, 51, 50, 70, 120]) {
      depth = d;
      states.push(await bp.shouldHold());
    }
    expect(states).toEqual([false, false, true, true, true, false, false, true]);
  });

  it('reads the queue depth at most once per interval', async () => {
    let reads = 0;
    const bp = new Backpressure(async () => ++reads, { highWater: 10, lowWater: 5, cacheMs: 1000 });
    await bp.shouldHold(0);
    await bp.shouldHold(500);
    await bp.shouldHold(999);
    expect(reads).toBe(1);
    await bp.shouldHold(1000);
    expect(reads).toBe(2);
  });

  it('rejects a low-water mark above the high-water mark', () => {
    expect(() => new Backpressure(async () => 0, { highWater: 5, lowWater: 10 })).toThrow(RangeError);
  });
});
