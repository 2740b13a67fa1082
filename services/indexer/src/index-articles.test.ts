import type { ArticleDocument } from '@tidings/contracts';
import {
  applyIndexSettings,
  createMeiliClient,
  getArticle,
  IndexTaskError,
  type Meilisearch,
} from '@tidings/search';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndexing } from './index-articles';

function doc(n: number): ArticleDocument {
  return articleDocument({
    url: `https://news.test/${n}`,
    title: `Story ${n}`,
    publishedAt: '2026-11-27T09:00:00.000Z',
    discoveredAt: new Date().toISOString(),
    text: `Text ${n}`,
  });
}

describe('indexing against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  const context = { id: 'j', attempt: 1, logger: createLogger('test', 'silent') };

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, 'articles');
  }, 120_000);
  afterAll(() => meili?.stop());

  it('completes every job of a batch once its documents are searchable', async () => {
    const metrics = createMetrics('indexer');
    const indexing = createIndexing({ client, index: 'articles', metrics, maxSize: 3, maxWaitMs: 10_000 });
    const docs = [1, 2, 3].map(doc);
    await Promise.all(docs.map((document) => indexing.handler({ document }, context)));
    for (const d of docs)
      expect(await getArticle(client, 'articles', d.id)).toMatchObject({ title: d.title });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/tidings_index_batch_documents_count\{service="indexer"\} 1/);
    expect(text).toMatch(/tidings_freshness_discovered_to_searchable_seconds_count\{service="indexer"\} 3/);
  });

  it('fails every job of a batch whose Meilisearch task failed, so they retry', async () => {
    const indexing = createIndexing({
      client,
      index: 'articles',
      metrics: createMetrics('indexer'),
      maxSize: 2,
      maxWaitMs: 10_000,
    });
    // An id Meilisearch refuses makes the whole task fail; contracts normally prevent it.
    const bad = { ...doc(4), id: 'not a valid id!' };
    const results = await Promise.allSettled([
      indexing.handler({ document: doc(5) }, context),
      indexing.handler({ document: bad }, context),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(IndexTaskError);
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(
      /invalid_document_id|document identifier/i,
    );
  });

  it('drain sends a partial batch at once', async () => {
    const indexing = createIndexing({
      client,
      index: 'articles',
      metrics: createMetrics('indexer'),
      maxSize: 100,
      maxWaitMs: 60_000,
    });
    const pending = indexing.handler({ document: doc(6) }, context);
    await indexing.drain();
    await pending;
    expect(await getArticle(client, 'articles', doc(6).id)).toBeDefined();
  });
});
