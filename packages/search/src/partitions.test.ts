import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Archive,
  applyIndexSettings,
  applyRetention,
  createMeiliClient,
  getArticle,
  indexArticles,
  type Meilisearch,
  reindex,
  SearchPool,
  SearchQuery,
  searchArticles,
  storyArticles,
  upsertArticles,
} from './index';

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('Archive: where documents go and which partitions a range reaches', () => {
  const archive = new Archive(undefined as unknown as Meilisearch, 'articles', 'month');
  it.each([
    { name: 'mid-month', at: '2026-11-20T08:00:00Z', uid: 'articles-2026-11' },
    { name: 'last second of a month (UTC)', at: '2026-10-31T23:59:59Z', uid: 'articles-2026-10' },
    { name: 'first second of a month', at: '2026-11-01T00:00:00Z', uid: 'articles-2026-11' },
    {
      name: 'a local time that is already next month in UTC',
      at: '2026-12-31T20:00:00-05:00',
      uid: 'articles-2027-01',
    },
  ])('$name → $uid', ({ at, uid }) => {
    expect(archive.indexFor(seconds(at))).toBe(uid);
  });

  it.each([
    { name: 'the base index', uid: 'articles', member: true, span: undefined },
    {
      name: 'a month',
      uid: 'articles-2026-02',
      member: true,
      span: ['2026-02-01T00:00:00Z', '2026-02-28T23:59:59Z'],
    },
    { name: 'another archive', uid: 'other-2026-02', member: false, span: undefined },
    { name: 'a reindex copy', uid: 'articles-2026-02_reindex_1', member: false, span: undefined },
    { name: 'month 13', uid: 'articles-2026-13', member: false, span: undefined },
  ])('$name: member $member', ({ uid, member, span }) => {
    expect(archive.isMember(uid)).toBe(member);
    expect(archive.spanOf(uid)).toEqual(
      span ? { from: seconds(span[0]!), to: seconds(span[1]!) } : undefined,
    );
  });

  it('creates the partitions of now and of tomorrow ahead of their first article', async () => {
    const made: string[] = [];
    const client = {
      createIndex: (uid: string) => ({
        waitTask: async () => ({ status: 'succeeded', uid: made.push(uid) }),
      }),
      index: () => ({ updateSettings: async () => ({ taskUid: 1 }) }),
      tasks: { getTask: async () => ({ uid: 1, status: 'succeeded' }) },
    } as unknown as Meilisearch;
    const lastDay = new Archive(client, 'articles', 'month', () => Date.parse('2026-11-30T12:00:00Z'));
    await lastDay.ensureUpcoming();
    expect(made).toEqual(['articles-2026-11', 'articles-2026-12']);
    made.length = 0;
    await new Archive(client, 'articles', 'none').ensureUpcoming();
    expect(made).toEqual([]);
  });

  it('writes to the base index alone without partitions', () => {
    const single = new Archive(undefined as unknown as Meilisearch, 'articles', 'none');
    expect(single.indexFor(seconds('2026-11-20T08:00:00Z'))).toBe('articles');
    expect(single.isInPlace('articles')).toBe(true);
    expect(single.isInPlace('articles-2026-11')).toBe(false);
  });
});

/** One article of a story; the text matches "cranes" for every one. */
function member(n: number, publishedAt: string, source: string, storyId?: string): ArticleDocument {
  const doc = articleDocument({
    url: `https://${source}/a/${n}`,
    title: `Cranes report ${n}`,
    text: `Harbour cranes report number ${n}.`,
    publishedAt,
  });
  return { ...doc, storyId: storyId ?? doc.id };
}

