import type { DefaultJobOptions } from 'bullmq';
import type { QueueName } from '@tidings/contracts';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Retry and retention per queue. Finished jobs are trimmed by age and count
 * so Redis memory stays bounded; failed jobs are kept longer because they are
 * the dead letters an operator inspects.
 */
export const JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  // A failed poll is recorded on the feed; its scheduler polls again anyway.
  feeds: { attempts: 1, removeOnComplete: { age: HOUR, count: 1000 }, removeOnFail: { age: DAY, count: 1000 } },
  articles: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: HOUR, count: 5000 },
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
  index: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: HOUR, count: 5000 },
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
};
