import type { QueueName } from '@tidings/contracts';
import type { DefaultJobOptions } from 'bullmq';
import { RETRY_AFTER_BACKOFF } from './backoff';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Retry and retention per queue. Failed jobs are kept: they are the dead
 * letters an operator inspects. Completed article and index jobs are removed
 * at once, so that their job id (the article id) only guards against a
 * second job while one is pending, and an updated article can be queued
 * again; the seen-item keys remember what was done.
 *
 * Every back-off is jittered: jobs that failed together (a batch whose
 * Meilisearch task failed, a host that went down under many pages) would
 * otherwise come back at the same millisecond, be batched or gated together
 * again and fail together on every attempt. Each retry's delay is drawn
 * uniformly from [(1 − jitter) × d, d], d being the exponential delay, and is
 * never shorter than a Retry-After the failure carried (see backoff.ts).
 */
const JITTER = 0.5;
/**
 * Attempts are set so that retries span hours, not seconds: a site or
 * Meilisearch down for an hour must not turn every article caught in it into
 * a dead letter. With the jitter, articles' 13 attempts from 2 s span 1.1 to
 * 2.3 hours, index jobs' 15 from 1 s 2.3 to 4.5 hours. Permanent failures
 * still fail at once.
 */
export const JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  // A failed poll is recorded on the feed; its scheduler polls again anyway.
  feeds: {
    attempts: 1,
    removeOnComplete: { age: HOUR, count: 1000 },
    removeOnFail: { age: DAY, count: 1000 },
  },
  articles: {
    attempts: 13,
    backoff: { type: RETRY_AFTER_BACKOFF, delay: 2000, jitter: JITTER },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
  index: {
    attempts: 15,
    backoff: { type: RETRY_AFTER_BACKOFF, delay: 1000, jitter: JITTER },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
  // Matching a batch again is harmless (an alert is made once per story and search), so a
  // failed run is retried: 10 attempts from 1 s span 4 to 8.5 minutes, a Meilisearch restart.
  matches: {
    attempts: 10,
    backoff: { type: RETRY_AFTER_BACKOFF, delay: 1000, jitter: JITTER },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
  // An alert is news: 8 attempts from 10 s span 11 to 21 minutes, enough for a receiver's
  // restart or deploy; a receiver down longer leaves dead letters, replayed by hand. A 429 or
  // 503 with Retry-After is waited out like a site's.
  webhooks: {
    attempts: 8,
    backoff: { type: RETRY_AFTER_BACKOFF, delay: 10_000, jitter: JITTER },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
};
