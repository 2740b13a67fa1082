import { type ArticleDocument, articleIdFor } from '@tidings/contracts';
import { applyIndexSettings, createMeiliClient, getArticle, type Meilisearch, upsertArticles } from '@tidings/search';
import { createLogger } from '@tidings/telemetry';
import { startTestMeilisearch, TEST_MEILI_KEY, type TestServer, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetention } from './retention';

const doc = (n: number, publishedAt: string): ArticleDocument => {
  const url = `https://news.test/${n}`;
  const id = articleIdFor(url);
  return { id, url, feedId: 'f', source: 'news.test', title: `T${n}`, publishedAt, discoveredAt: publishedAt, language: 'en', captions: [], text: 'x', html: '', wordCount: 1, storyId: id, people: [], places: [], organizations: [] };
};

describe('retention against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, 'articles');
  }, 120_000);
  afterAll(() => meili?.stop());

  it('sweeps articles older than the retention age, on its schedule', async () => {
    const old = doc(1, new Date(Date.now() - 40 * 86_400_000).toISOString());
    const recent = doc(2, new Date(Date.now() - 10 * 86_400_000).toISOString());
    const retention = startRetention({ client, index: 'articles', days: 30, logger: createLogger('test', 'silent'), everyMs: 100 });
    try {
      // Written after the first sweep ran: only a later, scheduled sweep can remove it.
      await new Promise((r) => setTimeout(r, 300));
      await upsertArticles(client, 'articles', [old, recent]);
      await waitFor(async () => (await getArticle(client, 'articles', old.id)) === undefined, { what: 'the old article to go' });
      expect(await getArticle(client, 'articles', recent.id)).toBeDefined();
    } finally {
      retention.stop();
    }
  });

  it('keeps everything when the retention age is 0', async () => {
    const ancient = doc(3, '2001-01-01T00:00:00.000Z');
    await upsertArticles(client, 'articles', [ancient]);
    const retention = startRetention({ client, index: 'articles', days: 0, logger: createLogger('test', 'silent'), everyMs: 50 });
    await retention.sweep();
    retention.stop();
    expect(await getArticle(client, 'articles', ancient.id)).toBeDefined();
  });
});
