import type { Feed } from '@tidings/contracts';
import type { PollPlan } from '@tidings/feed-state';

/** Operator bounds on polling, from the config. */
export interface ScheduleBounds {
  minSeconds: number;
  maxSeconds: number;
  /** A feed failing for longer than this without a success is paused. */
  pauseAfterMs: number;
}

/** Only items published in this window count towards the publishing rate. */
const RATE_WINDOW_MS = 30 * 24 * 3600 * 1000;

/**
 * How often a feed publishes, as a poll interval in seconds: the time the
 * last 30 days' items span divided by their number (a feed with 48 items a
 * day is polled every 30 minutes). Undefined when the feed gives no dates;
 * the maximum when nothing was published in the window.
 */
export function publishingInterval(
  itemDates: string[],
  now: number,
  bounds: ScheduleBounds,
): number | undefined {
  const times = itemDates.map(Date.parse).filter((t) => Number.isFinite(t) && t <= now);
  if (times.length === 0) return undefined;
  const recent = times.filter((t) => now - t <= RATE_WINDOW_MS);
  if (recent.length === 0) return bounds.maxSeconds;
  return (now - Math.min(...recent)) / 1000 / recent.length;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Next poll after a success. An adaptive feed follows its publishing rate;
 * a fixed one keeps the operator's interval. Either way the publisher's own
 * hints (Cache-Control max-age, RSS ttl, sy:updatePeriod) are a floor: we
 * never come back sooner than the publisher asked. A little jitter keeps
 * feeds added together from being polled in lock-step forever.
 */
export function planAfterSuccess(
  feed: Pick<Feed, 'adaptive' | 'intervalSeconds'>,
  observed: { itemDates: string[]; hintSeconds?: number },
  bounds: ScheduleBounds,
  now = Date.now(),
  random = Math.random,
): PollPlan {
  let interval = feed.adaptive
    ? clamp(
        publishingInterval(observed.itemDates, now, bounds) ?? feed.intervalSeconds,
        bounds.minSeconds,
        bounds.maxSeconds,
      )
    : feed.intervalSeconds;
  if (observed.hintSeconds) interval = Math.max(interval, Math.min(observed.hintSeconds, bounds.maxSeconds));
  interval = Math.max(1, Math.round(interval));
  const jittered = interval * (0.95 + random() * 0.1);
  return { kind: 'next', intervalSeconds: interval, at: new Date(now + jittered * 1000) };
}

/**
 * Next poll after a failure: exponential back-off from the feed's interval,
 * with full jitter in the upper half, capped at the maximum interval, and
 * never sooner than a Retry-After the server sent. A feed that has failed for
 * longer than the pause threshold is paused with the reason.
 */
export function planAfterFailure(
  feed: Pick<Feed, 'intervalSeconds' | 'consecutiveFailures' | 'failingSince'>,
  failure: { error: string; retryAfterSeconds?: number },
  bounds: ScheduleBounds,
  now = Date.now(),
  random = Math.random,
): PollPlan {
  const failingSince = feed.failingSince ? Date.parse(feed.failingSince) : now;
  if (now - failingSince >= bounds.pauseAfterMs) {
    return {
      kind: 'pause',
      reason: `failing since ${new Date(failingSince).toISOString()}: ${failure.error}`,
    };
  }
  const failures = feed.consecutiveFailures + 1;
  const base = Math.min(feed.intervalSeconds, bounds.maxSeconds);
  const backoff = Math.min(bounds.maxSeconds, base * 2 ** Math.min(failures - 1, 20));
  let delay = backoff * (0.5 + random() * 0.5);
  if (failure.retryAfterSeconds) delay = Math.max(delay, failure.retryAfterSeconds);
  delay = Math.max(1, delay);
  return { kind: 'next', intervalSeconds: feed.intervalSeconds, at: new Date(now + delay * 1000) };
}
