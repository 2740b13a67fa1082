import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyIndexSettings,
  createMeiliClient,
  deleteOlderThan,
  type Meilisearch,
  reindex,
  SearchPool,
  SearchQuery,
  searchArticles,
  upsertArticles,
} from './index';

function article(n: number, publishedAt = '2026-11-20T08:00:00.000Z'): ArticleDocument {
  return articleDocument({
    url: `https://news.test/${n}`,
    title: `Council vote ${n}`,
    publishedAt,
    text: `The council voted on item ${n} after a long debate about the harbour.`,
  });
}

describe('reindex and retention against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  let pool: SearchPool;
  const index = 'articles';
  const N = 3000;

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    pool = new SearchPool(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, index);
    for (let i = 0; i < N; i += 1000)
      await upsertArticles(
        client,
        index,
        Array.from({ length: 1000 }, (_, k) => article(i + k)),
      );
  }, 180_000);
  afterAll(async () => {
    await pool?.close();
    await meili?.stop();
  });

  it('swaps in a rebuilt index while searches keep answering', async () => {
    const query = SearchQuery.parse({ q: 'council harbour', collapse: 'none', limit: '1' });
    const totals: number[] = [];
    const failures: unknown[] = [];
    let done = false;
    const searching = (async () => {
      while (!done) {
        await searchArticles(pool, index, query).then(
          (r) => totals.push(r.total),
          (e) => failures.push(e),
        );
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // An article the indexer writes while the copy runs must survive the swap.
    const rebuilding = reindex(client, index);
    await upsertArticles(client, index, [article(N)]);
    const report = await rebuilding;
    done = true;
    await searching;

    expect(failures).toEqual([]);
    expect(totals.length).toBeGreaterThan(10);
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(N);
    expect(report.documents).toBeGreaterThanOrEqual(N);
    expect((await searchArticles(pool, index, query)).total).toBe(N + 1);
    const indexes = await client.getIndexes();
    expect(indexes.results.map((i) => i.uid)).toEqual([index]);
  });

  it('deletes articles older than the retention cutoff', async () => {
    await upsertArticles(client, index, [
      article(N + 1, '2025-01-01T00:00:00.000Z'),
      article(N + 2, '2025-06-01T00:00:00.000Z'),
    ]);
    expect(await deleteOlderThan(client, index, new Date('2025-07-01T00:00:00Z'))).toBe(2);
    const res = await searchArticles(pool, index, SearchQuery.parse({ collapse: 'none', limit: '1' }));
    expect(res.total).toBe(N + 1);
  });
});
