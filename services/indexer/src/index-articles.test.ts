import { type ArticleDocument, capDocument } from '@tidings/contracts';
import { PermanentError } from '@tidings/queue';
import {
  Archive,
  applyIndexSettings,
  createMeiliClient,
  getArticle,
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
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics,
      maxSize: 3,
      maxWaitMs: 10_000,
    });
    const docs = [1, 2, 3].map(doc);
    await Promise.all(docs.map((document) => indexing.handler({ document }, context)));
    for (const d of docs)
      expect(await getArticle(client, 'articles', d.id)).toMatchObject({ title: d.title });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/tidings_index_batch_documents_count\{service="indexer"\} 1/);
    expect(text).toMatch(/tidings_freshness_discovered_to_searchable_seconds_count\{service="indexer"\} 3/);
  });

  it('indexes the good documents of a batch Meilisearch rejects, and fails only the bad one, for good', async () => {
    const metrics = createMetrics('indexer');
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics,
      maxSize: 9,
      maxWaitMs: 10_000,
    });
    const good = [10, 11, 12, 13, 14, 15, 16, 17].map(doc);
    // An id Meilisearch refuses fails the whole task (invalid_document_id); contracts normally prevent it.
    const bad = { ...doc(18), id: 'not a valid id!' };
    const batch = [...good.slice(0, 3), bad, ...good.slice(3)];
    const results = await Promise.allSettled(
      batch.map((document) => indexing.handler({ document }, context)),
    );
    expect(results.map((r) => r.status)).toEqual([
      ...['fulfilled', 'fulfilled', 'fulfilled', 'rejected'],
      ...['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    ]);
    const reason = (results[3] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(PermanentError);
    expect(reason.code).toBe('DOCUMENT_REJECTED');
    expect(reason.message).toMatch(
      /\(invalid_document_id\).*Document identifier `"not a valid id!"` is invalid/,
    );
    for (const d of good)
      expect(await getArticle(client, 'articles', d.id)).toMatchObject({ title: d.title });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /tidings_index_rejected_documents_total\{code="invalid_document_id",service="indexer"\} 1/,
    );
    // The error named the document: the batch, the rest of it, the bad one alone.
    expect(text).toMatch(/tidings_index_batch_documents_count\{service="indexer"\} 1\n/);
  });

  it('isolates a document Meilisearch refuses with an internal error, once the rest got through', async () => {
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics: createMetrics('indexer'),
      maxSize: 6,
      maxWaitMs: 10_000,
    });
    // Valid by the contract, yet Meilisearch's JSON parser fails the task ("unexpected end of hex escape").
    const bad = { ...doc(20), text: 'broken \ud800 text' };
    const batch = [doc(21), doc(22), bad, doc(23), doc(24), doc(25)];
    const results = await Promise.allSettled(
      batch.map((document) => indexing.handler({ document }, context)),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const reason = (results[2] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(PermanentError);
    expect(reason.message).toMatch(/\(internal\).*hex escape/);
    expect(await getArticle(client, 'articles', doc(25).id)).toBeDefined();
    expect(await getArticle(client, 'articles', bad.id)).toBeUndefined();
  });

  it('rejects a document Meilisearch cannot parse even when it is alone in its batch', async () => {
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics: createMetrics('indexer'),
      maxSize: 1,
      maxWaitMs: 10_000,
    });
    // Alone, nothing else proves Meilisearch is well: the parser's own words must (else it would retry for hours).
    const bad = { ...doc(26), title: 'lone \udc00 surrogate' };
    const failure = await indexing.handler({ document: bad }, context).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as PermanentError).code).toBe('DOCUMENT_REJECTED');
    expect((failure as Error).message).toMatch(/lone leading surrogate/);
  });

  it('fails every job of a batch, to be retried, when Meilisearch cannot be reached', async () => {
    const indexing = createIndexing({
      // Nothing listens on port 9 (discard) of the loopback.
      client: createMeiliClient('http://127.0.0.1:9', TEST_MEILI_KEY),
      archive: new Archive(client, 'articles', 'none'),
      metrics: createMetrics('indexer'),
      maxSize: 3,
      maxWaitMs: 10_000,
    });
    const results = await Promise.allSettled(
      [30, 31, 32].map((n) => indexing.handler({ document: doc(n) }, context)),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason).not.toBeInstanceOf(PermanentError);
  });

  it('splits batches at maxBytes', async () => {
    const metrics = createMetrics('indexer');
    const docs = [40, 41, 42, 43].map(doc);
    const oneDoc = Buffer.byteLength(JSON.stringify(docs[0]));
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics,
      maxSize: 100,
      maxWaitMs: 10_000,
      // Room for two documents and a bit, not three.
      maxBytes: 2 * oneDoc + oneDoc / 2,
    });
    await Promise.all(docs.map((document) => indexing.handler({ document }, context)));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/tidings_index_batch_documents_count\{service="indexer"\} 2\n/);
    expect(text).toMatch(/tidings_index_batch_documents_sum\{service="indexer"\} 4\n/);
    for (const d of docs) expect(await getArticle(client, 'articles', d.id)).toBeDefined();
  });

  it('stores a document cut to the caps with its truncated flag', async () => {
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics: createMetrics('indexer'),
      maxSize: 1,
      maxWaitMs: 10_000,
    });
    const big = {
      ...doc(50),
      text: 'lorem ipsum '.repeat(400_000),
      html: `<p>${'lorem ipsum '.repeat(400_000)}</p>`,
    };
    const document = capDocument(big, { maxTextBytes: 200 * 1024, maxHtmlBytes: 400 * 1024 });
    await indexing.handler({ document }, context);
    const stored = await getArticle(client, 'articles', document.id);
    expect(stored?.truncated).toBe(true);
    expect(Buffer.byteLength(stored!.text)).toBeLessThanOrEqual(200 * 1024);
    expect(stored!.html.endsWith('</p>')).toBe(true);
  });

  it('drain sends a partial batch at once', async () => {
    const indexing = createIndexing({
      client,
      archive: new Archive(client, 'articles', 'none'),
      metrics: createMetrics('indexer'),
      maxSize: 100,
      maxWaitMs: 60_000,
    });
    const pending = indexing.handler({ document: doc(6) }, context);
    await indexing.drain();
    await pending;
    expect(await getArticle(client, 'articles', doc(6).id)).toBeDefined();
  });

  it('indexes into month partitions, creating each with the settings on first use', async () => {
    const archive = new Archive(client, 'monthly', 'month');
    const indexing = createIndexing({
      client,
      archive,
      metrics: createMetrics('indexer'),
      maxSize: 2,
      maxWaitMs: 10_000,
    });
    const october = { ...doc(40), publishedAt: '2026-10-31T23:00:00.000Z' };
    const november = doc(41);
    await Promise.all([october, november].map((document) => indexing.handler({ document }, context)));
    expect(await archive.indexes()).toEqual(['monthly-2026-10', 'monthly-2026-11']);
    expect((await client.index('monthly-2026-10').getSettings()).filterableAttributes).toContain('id');
    expect(await getArticle(client, archive, october.id)).toMatchObject({ title: october.title });
  });

  it('hands each searchable batch, with every article’s index, to onSearchable; never a failed one', async () => {
    const told: Array<{ articles: Array<{ id: string; index: string }>; at: number }> = [];
    const archive = new Archive(client, 'told', 'month');
    const indexing = createIndexing({
      client,
      archive,
      metrics: createMetrics('indexer'),
      maxSize: 2,
      maxWaitMs: 10_000,
      onSearchable: (articles, at) => {
        told.push({ articles, at });
        // A listener that throws costs the batch nothing.
        throw new Error('listener failure');
      },
    });
    const october = { ...doc(60), publishedAt: '2026-10-31T23:00:00.000Z' };
    const november = doc(61);
    const before = Date.now();
    await Promise.all([october, november].map((document) => indexing.handler({ document }, context)));
    expect(told).toHaveLength(1);
    expect(told[0]!.articles.sort((a, b) => a.index.localeCompare(b.index))).toEqual([
      { id: october.id, index: 'told-2026-10' },
      { id: november.id, index: 'told-2026-11' },
    ]);
    expect(told[0]!.at).toBeGreaterThanOrEqual(before);

    const unreachable = createIndexing({
      client: createMeiliClient('http://127.0.0.1:9', TEST_MEILI_KEY),
      archive: new Archive(client, 'articles', 'none'),
      metrics: createMetrics('indexer'),
      maxSize: 1,
      maxWaitMs: 10_000,
      onSearchable: (articles, at) => told.push({ articles, at }),
    });
    await expect(unreachable.handler({ document: doc(62) }, context)).rejects.toThrow();
    expect(told).toHaveLength(1);
  });

  it('skips an article already past RETENTION_DAYS instead of indexing it', async () => {
    const archive = new Archive(client, 'retained', 'month');
    const now = () => Date.parse('2026-12-01T00:00:00.000Z');
    const indexing = createIndexing({
      client,
      archive,
      metrics: createMetrics('indexer'),
      maxSize: 1,
      maxWaitMs: 10,
      retentionDays: 30,
      now,
    });
    const old = { ...doc(42), publishedAt: '2026-10-31T23:59:59.000Z' };
    expect(await indexing.handler({ document: old }, context)).toMatchObject({ status: 'skipped' });
    expect(await indexing.handler({ document: doc(43) }, context)).toMatchObject({ status: 'done' });
    expect(await archive.indexes()).toEqual(['retained-2026-11']);
  });
});
