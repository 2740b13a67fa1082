import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyIndexSettings,
  createMeiliClient,
  type Meilisearch,
  storyArticles,
  upsertArticles,
} from './index';

/** An article at `https://${path}`; an empty storyId means it starts its own story. */
function article(path: string, storyId: string, publishedAt: string): ArticleDocument {
  return articleDocument({
    url: `https://${path}`,
    title: `Quake ${path}`,
    publishedAt,
    text: 'A quake struck.',
    ...(storyId ? { storyId } : {}),
  });
}

describe('storyArticles against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  const index = 'stories_test';
  const first = article('wire.test/quake', '', '2026-11-25T09:00:00.000Z');
  const copy = article('courier.test/quake', first.id, '2026-11-25T08:00:00.000Z');
  const later = article('herald.test/quake', first.id, '2026-11-25T12:00:00.000Z');
  const other = article('wire.test/other', '', '2026-11-25T10:00:00.000Z');

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, index);
    await upsertArticles(client, index, [later, other, first, copy]);
  }, 120_000);
  afterAll(() => meili?.stop());

  it('lists a story first reporter first, without text', async () => {
    const articles = await storyArticles(client, index, first.id);
    expect(articles.map((a) => a.id)).toEqual([copy.id, first.id, later.id]);
    expect(articles[0]).toEqual({
      id: copy.id,
      url: copy.url,
      title: copy.title,
      source: 'courier.test',
      publishedAt: copy.publishedAt,
      language: 'en',
    });
  });

  it('finds nothing for an unknown story, and quotes cannot break the filter', async () => {
    expect(await storyArticles(client, index, 'f'.repeat(32))).toEqual([]);
    expect(await storyArticles(client, index, '" OR storyId EXISTS OR "')).toEqual([]);
  });
});
