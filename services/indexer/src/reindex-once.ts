import { type Meilisearch, type ReindexReport, reindex } from '@tidings/search';
import type { Logger } from '@tidings/telemetry';

/** Progress lines at most this often: a large archive copies millions of documents. */
const PROGRESS_EVERY = 10_000;

/**
 * `indexer reindex`: rebuild the index with the current settings, swap it in
 * (searches keep answering) and return, as a one-shot admin job. It runs in
 * the indexer because the indexer holds the master key; the API, which only
 * holds a search key, cannot (`docker compose run --rm indexer reindex`;
 * without Docker, `tidings reindex` does the same).
 */
export async function reindexOnce(
  client: Meilisearch,
  index: string,
  logger: Logger,
): Promise<ReindexReport> {
  logger.info({ index }, 'reindex started');
  let shown = 0;
  const report = await reindex(client, index, (copied) => {
    if (copied - shown < PROGRESS_EVERY) return;
    shown = copied;
    logger.info({ copied }, 'reindex: documents copied');
  });
  logger.info({ ...report }, 'reindex done');
  return report;
}
