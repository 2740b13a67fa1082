import { FetchError, MAX_RETRY_AFTER_SECONDS } from '@tidings/http';
import type { BackoffOptions } from 'bullmq';

/**
 * The back-off type of the article and index queues: BullMQ's jittered
 * exponential, except that a retry never comes sooner than the Retry-After of
 * the failure. It needs its own name because BullMQ picks a built-in
 * strategy ("exponential") over a worker's custom one; every worker gets the
 * custom one from `startWorker`.
 */
export const RETRY_AFTER_BACKOFF = 'exponential-retry-after';

/**
 * How long a job waits before its next attempt, BullMQ's `backoffStrategy`
 * contract: `attemptsMade` counts the attempt that just failed (1 for the
 * first retry), `backoff` is the job's own option.
 *
 * The exponential part is BullMQ's: d = delay × 2^(attemptsMade − 1), drawn
 * uniformly from [(1 − jitter) × d, d]. When the failure carries a
 * Retry-After longer than that (a {@link FetchError} from a 429 or 503), the
 * wait is drawn from [r, (1 + jitter) × r] instead, r being the Retry-After
 * capped at {@link MAX_RETRY_AFTER_SECONDS}: never sooner than the server
 * asked, and the pages it refused together do not all come back at once.
 */
export function retryDelay(
  attemptsMade: number,
  backoff: Pick<BackoffOptions, 'delay' | 'jitter'>,
  err: unknown,
  random: () => number = Math.random,
): number {
  const jitter = backoff.jitter ?? 0;
  const ceiling = (backoff.delay ?? 0) * 2 ** Math.max(0, attemptsMade - 1);
  const exponential = ceiling * (1 - jitter * random());
  const asked = retryAfterMs(err);
  if (asked === undefined || asked <= exponential) return Math.round(exponential);
  return Math.round(asked * (1 + jitter * random()));
}

function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof FetchError) || err.retryAfterSeconds === undefined) return undefined;
  return Math.min(err.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS) * 1000;
}
