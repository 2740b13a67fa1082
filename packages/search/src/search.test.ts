import { type ArticleDocument, articleIdFor } from '@tidings/contracts';
import { startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyIndexSettings, createMeiliClient, getArticle, type Meilisearch, SearchQuery, searchArticles, toSnippet, upsertArticles } from './index';

function article(n: number, over: Partial<ArticleDocument> = {}): ArticleDocument {
  const url = `https://news${n % 2}.test/a/${n}`;
  const id = articleIdFor(url);
  return {
    id, url, feedId: 'f', source: `news${n % 2}.test`, title: `Story number ${n}`, publishedAt: `2026-11-${String(10 + n).padStart(2, '0')}T08:00:00.000Z`,
    discoveredAt: '2026-11-27T00:00:00.000Z', language: 'en', captions: [], text: `Body of story ${n} about harbour cranes.`, html: '<p>x</p>',
    wordCount: 7, storyId: id, people: [], places: [], organizations: [], ...over,
  };
}

describe('search package against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  const index = 'articles_test';
  const docs = [1, 2, 3, 4].map((n) => article(n));
  docs.push(article(5, { language: 'ko', title: '항만 크레인 기사', text: '부산항의 크레인이 <script>멈췄다</script> 똠방각하.' }));

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, index);
    await applyIndexSettings(client, index); // idempotent on restart
    await upsertArticles(client, index, docs);
  }, 120_000);
  afterAll(() => meili?.stop());

  const search = (raw: Record<string, string>) => searchArticles(client, index, SearchQuery.parse(raw));

  it('finds, highlights and counts facets', async () => {
    const res = await search({ q: 'cranes' });
    expect(res.total).toBe(4);
    expect(res.hits[0]?.snippet).toContain('<mark>cranes</mark>');
    expect(res.facets.source).toEqual({ 'news0.test': 2, 'news1.test': 2 });
    expect(res.facets.language).toEqual({ en: 4 });
  });

  it('filters by source, language and date, and sorts by recency', async () => {
    expect((await search({ source: 'news1.test' })).total).toBe(3);
    expect((await search({ language: 'ko' })).hits.map((h) => h.title)).toEqual(['항만 크레인 기사']);
    const ranged = await search({ from: '2026-11-12', to: '2026-11-13', sort: 'recent' });
    expect(ranged.hits.map((h) => h.title)).toEqual(['Story number 3', 'Story number 2']);
    const recent = await search({ sort: 'recent', limit: '2', offset: '1' });
    expect(recent.hits.map((h) => h.publishedAt)).toEqual(['2026-11-14T08:00:00.000Z', '2026-11-13T08:00:00.000Z']);
  });

  it('escapes text in snippets and finds Korean', async () => {
    const res = await search({ q: '크레인' });
    expect(res.hits).toHaveLength(1);
    expect(res.hits[0]?.snippet).not.toContain('<script>');
    expect(res.hits[0]?.snippet).toContain('&lt;script&gt;');
    expect(toSnippet('a \u0001b\u0002 <i>')).toBe('a <mark>b</mark> &lt;i&gt;');
  });

  it('re-indexing the same article keeps one document, and round-trips dates', async () => {
    await upsertArticles(client, index, [{ ...docs[0]!, title: 'Story number 1 (updated)' }]);
    expect((await search({ q: 'cranes' })).total).toBe(4);
    expect(await getArticle(client, index, docs[0]!.id)).toMatchObject({ title: 'Story number 1 (updated)', publishedAt: docs[0]!.publishedAt });
    expect(await getArticle(client, index, 'f'.repeat(32))).toBeUndefined();
  });

  it('rejects bad queries with the field named', () => {
    for (const bad of [{ limit: '0' }, { limit: '101' }, { sort: 'random' }, { from: 'yesterday' }, { from: '2026-11-13', to: '2026-11-12' }, { bogus: '1' }]) {
      const r = SearchQuery.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
  });
});
