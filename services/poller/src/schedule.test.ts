import { describe, expect, it } from 'vitest';
import { planAfterFailure, planAfterSuccess, publishingInterval } from './schedule';

const bounds = { minSeconds: 60, maxSeconds: 6 * 3600, pauseAfterMs: 72 * 3600 * 1000 };
const now = Date.parse('2026-11-27T12:00:00Z');
const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();
const half = () => 0.5;

describe('publishingInterval', () => {
  it.each([
    ['48 items in the last day', Array.from({ length: 48 }, (_, i) => hoursAgo(i * 0.5 + 0.5)), 1800],
    ['one item a day for a week', Array.from({ length: 7 }, (_, i) => hoursAgo(24 * (i + 1))), 24 * 3600],
    ['undated items', [], undefined],
    ['only old items', [hoursAgo(24 * 60)], 6 * 3600],
    ['dates in the future are ignored', [new Date(now + 3600_000).toISOString(), hoursAgo(1)], 3600],
  ])('%s', (_name, dates, expected) => {
    expect(publishingInterval(dates as string[], now, bounds)).toBe(expected);
  });
});

describe('planAfterSuccess', () => {
  const adaptive = { adaptive: true, intervalSeconds: 300 };

  it('follows the publishing rate within the bounds', () => {
    const busy = Array.from({ length: 100 }, (_, i) => hoursAgo(i * 0.01));
    expect(planAfterSuccess(adaptive, { itemDates: busy }, bounds, now, half)).toMatchObject({
      intervalSeconds: 60,
    });
    const daily = Array.from({ length: 3 }, (_, i) => hoursAgo(24 * (i + 1)));
    expect(planAfterSuccess(adaptive, { itemDates: daily }, bounds, now, half)).toMatchObject({
      intervalSeconds: 6 * 3600,
    });
    expect(planAfterSuccess(adaptive, { itemDates: [] }, bounds, now, half)).toMatchObject({
      intervalSeconds: 300,
    });
  });

  it('keeps a fixed interval, but never polls sooner than the publisher asks', () => {
    const fixed = { adaptive: false, intervalSeconds: 30 };
    expect(planAfterSuccess(fixed, { itemDates: [] }, bounds, now, half)).toMatchObject({
      intervalSeconds: 30,
    });
    expect(planAfterSuccess(fixed, { itemDates: [], hintSeconds: 900 }, bounds, now, half)).toMatchObject({
      intervalSeconds: 900,
    });
    // A hint beyond the maximum is capped at it.
    expect(planAfterSuccess(fixed, { itemDates: [], hintSeconds: 10 ** 7 }, bounds, now, half)).toMatchObject(
      { intervalSeconds: 6 * 3600 },
    );
  });

  it('jitters the next poll by at most 5%', () => {
    const early = planAfterSuccess(adaptive, { itemDates: [] }, bounds, now, () => 0);
    const late = planAfterSuccess(adaptive, { itemDates: [] }, bounds, now, () => 0.999);
    expect(early.kind === 'next' && early.at.getTime() - now).toBe(285_000);
    expect(late.kind === 'next' && late.at.getTime() - now).toBeCloseTo(314_970, -2);
  });
});

describe('planAfterFailure', () => {
  const feed = { intervalSeconds: 600, consecutiveFailures: 0, failingSince: undefined };
  const delay = (plan: ReturnType<typeof planAfterFailure>) =>
    plan.kind === 'next' ? (plan.at.getTime() - now) / 1000 : -1;

  it('backs off exponentially with jitter, up to the maximum', () => {
    expect(delay(planAfterFailure(feed, { error: 'x' }, bounds, now, () => 0.999))).toBeCloseTo(600, -1);
    expect(
      delay(planAfterFailure({ ...feed, consecutiveFailures: 3 }, { error: 'x' }, bounds, now, () => 0.999)),
    ).toBeCloseTo(4800, -1);
    expect(
      delay(planAfterFailure({ ...feed, consecutiveFailures: 3 }, { error: 'x' }, bounds, now, () => 0)),
    ).toBe(2400);
    expect(
      delay(planAfterFailure({ ...feed, consecutiveFailures: 30 }, { error: 'x' }, bounds, now, () => 0.999)),
    ).toBeGreaterThan(6 * 3600 * 0.99);
  });

  it('honours Retry-After', () => {
    expect(delay(planAfterFailure(feed, { error: '503', retryAfterSeconds: 7200 }, bounds, now, half))).toBe(
      7200,
    );
  });

  it('pauses a feed failing for longer than the threshold, saying why', () => {
    const plan = planAfterFailure(
      { ...feed, consecutiveFailures: 50, failingSince: hoursAgo(73) },
      { error: 'HTTP 410 Gone' },
      bounds,
      now,
      half,
    );
    expect(plan).toEqual({ kind: 'pause', reason: `failing since ${hoursAgo(73)}: HTTP 410 Gone` });
    expect(
      planAfterFailure({ ...feed, failingSince: hoursAgo(71) }, { error: 'x' }, bounds, now, half).kind,
    ).toBe('next');
  });
});
