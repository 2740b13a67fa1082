import type { AlertMatcher } from '@tidings/alerts';
import type { JobHandler } from '@tidings/queue';

/**
 * Batch jobs the matcher works on at once. Every job waits for the run that
 * takes its articles (runs are a second apart), so this many batches can
 * share one run: at the indexer's pace of about a batch a second, a run that
 * took longer than usual still takes every batch that came meanwhile.
 */
export const MATCH_CONCURRENCY = 16;

/**
 * The `match-batch` handler: hands the batch to the matcher and completes
 * once its run is done. A run whose queries failed fails the job, which the
 * queue retries with back-off: a story alerts once whatever the retries.
 */
export function matchBatches(matcher: AlertMatcher): JobHandler<'matchBatch'> {
  return async ({ articles, searchableAt }) => {
    await matcher.searchable(articles, Date.parse(searchableAt));
    return { status: 'done', log: { articles: articles.length } };
  };
}
