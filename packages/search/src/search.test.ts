import type { ArticleDocument } from '@tidings/contracts';
import { extractArticle } from '@tidings/extract';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyIndexSettings,
  createMeiliClient,
  getArticle,
  type Meilisearch,
  SearchPool,
  SearchQuery,
  searchArticles,
  toSnippet,
  upsertArticles,
} from './index';

function article(n: number, over: Partial<ArticleDocument> = {}): ArticleDocument {
  return articleDocument({
    url: `https://news${n % 2}.test/a/${n}`,
    title: `Story number ${n}`,
    publishedAt: `2026-11-${String(10 + n).padStart(2, '0')}T08:00:00.000Z`,
    discoveredAt: '2026-11-27T00:00:00.000Z',
    text: `Body of story ${n} about harbour cranes.`,
    ...over,
  });
}

describe('search package against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  let pool: SearchPool;
  const index = 'articles_test';
  const docs = [1, 2, 3, 4].map((n) => article(n));
  docs.push(
    article(5, {
      language: 'ko',
      title: '항만 크레인 기사',
      text: '부산항의 크레인이 <script>멈췄다</script> 똠방각하.',
      people: ['김민수'],
      places: ['부산'],
    }),
  );
  // A syndicated copy of story 1 on another site: same story, another source.
  docs.push(
    article(6, {
      title: 'Story number 1 (syndicated)',
      storyId: docs[0]!.storyId,
      people: ['Ada Park'],
      organizations: ['Port Authority'],
    }),
  );
  docs[0] = {
    ...docs[0]!,
    people: ['Ada Park'],
    places: ['Harbour City'],
    organizations: ['Port Authority'],
  };

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    pool = new SearchPool(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, index);
    await applyIndexSettings(client, index); // idempotent on restart
    await upsertArticles(client, index, docs);
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await meili?.stop();
  });

  const search = (raw: Record<string, string>) => searchArticles(pool, index, SearchQuery.parse(raw));

  it('finds, highlights and counts facets, one hit per story', async () => {
    const res = await search({ q: 'cranes', facets: 'source,language,person,place,org,day' });
    expect(res.total).toBe(4);
    expect(new Set(res.hits.map((h) => h.storyId)).size).toBe(4);
    expect(res.hits[0]?.snippet).toContain('<mark>cranes</mark>');
    expect(res.facets.language).toEqual({ en: 4 });
    expect(res.facets.person).toEqual({ 'Ada Park': 1 });
    const days = Object.keys(res.facets.day ?? {});
    expect(days).toEqual([...days].sort());
    expect(Object.values(res.facets.day ?? {}).reduce((a, b) => a + b, 0)).toBe(4);
    const all = await search({ q: 'cranes', collapse: 'none', facets: 'source' });
    expect(all.total).toBe(5);
    expect(all.facets).toEqual({ source: { 'news0.test': 3, 'news1.test': 2 } });
  });

  it('adds story sizes and other sources from the story describer', async () => {
    const res = await searchArticles(pool, index, SearchQuery.parse({ q: 'cranes' }), {
      describeStories: async (ids) =>
        new Map(
          ids.map((id) => [
            id,
            id === docs[0]!.storyId
              ? { size: 2, sources: ['news1.test', 'news0.test'] }
              : { size: 1, sources: ['x'] },
          ]),
        ),
    });
    const story = res.hits.find((h) => h.storyId === docs[0]!.storyId)!;
    expect(story).toMatchObject({
      storySize: 2,
      otherSources: [story.source === 'news1.test' ? 'news0.test' : 'news1.test'],
    });
  });

  it('still answers, without story details, when the story index fails', async () => {
    const failures: unknown[] = [];
    const res = await searchArticles(pool, index, SearchQuery.parse({ q: 'cranes' }), {
      describeStories: async () => {
        throw new Error('Redis is down');
      },
      onStoryError: (err) => failures.push(err),
    });
    expect(res.total).toBe(4);
    expect(res.hits[0]).not.toHaveProperty('storySize');
    expect(failures).toEqual([new Error('Redis is down')]);
  });

  it('filters by people, places and organisations', async () => {
    expect((await search({ person: 'Ada Park', collapse: 'none' })).total).toBe(2);
    expect((await search({ person: 'Ada Park', place: 'Harbour City' })).total).toBe(1);
    expect((await search({ org: 'Port Authority', collapse: 'none' })).total).toBe(2);
    expect((await search({ person: '김민수' })).hits.map((h) => h.places)).toEqual([['부산']]);
  });

  it('finds Korean with a Korean query and English with an English one', async () => {
    expect((await search({ q: '크레인이' })).hits.map((h) => h.language)).toEqual(['ko']);
    expect((await search({ q: 'harbour' })).hits.every((h) => h.language === 'en')).toBe(true);
    expect((await search({ q: '크레인 cranes', collapse: 'none' })).total).toBeGreaterThanOrEqual(1);
  });

  it('filters by source, language and date, and sorts by recency', async () => {
    expect((await search({ source: 'news1.test' })).total).toBe(3);
    expect((await search({ source: 'news0.test', collapse: 'none' })).total).toBe(3);
    expect((await search({ language: 'ko' })).hits.map((h) => h.title)).toEqual(['항만 크레인 기사']);
    const ranged = await search({ from: '2026-11-12', to: '2026-11-13', sort: 'recent' });
    expect(ranged.hits.map((h) => h.title)).toEqual(['Story number 3', 'Story number 2']);
    const recent = await search({ sort: 'recent', limit: '2', offset: '1' });
    // Story 1's newest copy (article 6, the 16th) stands for it; then 5, 4, 3…
    expect(recent.hits.map((h) => h.publishedAt)).toEqual([
      '2026-11-15T08:00:00.000Z',
      '2026-11-14T08:00:00.000Z',
    ]);
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
    expect((await search({ q: 'cranes', collapse: 'none' })).total).toBe(5);
    expect(await getArticle(client, index, docs[0]!.id)).toMatchObject({
      title: 'Story number 1 (updated)',
      publishedAt: docs[0]!.publishedAt,
    });
    expect(await getArticle(client, index, 'f'.repeat(32))).toBeUndefined();
  });

  // Snippets mark matches with \u0001 and \u0002 (see toSnippet), so one in the text itself would
  // open or close a <mark> of its own; extraction strips them before anything is indexed.
  it('keeps <mark> balanced in a snippet around where a page had control characters', async () => {
    const marks = 'articles_marks_test';
    await applyIndexSettings(client, marks);
    const sentence =
      'Dredgers\u0002 deepened the\u0001 channel &#1;before the\u0002 tall ships sailed in on Sunday.';
    const page = `<article><h1>Channel deepened</h1><p>${sentence} The pilots said the work finished early.</p>
      <p>Harbour officials thanked the crews who worked through the night on the dredging of the channel.</p></article>`;
    const extracted = extractArticle(page, { url: 'https://news9.test/a/dredge' });
    const raw = article(7, { url: 'https://news9.test/a/raw', text: `Raw: ${sentence}` });
    const clean = article(8, { url: 'https://news9.test/a/dredge', text: extracted.text });
    await upsertArticles(client, marks, [raw, clean]);
    const res = await searchArticles(pool, marks, SearchQuery.parse({ q: 'channel', collapse: 'none' }));
    const snippet = (doc: ArticleDocument) => res.hits.find((h) => h.id === doc.id)?.snippet ?? '';
    const balance = (s: string) => (s.match(/<mark>/g) ?? []).length - (s.match(/<\/mark>/g) ?? []).length;
    expect(snippet(clean)).toContain('<mark>channel</mark>');
    expect(balance(snippet(clean))).toBe(0);
    expect(snippet(clean)).toMatch(/^(?:[^<]|<mark>channel<\/mark>)*$/);
    // What extraction prevents: the same sentence indexed raw breaks the markup.
    expect(snippet(raw)).not.toMatch(/^(?:[^<]|<mark>channel<\/mark>)*$/);
  });

  it('rejects bad queries with the field named', () => {
    for (const bad of [
      { limit: '0' },
      { limit: '101' },
      { sort: 'random' },
      { from: 'yesterday' },
      { from: '2026-11-13', to: '2026-11-12' },
      { bogus: '1' },
      { facets: 'color' },
      { collapse: 'maybe' },
    ]) {
      const r = SearchQuery.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
  });
});
