import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Archive,
  applyRetention,
  createMeiliClient,
  foldClosedPartitions,
  getArticle,
  indexArticles,
  type Meilisearch,
  reindex,
  SearchPool,
  SearchQuery,
  searchArticles,
  storyArticles,
} from './index';
import { parsePartition, partitionName } from './partition-names';

const seconds = (iso: string) => Date.parse(iso) / 1000;
const at = (iso: string) => () => Date.parse(iso);

describe('partition names', () => {
  it.each([
    { uid: 'articles-2026', kind: 'year', from: '2026-01-01T00:00:00Z', to: '2026-12-31T23:59:59Z' },
    { uid: 'articles-2026-02', kind: 'month', from: '2026-02-01T00:00:00Z', to: '2026-02-28T23:59:59Z' },
    { uid: 'articles-2026-W49', kind: 'week', from: '2026-11-30T00:00:00Z', to: '2026-12-06T23:59:59Z' },
    // ISO weeks belong to the year of their Thursday.
    { uid: 'articles-2026-W53', kind: 'week', from: '2026-12-28T00:00:00Z', to: '2027-01-03T23:59:59Z' },
    { uid: 'articles-2027-W01', kind: 'week', from: '2027-01-04T00:00:00Z', to: '2027-01-10T23:59:59Z' },
    { uid: 'articles-2020-W01', kind: 'week', from: '2019-12-30T00:00:00Z', to: '2020-01-05T23:59:59Z' },
  ])('$uid is a $kind', ({ uid, kind, from, to }) => {
    expect(parsePartition('articles', uid)).toEqual({ kind, from: seconds(from), to: seconds(to) });
    expect(partitionName('articles', kind as 'year', seconds(from))).toBe(uid);
    expect(partitionName('articles', kind as 'year', seconds(to))).toBe(uid);
  });

  it.each([
    'articles',
    'other-2026',
    'articles-2026-13',
    'articles-2026-W00',
    'articles-2027-W53', // 2027 has 52 weeks
    'articles-2026-W5',
    'articles-2026-02_reindex_1',
    'articles-202',
  ])('%s is not a partition', (uid) => {
    expect(parsePartition('articles', uid)).toBeUndefined();
  });
});

