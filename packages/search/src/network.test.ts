import type { ArticleDocument } from '@tidings/contracts';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Archive,
  applyRetention,
  archiveKeyIndexes,
  configureNetwork,
  createMeiliClient,
  ensureSearchKey,
  getArticle,
  indexArticles,
  Network,
  SearchPool,
  SearchQuery,
  searchArticles,
  storyArticles,
} from './index';

function article(path: string, source: string, publishedAt: string, storyId?: string): ArticleDocument {
  return articleDocument({
    url: `https://${source}/${path}`,
    title: `Harbour ${path}`,
    text: 'The harbour crane toppled in the storm.',
    publishedAt,
    ...(storyId ? { storyId } : {}),
  });
}

// October lives on ms0, November on (the later-added) ms1.
const october = article('october', 'wire.test', '2026-10-20T09:00:00.000Z');
const novemberEarly = article('november-early', 'courier.test', '2026-11-02T09:00:00.000Z');
const novemberLate = article('november-late', 'wire.test', '2026-11-25T09:00:00.000Z');

describe('an archive over two Meilisearch instances (network, remote federated search)', () => {
  let ms0: TestServer;
  let ms1: TestServer;
  let pool: SearchPool;
  let reader: Archive;
  let writer: Archive;

  beforeAll(async () => {
    [ms0, ms1] = await Promise.all([startTestMeilisearch(), startTestMeilisearch()]);
    const remotes = [
      { name: 'ms0', url: ms0.url },
      { name: 'ms1', url: ms1.url },
    ];
    const rules = [{ from: '2026-11', remote: 'ms1' }];
    const network = new Network(remotes, rules, TEST_MEILI_KEY);
    // The same master key on both: the derived search key is the same value on both.
    const keys = await Promise.all(
      network.all().map(({ client }) => ensureSearchKey(client, archiveKeyIndexes('articles'))),
    );
    expect(new Set(keys).size).toBe(1);
    await configureNetwork(network, keys[0]!);
    writer = new Archive(network.client('ms0'), 'articles', 'month', Date.now, network);
    await indexArticles(writer.clientFor('articles-2026-10'), writer, [october, novemberEarly, novemberLate]);
    // The API's view: the search key, searching through ms0.
    pool = new SearchPool([ms0.url, ms1.url], keys[0]);
    reader = new Archive(
      createMeiliClient(ms0.url, keys[0]),
      'articles',
      'month',
      Date.now,
      new Network(remotes, rules, keys[0]),
    );
  }, 180_000);
  afterAll(async () => {
    await pool?.close();
    await Promise.all([ms0?.stop(), ms1?.stop()]);
  });

  const search = (q: Partial<Record<string, string>>) =>
    searchArticles(pool, reader, SearchQuery.parse({ q: 'harbour', facets: 'source', ...q }));

  it('writes each month to the instance that owns it (an empty copy of the partition on the other)', async () => {
    const count = async (server: TestServer, uid: string) =>
      (await createMeiliClient(server.url, TEST_MEILI_KEY).index(uid).getStats()).numberOfDocuments;
    expect(await count(ms0, 'articles-2026-10')).toBe(1);
    expect(await count(ms1, 'articles-2026-10')).toBe(0);
    expect(await count(ms1, 'articles-2026-11')).toBe(2);
    expect(await count(ms0, 'articles-2026-11')).toBe(0);
  });

  it('finds both months with one search: total, facets and date order across instances', async () => {
    const recent = await search({ sort: 'recent' });
    expect(recent.missing).toBeUndefined();
    expect(recent.total).toBe(3);
    expect(recent.hits.map((h) => h.id)).toEqual([novemberLate.id, novemberEarly.id, october.id]);
    expect(recent.facets.source).toEqual({ 'wire.test': 2, 'courier.test': 1 });
    const oldest = await search({ sort: 'oldest', limit: '1', offset: '1' });
    expect(oldest.hits.map((h) => h.id)).toEqual([novemberEarly.id]);
    expect(oldest.hits[0]?.snippet).toContain('<mark>');
  });

  it('finds an article and a story on another instance', async () => {
    expect((await getArticle(createMeiliClient(ms0.url, TEST_MEILI_KEY), reader, novemberLate.id))?.id).toBe(
      novemberLate.id,
    );
    const story = await storyArticles(
      createMeiliClient(ms0.url, TEST_MEILI_KEY),
      reader,
      novemberEarly.storyId,
    );
    expect(story.map((a) => a.id)).toEqual([novemberEarly.id]);
  });

  it('answers from the instances left when one is down, naming what is missing, and recovers', async () => {
    await ms1.halt();
    try {
      const degraded = await search({ sort: 'recent' });
      expect(degraded.missing).toEqual(['articles-2026-11@ms1']);
      expect(degraded.total).toBe(1);
      expect(degraded.hits.map((h) => h.id)).toEqual([october.id]);
      expect(degraded.facets.source).toEqual({ 'wire.test': 1 });
    } finally {
      await ms1.resume();
    }
    const back = await search({ sort: 'recent' });
    expect(back.missing).toBeUndefined();
    expect(back.total).toBe(3);
  });

  it('searches through the next instance when the one searched first is down', async () => {
    await ms0.halt();
    try {
      reader.forget();
      const degraded = await search({ sort: 'recent' });
      expect(degraded.missing).toEqual(['articles-2026-10@ms0']);
      expect(degraded.hits.map((h) => h.id)).toEqual([novemberLate.id, novemberEarly.id]);
      expect(degraded.total).toBe(2);
      expect(degraded.hits[0]?.snippet).toContain('<mark>');
    } finally {
      await ms0.resume();
    }
    reader.forget();
    const back = await search({ sort: 'recent' });
    expect(back.missing).toBeUndefined();
    expect(back.total).toBe(3);
  });

  it('drops a month past retention on every instance', async () => {
    const { dropped } = await applyRetention(
      writer.clientFor('articles'),
      writer,
      new Date('2026-11-01T00:00:00.000Z'),
    );
    expect(dropped).toEqual(['articles-2026-10']);
    for (const server of [ms0, ms1]) {
      const { results } = await createMeiliClient(server.url, TEST_MEILI_KEY).getIndexes();
      expect(results.map((i) => i.uid).sort()).toEqual(['articles-2026-11']);
    }
    reader.forget();
    expect((await search({})).total).toBe(2);
  });
});
