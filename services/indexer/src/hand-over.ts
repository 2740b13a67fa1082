import type { Queues } from '@tidings/queue';
import type { Logger, Metrics } from '@tidings/telemetry';
import { Counter } from 'prom-client';

/**
 * Hands each batch that became searchable to the matcher, as one job on the
 * `matches` queue: ids and indexes only, a few bytes an article. The
 * indexer's part of alerting ends there, so saved searches cost it one Redis
 * call a batch however many there are (services/matcher does the matching).
 */
export function matchHandOver(options: { queues: Queues; logger: Logger; metrics: Metrics }) {
  const { queues, logger } = options;
  const failures = new Counter({
    name: 'tidings_index_match_handover_failures_total',
    help: 'Searchable batches that could not be queued for the matcher: their articles alert no saved search.',
    registers: [options.metrics.registry],
  });
  const inFlight = new Set<Promise<void>>();
  return {
    /** Queue a batch; returns at once and never throws (a failure is logged and counted). */
    searchable(articles: Array<{ id: string; index: string }>, searchableAt: number): void {
      if (articles.length === 0) return;
      const queued = queues
        .add('matchBatch', { articles, searchableAt: new Date(searchableAt).toISOString() })
        .then(
          () => {},
          (err: Error) => {
            failures.inc();
            logger.warn(
              { err: err.message, articles: articles.length },
              'could not hand a searchable batch to the matcher; its articles alert no saved search',
            );
          },
        )
        .finally(() => inFlight.delete(queued));
      inFlight.add(queued);
    },
    /** Resolves once every batch handed over so far is queued (for shutdown). */
    async drain(): Promise<void> {
      await Promise.all(inFlight);
    },
  };
}
