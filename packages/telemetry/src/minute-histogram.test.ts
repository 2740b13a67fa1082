import { randomUUID } from 'node:crypto';
import { useTestRedis } from '@tidings/testing';
import { describe, expect, it } from 'vitest';
import { MinuteHistogram } from './index';

describe('MinuteHistogram against a real Redis', () => {
  const { redis } = useTestRedis('test');

  it('keeps one histogram per minute and reads quantiles off the buckets', async () => {
    const key = `t-${randomUUID()}:lag`;
    const histogram = new MinuteHistogram({ redis: redis(), key, buckets: [1, 2, 5, 10] });
    const now = Date.UTC(2026, 10, 27, 12, 30, 20);
    // Two writers in the same minute add up.
    await histogram.observe([0.4, 0.9, 1.5], now);
    await histogram.observe([1.2, 3, 4, 4.5, 8, 30, 0.1], now + 1000);
    await histogram.observe([7], now - 60_000);

    const recent = await histogram.recent(3, now);
    expect(recent.map((m) => m.minute)).toEqual([
      Date.UTC(2026, 10, 27, 12, 28),
      Date.UTC(2026, 10, 27, 12, 29),
      Date.UTC(2026, 10, 27, 12, 30),
    ]);
    expect(recent[0]).toMatchObject({ count: 0, p50: null, p99: null });
    expect(recent[1]).toMatchObject({ count: 1, p50: 10, p99: 10 });
    // 10 values: ≤1: 3, ≤2: 2, ≤5: 3, ≤10: 1, above: 1. The 5th is ≤2; the 99th percentile is past the last bound.
    expect(recent[2]).toMatchObject({ count: 10, p50: 2, p99: 10 });
  });

  it('lets each minute expire, so memory does not grow', async () => {
    const key = `t-${randomUUID()}:lag`;
    const histogram = new MinuteHistogram({ redis: redis(), key, buckets: [1], keepMinutes: 5 });
    const now = Date.now();
    await histogram.observe([0.5], now);
    const [minuteKey] = await redis().keys(`{${key}}:*`);
    const ttl = await redis().pttl(minuteKey!);
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
  });
});
