import { type Archive, type Meilisearch, type ReindexReport, reindex } from '@tidings/search';
import type { Logger } from '@tidings/telemetry';

/** Progress lines at most this often: a large archive copies millions of documents. */
const PROGRESS_EVERY = 10_000;

/**
 * `indexer reindex`: rebuild each index of the archive with the current
 * settings, swap it in (searches keep answering), move documents to where
 * MEILI_PARTITIONS puts them, and return, as a one-shot admin job. It runs in
 * the indexer because the indexer holds the master key; the API, which only
 * holds a search key, cannot (`docker compose run --rm indexer reindex`;
 * without Docker, `tidings reindex` does the same).
 */
export async function reindexOnce(
  client: Meilisearch,
  archive: Archive,
  logger: Logger,
): Promise<ReindexReport> {
  logger.info({ index: archive.base, partitions: archive.scheme }, 'reindex started');
  let shown = 0;
  let current = '';
  const report = await reindex(client, archive, (copied, index) => {
    if (index !== current) [current, shown] = [index, 0];
    if (copied - shown < PROGRESS_EVERY) return;
    shown = copied;
    logger.info({ index, copied }, 'reindex: documents copied');
  });
  logger.info({ ...report }, 'reindex done');
  return report;
}
