import type { ArticleDocument } from '@tidings/contracts';
import { type JobHandler, PermanentError } from '@tidings/queue';
import {
  type Archive,
  classifyIndexFailure,
  IndexTaskError,
  indexArticles,
  type Meilisearch,
} from '@tidings/search';
import type { FreshnessHistograms, Metrics } from '@tidings/telemetry';
import { Counter, Histogram } from 'prom-client';
import { Batcher } from './batcher';
import { sendIsolating } from './isolate';

const LAG_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600];

/**
 * Index jobs share Meilisearch batches: each job hands its document to the
 * batcher and completes when its document is searchable. When Meilisearch
 * rejects a batch because of some of its documents, the batch is bisected
 * (see isolate.ts): every other document is indexed and its job completes,
 * and each rejected document's job fails for good with Meilisearch's reason
 * (a PermanentError: a dead letter at once, no retries). When the task
 * failed for any other reason (Meilisearch down, out of disk, a timeout),
 * every job of the batch fails and is retried with the queue's jittered back-off.
 */
export function createIndexing(options: {
  client: Meilisearch;
  /** Where documents go: one index, or the month partitions of the archive. */
  archive: Archive;
  metrics: Metrics;
  maxSize: number;
  maxWaitMs: number;
  /** Bound on a batch's documents as JSON (bytes); see the Batcher. */
  maxBytes?: number;
  /** Per-minute freshness in Redis for the status page. */
  freshness?: FreshnessHistograms;
  /** Told after every batch Meilisearch indexed: it is up, so dead letters waiting on it can be replayed. */
  onIndexed?: () => void;
  /**
   * Told, with each article's index, when a batch became searchable (at `searchableAt`, ms):
   * the batch is handed to the matcher. Must return at once and never throw: matching
   * is no part of indexing the batch.
   */
  onSearchable?: (articles: Array<{ id: string; index: string }>, searchableAt: number) => void;
  /** RETENTION_DAYS: articles published before then are not indexed; 0 or absent keeps all. */
  retentionDays?: number;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const { registry } = options.metrics;
  const batchSize = new Histogram({
    name: 'tidings_index_batch_documents',
    help: 'Documents per Meilisearch batch.',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [registry],
  });
  const taskDuration = new Histogram({
    name: 'tidings_index_task_duration_seconds',
    help: 'Time from sending a batch to Meilisearch until its task finished.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const discoveredLag = new Histogram({
    name: 'tidings_freshness_discovered_to_searchable_seconds',
    help: 'Time from the poller first seeing an article to it being searchable.',
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  const publishedLag = new Histogram({
    name: 'tidings_freshness_published_to_searchable_seconds',
    help: 'Time from an article’s published time to it being searchable.',
    buckets: LAG_BUCKETS,
    registers: [registry],
  });

  const rejected = new Counter({
    name: 'tidings_index_rejected_documents_total',
    help: 'Documents Meilisearch rejected, isolated from their batch and dead-lettered, by Meilisearch error code.',
    labelNames: ['code'],
    registers: [registry],
  });

  const send = async (documents: ArticleDocument[]) => {
    const { durationMs, homes } = await indexArticles(options.client, options.archive, documents);
    options.onIndexed?.();
    const now = Date.now();
    try {
      options.onSearchable?.(
        [...homes].map(([id, index]) => ({ id, index })),
        now,
      );
    } catch {
      // The documents are searchable: their jobs complete whatever a listener does.
    }
    batchSize.observe(documents.length);
    taskDuration.observe(durationMs / 1000);
    const discovered = documents.map((doc) => Math.max(0, now - Date.parse(doc.discoveredAt)) / 1000);
    const published = documents.map((doc) => Math.max(0, now - Date.parse(doc.publishedAt)) / 1000);
    for (const seconds of discovered) discoveredLag.observe(seconds);
    for (const seconds of published) publishedLag.observe(seconds);
    // Best effort: the documents are searchable already, and failing the
    // batch over a statistic would re-index it and count it twice.
    await Promise.all([
      options.freshness?.discovered.observe(discovered, now),
      options.freshness?.published.observe(published, now),
    ]).catch(() => {});
  };

  const batcher = new Batcher<ArticleDocument>(
    (documents) =>
      sendIsolating(documents, send, {
        classify: classifyIndexFailure,
        idOf: (doc) => doc.id,
        rejected: (err, doc) => {
          const code = err instanceof IndexTaskError ? (err.meiliCode ?? 'unknown') : 'unknown';
          rejected.inc({ code });
          return new PermanentError(
            `Meilisearch rejected document ${doc.id} (${code}): ${(err as Error).message}`,
            'DOCUMENT_REJECTED',
            { cause: err },
          );
        },
      }),
    {
      maxSize: options.maxSize,
      maxWaitMs: options.maxWaitMs,
      maxBytes: options.maxBytes,
      // The JSON Meilisearch receives, give or take the three fields toIndexDocument adds.
      sizeOf: (doc) => Buffer.byteLength(JSON.stringify(doc)),
    },
  );

  const handler: JobHandler<'indexArticle'> = async ({ document }) => {
    // The next retention sweep would delete it; worse, with month partitions
    // it could bring back a partition another indexer just dropped, created
    // by the write alone, without the index settings.
    const days = options.retentionDays ?? 0;
    if (days > 0 && Date.parse(document.publishedAt) < now() - days * 86_400_000)
      return { status: 'skipped', reason: 'older than RETENTION_DAYS', log: { article_id: document.id } };
    await batcher.add(document);
    return { status: 'done', log: { feed_id: document.feedId, article_id: document.id } };
  };
  return { handler, drain: () => batcher.drain() };
}
