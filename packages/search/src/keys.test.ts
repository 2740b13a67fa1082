import { readFileSync } from 'node:fs';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Archive,
  applyIndexSettings,
  archiveKeyIndexes,
  createMeiliClient,
  ensureSearchKey,
  getArticle,
  type Meilisearch,
  SEARCH_KEY_UID,
  SearchPool,
  SearchQuery,
  searchArticles,
  searchKeyFor,
  storyArticles,
  upsertArticles,
} from './index';

describe("the API's search key, against a real Meilisearch", () => {
  let meili: TestServer;
  let master: Meilisearch;
  const doc = articleDocument({ url: 'https://news.test/a', title: 'Harbour cranes', text: 'Cranes stop.' });
  const moved = articleDocument({
    url: 'https://news.test/b',
    title: 'Harbour cranes again',
    text: 'Cranes stop again.',
    publishedAt: '2026-10-05T08:00:00.000Z',
  });

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    master = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(master, 'articles');
    await applyIndexSettings(master, 'private');
    await applyIndexSettings(master, 'articles-2026-10');
    await upsertArticles(master, 'articles', [doc]);
    await upsertArticles(master, 'articles-2026-10', [moved]);
    await upsertArticles(master, 'private', [doc]);
  }, 120_000);
  afterAll(async () => {
    await meili?.stop();
  });

  it('is created with a value known in advance, and creating it again changes nothing', async () => {
    const key = await ensureSearchKey(master, ['articles']);
    expect(key).toBe(searchKeyFor(TEST_MEILI_KEY));
    const before = await master.getKey(SEARCH_KEY_UID);
    expect(await ensureSearchKey(master, ['articles'])).toBe(key);
    expect((await master.getKey(SEARCH_KEY_UID)).updatedAt).toEqual(before.updatedAt);
    expect(before).toMatchObject({
      actions: ['search', 'documents.get', 'indexes.get'],
      indexes: ['articles'],
      expiresAt: null,
    });
  });

  it('follows a change of index, keeping its value', async () => {
    expect(await ensureSearchKey(master, ['news'])).toBe(searchKeyFor(TEST_MEILI_KEY));
    expect((await master.getKey(SEARCH_KEY_UID)).indexes).toEqual(['news']);
    await ensureSearchKey(master, ['articles']);
    expect((await master.getKey(SEARCH_KEY_UID)).indexes).toEqual(['articles']);
  });

  it('searches and reads articles and stories, and can do nothing else', async () => {
    const key = await ensureSearchKey(master, ['articles']);
    const client = createMeiliClient(meili.url, key);
    const pool = new SearchPool(meili.url, key);
    try {
      expect((await searchArticles(pool, 'articles', SearchQuery.parse({ q: 'cranes' }))).total).toBe(1);
      expect((await getArticle(client, 'articles', doc.id))?.title).toBe(doc.title);
      expect(await storyArticles(client, 'articles', doc.storyId)).toHaveLength(1);

      const refused = async (what: string, attempt: () => Promise<unknown>) =>
        expect(attempt(), what).rejects.toMatchObject({ cause: { code: 'invalid_api_key' } });
      await refused('add documents', () => client.index('articles').addDocuments([{ id: 'x' }]));
      await refused('delete documents', () => client.index('articles').deleteAllDocuments());
      await refused('change settings', () =>
        client.index('articles').updateSettings({ distinctAttribute: null }),
      );
      await refused('delete the index', () => client.deleteIndex('articles'));
      await refused('swap indexes', () =>
        client.swapIndexes([{ indexes: ['articles', 'private'], rename: false }]),
      );
      await refused('read another index', () => client.index('private').getDocument(doc.id));
      await refused('create a key', () =>
        client.createKey({ actions: ['*'], indexes: ['*'], expiresAt: null }),
      );
      await expect(pool.search('private', 'cranes', {})).rejects.toThrow(/invalid_api_key/);
    } finally {
      await pool.close();
    }
  });

  it('reaches the month partitions through a pattern, and lists only the archive', async () => {
    const key = await ensureSearchKey(master, archiveKeyIndexes('articles'));
    const client = createMeiliClient(meili.url, key);
    const pool = new SearchPool(meili.url, key);
    try {
      const archive = new Archive(client, 'articles', 'month');
      expect(await archive.indexes()).toEqual(['articles', 'articles-2026-10']);
      expect((await searchArticles(pool, archive, SearchQuery.parse({ q: 'cranes' }))).total).toBe(2);
      expect((await getArticle(client, archive, moved.id))?.title).toBe(moved.title);
      expect((await client.getIndexes()).results.map((i) => i.uid)).not.toContain('private');
      await expect(pool.search('private', 'cranes', {})).rejects.toThrow(/invalid_api_key/);
    } finally {
      await pool.close();
    }
  });

  it('is the key the operator documentation tells how to derive', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    expect(example).toContain(`printf %s ${SEARCH_KEY_UID} | openssl dgst -sha256 -hmac`);
  });
});
