import { DeadLetterReplayer, type Queues } from '@tidings/queue';
import { type Meilisearch, pingMeili } from '@tidings/search';
import type { Logger, Metrics } from '@tidings/telemetry';

/** The dependency every transient index failure waits on. */
export const MEILISEARCH = 'meilisearch';

/**
 * Index jobs that used up their attempts while Meilisearch was down or
 * failing (anything but a rejected document, which fails for good) wait on
 * Meilisearch, and go back to the queue when it is back: after the next
 * batch indexed (call `healthy(MEILISEARCH)`), or when its /health answers,
 * asked every `refreshMs` (30 s) while there are any. Call `start()`.
 */
export function meilisearchDeadLetters(options: {
  queues: Queues;
  client: Meilisearch;
  logger: Logger;
  metrics: Metrics;
  refreshMs?: number;
}): DeadLetterReplayer {
  return new DeadLetterReplayer({
    queues: options.queues,
    queue: 'index',
    kind: MEILISEARCH,
    dependencyOf: () => MEILISEARCH,
    probe: () => pingMeili(options.client),
    refreshMs: options.refreshMs,
    logger: options.logger,
    metrics: options.metrics,
  });
}
