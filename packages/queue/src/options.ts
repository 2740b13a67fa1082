import type { QueueName } from '@tidings/contracts';
import type { DefaultJobOptions } from 'bullmq';

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
 * again and fail together on every attempt. BullMQ draws each retry's delay
 * uniformly from [(1 − jitter) × d, d], d being the exponential delay.
 */
const JITTER = 0.5;
export const JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  // A failed poll is recorded on the feed; its scheduler polls again anyway.
  feeds: {
    attempts: 1,
    removeOnComplete: { age: HOUR, count: 1000 },
    removeOnFail: { age: DAY, count: 1000 },
  },
  articles: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000, jitter: JITTER },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
  index: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000, jitter: JITTER },
    removeOnComplete: true,
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
};