describe('the tiered scheme: two open weeks apart, older articles in their year', () => {
  // Wednesday of ISO week 2026-W49 (30 November to 6 December).
  const archive = new Archive(
    undefined as unknown as Meilisearch,
    'articles',
    'tiered',
    at('2026-12-02T10:00:00Z'),
  );
  it.each([
    { name: 'this week', at: '2026-12-02T08:00:00Z', uid: 'articles-2026-W49' },
    { name: 'the previous week, first second', at: '2026-11-23T00:00:00Z', uid: 'articles-2026-W48' },
    { name: 'the last second before the open tier', at: '2026-11-22T23:59:59Z', uid: 'articles-2026' },
    { name: 'an older year', at: '2025-12-31T23:00:00Z', uid: 'articles-2025' },
    { name: 'next week (a future date)', at: '2026-12-08T00:00:00Z', uid: 'articles-2026-W50' },
  ])('$name → $uid', ({ at: when, uid }) => {
    expect(archive.indexFor(seconds(when))).toBe(uid);
  });

  it('knows which partitions are written to now', () => {
    expect(archive.isMember('articles-2025')).toBe(true);
    expect(archive.isInPlace('articles-2025')).toBe(true);
    expect(archive.isInPlace('articles-2026-W48')).toBe(true);
    expect(archive.isInPlace('articles-2026-W47')).toBe(false);
    expect(archive.isInPlace('articles-2026-11')).toBe(false);
    expect(archive.isInPlace('articles')).toBe(false);
    const monthly = new Archive(undefined as unknown as Meilisearch, 'articles', 'month');
    expect(monthly.isInPlace('articles-2025')).toBe(false);
    expect(monthly.isInPlace('articles-2026-W48')).toBe(false);
    expect(monthly.isInPlace('articles-2026-10')).toBe(true);
  });

  it('folds a closed week an hour after it closed, and month partitions wholly before the open tier', async () => {
    const listing = (uids: string[]) =>
      ({ getIndexes: async () => ({ results: uids.map((uid) => ({ uid })) }) }) as unknown as Meilisearch;
    const uids = [
      'articles-2026',
      'articles-2026-10',
      'articles-2026-11',
      'articles-2026-W47',
      'articles-2026-W48',
      'articles-2026-W49',
    ];
    // W47 left the open tier when W49 began, on Monday 30 November.
    const early = new Archive(listing(uids), 'articles', 'tiered', at('2026-11-30T00:30:00Z'));
    expect(await early.foldable()).toEqual(['articles-2026-10']);
    const later = new Archive(listing(uids), 'articles', 'tiered', at('2026-11-30T01:30:00Z'));
    expect(await later.foldable()).toEqual(['articles-2026-10', 'articles-2026-W47']);
    const monthly = new Archive(listing(uids), 'articles', 'month', at('2026-12-01T01:30:00Z'));
    expect(await monthly.foldable()).toEqual([]);
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

describe('a tiered archive against a real Meilisearch, as the weeks go by', () => {
  let meili: TestServer;
  let client: Meilisearch;
  let pool: SearchPool;
  // Wednesday of 2026-W47 (16 to 22 November): W46 and W47 are open.
  let now = Date.parse('2026-11-18T12:00:00Z');
  let archive: Archive;

  const old = member(1, '2025-06-05T08:00:00.000Z', 'one.test');
  const t = member(2, '2026-11-10T08:00:00.000Z', 'one.test');
  // Story S: Sunday of W46, Monday of W47, and (written later) W49.
  const s1 = member(3, '2026-11-15T22:00:00.000Z', 'one.test');
  const s2 = member(4, '2026-11-16T02:00:00.000Z', 'two.test', s1.storyId);
  const u = member(5, '2026-11-20T08:00:00.000Z', 'three.test');
  const v = member(6, '2026-11-21T08:00:00.000Z', 'one.test');
  const s3 = member(7, '2026-11-30T08:00:00.000Z', 'three.test', s1.storyId);

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    pool = new SearchPool(meili.url, TEST_MEILI_KEY);
    archive = new Archive(client, 'articles', 'tiered', () => now);
    await indexArticles(client, archive, [old, t, s1, s2, u, v]);
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await meili?.stop();
  });

  const search = (raw: Record<string, string>) => searchArticles(pool, archive, SearchQuery.parse(raw));
  const indexes = async () => {
    archive.forget();
    return archive.indexes();
  };

  it('writes the open weeks apart and older articles into their year', async () => {
    expect(await indexes()).toEqual(['articles-2025', 'articles-2026-W46', 'articles-2026-W47']);
    const settings = await client.index('articles-2025').getSettings();
    expect(settings.filterableAttributes).toContain('storyId');
  });

  it('folds the weeks that left the open tier into their year, and searches the same', async () => {
    const before = await search({ q: 'cranes', sort: 'recent', facets: 'source' });
    expect(before.hits.map((h) => h.id)).toEqual([v.id, u.id, s2.id, t.id, old.id]);
    now = Date.parse('2026-12-01T10:00:00Z'); // Tuesday of W49: W48 and W49 are open
    expect(await foldClosedPartitions(client, archive)).toEqual([
      { index: 'articles-2026-W46', moved: 2 },
      { index: 'articles-2026-W47', moved: 3 },
    ]);
    expect(await indexes()).toEqual(['articles-2025', 'articles-2026']);
    expect(await foldClosedPartitions(client, archive)).toEqual([]); // idempotent
    const after = await search({ q: 'cranes', sort: 'recent', facets: 'source' });
    expect(after.hits.map((h) => h.id)).toEqual(before.hits.map((h) => h.id));
    expect(after.total).toBe(before.total);
    expect(after.facets).toEqual(before.facets);
  });

  it('shows a story that spans its year and an open week once, with total, facets and paging', async () => {
    await indexArticles(client, archive, [s3]);
    expect(await indexes()).toEqual(['articles-2025', 'articles-2026', 'articles-2026-W49']);
    const cases = [
      { sort: 'recent', order: [s3, v, u, t, old], sources: { 'one.test': 3, 'three.test': 2 } },
      { sort: 'oldest', order: [old, t, s1, u, v], sources: { 'one.test': 4, 'three.test': 1 } },
    ];
    for (const { sort, order, sources } of cases) {
      const res = await search({ q: 'cranes', sort, facets: 'source,day' });
      expect(
        res.hits.map((h) => h.id),
        sort,
      ).toEqual(order.map((d) => d.id));
      expect(res.total, sort).toBe(5);
      expect(res.facets.source, sort).toEqual(sources);
      const paged: string[] = [];
      for (let offset = 0; offset < 6; offset++) {
        const page = await search({ q: 'cranes', sort, limit: '1', offset: String(offset) });
        expect(page.total, `${sort} offset ${offset}`).toBe(5);
        paged.push(...page.hits.map((h) => h.id));
      }
      expect(paged, sort).toEqual(order.map((d) => d.id));
    }
    const story = await storyArticles(client, archive, s1.storyId);
    expect(story.map((a) => a.id)).toEqual([s1.id, s2.id, s3.id]);
    for (const doc of [old, t, s1, s2, u, v, s3])
      expect((await getArticle(client, archive, doc.id))?.title).toBe(doc.title);
  });

  it('reads only the partitions a date range reaches', async () => {
    const november = await search({ q: 'cranes', from: '2026-11-01', to: '2026-11-30', sort: 'recent' });
    expect(november.hits.map((h) => h.id)).toEqual([s3.id, v.id, u.id, t.id]);
    expect(
      await archive.indexesWithin({
        from: seconds('2026-11-10T00:00:00Z'),
        to: seconds('2026-11-20T00:00:00Z'),
      }),
    ).toEqual(['articles-2026']);
  });

  it('moves an edited article between its year and an open week, one copy at a time', async () => {
    const edited = { ...u, title: 'Cranes report 5, corrected', publishedAt: '2026-11-24T08:00:00.000Z' };
    expect((await indexArticles(client, archive, [edited])).strays).toBe(1);
    const copies = async () =>
      (
        await client.multiSearch({
          federation: {},
          queries: (await indexes()).map((indexUid) => ({ indexUid, q: '', filter: `id = "${u.id}"` })),
        })
      ).hits.map((h) => h._federation?.indexUid);
    expect(await copies()).toEqual(['articles-2026-W48']);
    expect((await getArticle(client, archive, u.id))?.title).toBe(edited.title);
    expect((await indexArticles(client, archive, [u])).strays).toBe(1); // and back, for the tests after
    expect(await copies()).toEqual(['articles-2026']);
  });

  it('rebuilds the years and the open weeks in place', async () => {
    const report = await reindex(client, archive);
    expect(report.migrated).toEqual([]);
    expect(report.rebuilt).toEqual([
      'articles-2025',
      'articles-2026',
      'articles-2026-W48',
      'articles-2026-W49',
    ]);
    expect((await search({ q: 'cranes' })).total).toBe(5);
  });

  it('drops years wholly past retention and trims the one the cutoff falls in', async () => {
    const trimmed = await applyRetention(client, archive, new Date('2026-11-12T00:00:00Z'));
    expect(trimmed).toEqual({ dropped: ['articles-2025'], deleted: 2 }); // old with its year, and t
    expect((await search({ q: 'cranes', sort: 'oldest' })).hits.map((h) => h.id)).toEqual([
      s1.id,
      u.id,
      v.id,
    ]);
  });
});
