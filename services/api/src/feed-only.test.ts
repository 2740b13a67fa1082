import { type ArticleDocument, feedItemIdFor } from '@tidings/contracts';
import { createMeiliClient, upsertArticles } from '@tidings/search';
import { articleDocument, TEST_MEILI_KEY } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackends, type TestBackends } from './test-support';

// A press release from a feed whose items carry their text and no link.
const id = feedItemIdFor('press-feed', 'urn:press:42');
const { url: _none, ...release } = articleDocument({
  id,
  storyId: id,
  source: 'press.test',
  title: 'Water board to replace lead pipes',
  text: 'The water board will replace four thousand lead service pipes over three years.',
  textSource: 'feed',
  publishedAt: '2026-11-21T09:00:00.000Z',
});
const feedOnly: ArticleDocument = release;

describe('a feed-only article (no url) through the API', () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;

  beforeAll(async () => {
    backends = await startTestBackends();
    await upsertArticles(createMeiliClient(backends.meiliServer.url, TEST_MEILI_KEY), 'articles', [feedOnly]);
    app = backends.app();
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await backends?.close();
  });

  it('is returned by id without a url, saying its text came from the feed', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/articles/${id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id, source: 'press.test', textSource: 'feed', title: feedOnly.title });
    expect(body).not.toHaveProperty('url');
  });

  it('is found by search, its hit without a url', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/search?q=lead%20pipes' });
    expect(res.statusCode).toBe(200);
    const [hit, ...rest] = res.json().hits;
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ id, source: 'press.test', title: feedOnly.title });
    expect(hit).not.toHaveProperty('url');
  });

  it('is listed in its story without a url', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/stories/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().articles).toEqual([
      { id, title: feedOnly.title, source: 'press.test', publishedAt: feedOnly.publishedAt, language: 'en' },
    ]);
  });
});
