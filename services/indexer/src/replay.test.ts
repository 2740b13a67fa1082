import { randomUUID } from 'node:crypto';
import type { ArticleDocument } from '@tidings/contracts';
import { Queues, RETRY_AFTER_BACKOFF, startWorker } from '@tidings/queue';
import {
  Archive,
  applyIndexSettings,
  createMeiliClient,
  getArticle,
  type Meilisearch,
} from '@tidings/search';
import { createLogger, createMetrics } from '@tidings/telemetry';
import {
  articleDocument,
  startTestMeilisearch,
  TEST_MEILI_KEY,
  type TestServer,
  useTestRedis,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndexing } from './index-articles';
import { MEILISEARCH, meilisearchDeadLetters } from './replay';

function doc(n: number): ArticleDocument {
  return articleDocument({
    url: `https://replay.test/${n}`,
    title: `Replayed ${n}`,
    discoveredAt: new Date().toISOString(),
    text: `Text ${n}`,
  });
}

/**
 * The indexer as main.ts wires it, with two attempts instead of fifteen:
 * index jobs that used up their attempts while Meilisearch was stopped go
 * back to the queue once it is back, and are indexed.
 */
describe('index dead letters of a Meilisearch outage, against a real Redis and Meilisearch', () => {
  const { redis } = useTestRedis('indexer-replay');
  let meili: TestServer;
  let client: Meilisearch;

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, 'articles');
  }, 120_000);
  afterAll(() => meili?.stop());

  it('replays them after the next batch indexed, or when the probe finds Meilisearch back', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const metrics = createMetrics('indexer');
    const logger = createLogger('test', 'silent');
    const deadLetters = meilisearchDeadLetters({ queues, client, logger, metrics, refreshMs: 200 });
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics,
      maxSize: 10,
      maxWaitMs: 20,
      onIndexed: () => deadLetters.healthy(MEILISEARCH),
    });
    const worker = startWorker('indexArticle', indexing.handler, {
      connection: redis(),
      prefix,
      concurrency: 20,
      logger,
      metrics,
      stage: 'index',
      deadLetters,
    });
    const index = queues.queue('index');
    const add = (document: ArticleDocument) =>
      index.add(
        'index-article',
        { document },
        { jobId: document.id, attempts: 2, backoff: { type: RETRY_AFTER_BACKOFF, delay: 10, jitter: 0.5 } },
      );
    const searchable = async (d: ArticleDocument) =>
      (await getArticle(client, 'articles', d.id)) !== undefined;
    const settled = (counts: Awaited<ReturnType<Queues['counts']>>) =>
      counts.index.active === 0 && counts.index.waiting === 0 && counts.index.delayed === 0;
    const replayed = async () =>
      (await metrics.registry.getSingleMetricAsString('tidings_dead_letters_replayed_total')).match(
        /tidings_dead_letters_replayed_total\{queue="index",dependency="meilisearch",service="indexer"\} (\d+)/,
      )?.[1];

    try {
      expect(await replayed()).toBe('0');
      await meili.halt();
      await Promise.all([doc(1), doc(2)].map(add));
      // An invalid payload fails for good at once: a permanent dead letter.
      await index.add('index-article', { document: { id: 'bad' } }, { jobId: 'bad', attempts: 2 });
      await waitFor(async () => (await index.getFailedCount()) === 3);

      // Back: the next batch indexed replays the two (the probe is not started yet).
      await meili.resume();
      await add(doc(3));
      await waitFor(async () => (await searchable(doc(1))) && (await searchable(doc(2))), {
        timeoutMs: 30_000,
      });
      expect(await replayed()).toBe('2');
      // Their jobs complete once Meilisearch says the task succeeded, a moment after the documents show.
      await waitFor(async () => settled(await queues.counts()));
      expect((await index.getFailed()).map((j) => j.id)).toEqual(['bad']);

      // Down again, with nothing else to index: the probe finds Meilisearch back.
      deadLetters.start();
      await meili.halt();
      await add(doc(4));
      await waitFor(async () => (await index.getFailedCount()) === 2);
      await meili.resume();
      await waitFor(() => searchable(doc(4)), { timeoutMs: 30_000 });
      expect(await replayed()).toBe('3');
      expect((await index.getFailed()).map((j) => j.id)).toEqual(['bad']);
    } finally {
      await worker.close();
      await indexing.drain();
      await deadLetters.close();
      await queues.close();
    }
  }, 120_000);
});