describe('a month-partitioned archive against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  let pool: SearchPool;
  let archive: Archive;

  // Story S crosses the October/November boundary: one copy in each partition.
  const t = member(1, '2026-10-05T08:00:00.000Z', 'one.test');
  const s1 = member(2, '2026-10-31T22:00:00.000Z', 'one.test');
  const s2 = member(3, '2026-11-01T02:00:00.000Z', 'two.test', s1.storyId);
  const u = member(4, '2026-11-20T08:00:00.000Z', 'three.test');
  const v = member(5, '2026-12-01T08:00:00.000Z', 'one.test');
  const all = [t, s1, s2, u, v];

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    pool = new SearchPool(meili.url, TEST_MEILI_KEY);
    archive = new Archive(client, 'articles', 'month');
    await indexArticles(client, archive, all);
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await meili?.stop();
  });

  const search = (raw: Record<string, string>) => searchArticles(pool, archive, SearchQuery.parse(raw));

  it('puts each article in the partition of its month, created with the full settings', async () => {
    archive.forget();
    expect(await archive.indexes()).toEqual(['articles-2026-10', 'articles-2026-11', 'articles-2026-12']);
    const settings = await client.index('articles-2026-11').getSettings();
    expect(settings.filterableAttributes).toContain('storyId');
    expect(settings.proximityPrecision).toBe('byAttribute');
  });

  it('shows a story that spans two partitions once, with the right total and facets', async () => {
    const cases = [
      { sort: 'recent', order: [v, u, s2, t], sources: { 'one.test': 2, 'two.test': 1, 'three.test': 1 } },
      { sort: 'oldest', order: [t, s1, u, v], sources: { 'one.test': 3, 'three.test': 1 } },
    ];
    for (const { sort, order, sources } of cases) {
      const res = await search({ q: 'cranes', sort, facets: 'source,day' });
      expect(
        res.hits.map((h) => h.id),
        sort,
      ).toEqual(order.map((d) => d.id));
      expect(res.total, sort).toBe(4);
      expect(res.facets.source, sort).toEqual(sources);
      expect(
        Object.values(res.facets.day ?? {}).reduce((a, b) => a + b, 0),
        sort,
      ).toBe(4);
    }
    const relevance = await search({ q: 'cranes' });
    expect(new Set(relevance.hits.map((h) => h.storyId)).size).toBe(4);
    expect(relevance.total).toBe(4);
  });

  it('pages through the partitions without duplicates or gaps', async () => {
    for (const sort of ['recent', 'oldest', 'relevance']) {
      const whole = (await search({ q: 'cranes', sort, limit: '10' })).hits.map((h) => h.id);
      const paged: string[] = [];
      for (let offset = 0; offset < 6; offset++) {
        const page = await search({ q: 'cranes', sort, limit: '1', offset: String(offset) });
        expect(page.total, `${sort} offset ${offset}`).toBe(4);
        paged.push(...page.hits.map((h) => h.id));
      }
      expect(paged, sort).toEqual(whole);
    }
    const byTwo = await search({ q: 'cranes', sort: 'recent', limit: '2', offset: '2' });
    expect(byTwo.hits.map((h) => h.id)).toEqual([s2.id, t.id]);
  });

  it('shows every article without collapsing, and reads only the partitions a date range reaches', async () => {
    expect((await search({ q: 'cranes', collapse: 'none' })).total).toBe(5);
    const november = await search({ q: 'cranes', from: '2026-11-01', to: '2026-11-30', sort: 'recent' });
    expect(november.hits.map((h) => h.id)).toEqual([u.id, s2.id]);
    const none = await search({ q: 'cranes', from: '2025-01-01', to: '2025-01-31' });
    expect(none).toMatchObject({ hits: [], total: 0 });
  });

  it('makes the snippets one index makes, at most half a page per formatting request', async () => {
    const filler = (n: number, words: string) => Array.from({ length: n }, () => words).join(' ');
    const docs = Array.from({ length: 7 }, (_, n) =>
      articleDocument({
        url: `https://snippets.test/${n}`,
        title: `Quay report ${n}`,
        text:
          n % 2
            ? `${filler(30, '항만 노동자들이 모였다.')} 크레인 ${n}대가 멈췄다. ${filler(30, '부두는 조용했다.')}`
            : `${filler(30, 'The quay was quiet.')} Gantry ${n} stopped. ${filler(30, 'Workers waited.')}`,
        // Six in November, one in October: November's six are more than half the page.
        publishedAt: n === 0 ? '2026-10-10T08:00:00.000Z' : `2026-11-1${n}T08:00:00.000Z`,
      }),
    );
    const chunks = new Archive(client, 'chunks', 'month');
    await indexArticles(client, chunks, docs);
    await applyIndexSettings(client, 'chunks-one');
    await upsertArticles(client, 'chunks-one', docs);
    const formatting: number[] = [];
    class Counting extends SearchPool {
      override search<T extends Record<string, unknown>>(...args: Parameters<SearchPool['search']>) {
        formatting.push(Number(args[2].limit));
        return super.search<T>(...args);
      }
    }
    const counting = new Counting(meili.url, TEST_MEILI_KEY);
    try {
      for (const q of ['gantry stopped', '크레인', 'quay']) {
        const query = SearchQuery.parse({ q, collapse: 'none', limit: '7' });
        const one = await searchArticles(pool, 'chunks-one', query);
        formatting.length = 0;
        const parts = await searchArticles(counting, chunks, query);
        const snippets = (res: typeof one): Record<string, string> =>
          Object.fromEntries(res.hits.map((h) => [h.id, h.snippet]));
        expect(snippets(parts), q).toEqual(snippets(one));
        // "quay" is in the Korean articles' titles only: their snippets are the text's start, unmarked.
        if (q !== 'quay')
          expect(
            Object.values(snippets(parts)).every((s) => s.includes('<mark>')),
            q,
          ).toBe(true);
        expect(Math.max(...formatting), q).toBeLessThanOrEqual(Math.ceil(parts.hits.length / 2));
      }
      // The whole page of "quay" (every article): November's six in two requests, October's one.
      expect(formatting.sort()).toEqual([1, 2, 4]);
    } finally {
      await counting.close();
    }
  });

  it('finds an article and a story in any partition', async () => {
    for (const doc of all) expect((await getArticle(client, archive, doc.id))?.title).toBe(doc.title);
    expect(await getArticle(client, archive, 'f'.repeat(32))).toBeUndefined();
    const story = await storyArticles(client, archive, s1.storyId);
    expect(story.map((a) => a.id)).toEqual([s1.id, s2.id]);
  });

  it('keeps one copy when an edit moves an article to another month', async () => {
    const edited = { ...u, title: 'Cranes report 4, corrected', publishedAt: '2026-10-20T08:00:00.000Z' };
    const { strays } = await indexArticles(client, archive, [edited]);
    expect(strays).toBe(1);
    const copies = await client.multiSearch({
      federation: {},
      queries: (await archive.indexes()).map((indexUid) => ({ indexUid, q: '', filter: `id = "${u.id}"` })),
    });
    expect(copies.hits.map((h) => h._federation?.indexUid)).toEqual(['articles-2026-10']);
    expect((await getArticle(client, archive, u.id))?.title).toBe(edited.title);
    await indexArticles(client, archive, [u]); // and back, for the tests after
  });

  it('reindexes partition by partition, and migrates a single index into partitions', async () => {
    // An archive from before partitions: one more article in the base index.
    const legacy = member(6, '2026-09-15T08:00:00.000Z', 'four.test');
    await applyIndexSettings(client, 'articles');
    await upsertArticles(client, 'articles', [legacy]);
    archive.forget();
    expect((await search({ q: 'cranes' })).total).toBe(5); // searched before migrating too

    const report = await reindex(client, archive);
    expect(report.migrated).toEqual(['articles']);
    expect(report.moved).toBe(1);
    expect(report.rebuilt).toEqual(['articles-2026-10', 'articles-2026-11', 'articles-2026-12']);
    expect(await archive.indexes()).toEqual([
      'articles-2026-09',
      'articles-2026-10',
      'articles-2026-11',
      'articles-2026-12',
    ]);
    expect((await search({ q: 'cranes' })).total).toBe(5);
    expect((await getArticle(client, archive, legacy.id))?.title).toBe(legacy.title);
  });

  it('drops partitions wholly past retention and trims the one the cutoff falls in', async () => {
    const { dropped, deleted } = await applyRetention(client, archive, new Date('2026-10-20T00:00:00Z'));
    expect(dropped).toEqual(['articles-2026-09']);
    expect(deleted).toBe(2); // the September article, and October's t
    expect(await archive.indexes()).toEqual(['articles-2026-10', 'articles-2026-11', 'articles-2026-12']);
    const left = await search({ q: 'cranes', sort: 'oldest' });
    expect(left.hits.map((h) => h.id)).toEqual([s1.id, u.id, v.id]);
  });
});
