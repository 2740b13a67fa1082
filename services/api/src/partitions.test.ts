import { Archive, createMeiliClient, indexArticles, SearchPool } from '@tidings/search';
import { articleDocument, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meiliSearchable } from './readiness';
import { startTestBackends, type TestBackends, testArticle } from './test-support';

// A story reported on both sides of a month boundary: one copy in each month partition.
const first = articleDocument({
  url: 'https://one.test/lighthouse',
  title: 'Lighthouse keeper retires',
  text: 'The last lighthouse keeper retires.',
  publishedAt: '2026-10-31T23:30:00.000Z',
});
const second = {
  ...articleDocument({
    url: 'https://two.test/lighthouse',
    title: 'Lighthouse keeper retires after forty years',
    text: 'The lighthouse keeper retired after forty years.',
    publishedAt: '2026-11-01T06:00:00.000Z',
  }),
  storyId: first.storyId,
};

const openConnections = (app: ReturnType<TestBackends['app']>) =>
  new Promise<number>((resolve, reject) =>
    app.server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
  );

describe('the API over a month-partitioned archive', () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;

  beforeAll(async () => {
    backends = await startTestBackends();
    const master = createMeiliClient(backends.meiliServer.url, TEST_MEILI_KEY);
    await indexArticles(master, new Archive(master, 'articles', 'month'), [first, second]);
    // The API's own key, as in production: it lists the partitions through `articles-*`.
    const archive = new Archive(
      createMeiliClient(backends.meiliServer.url, backends.searchKey),
      'articles',
      'month',
    );
    app = backends.app({ index: archive });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await backends?.close();
  });

  it('searches every partition (and the older single index) at once, one hit per story', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/search?q=lighthouse&facets=source' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.hits).toHaveLength(1);
    expect(Object.values(body.facets.source)).toEqual([1]);
    const cranes = await app.inject({ method: 'GET', url: '/v1/search?q=cranes' });
    expect(cranes.json().hits.map((h: { id: string }) => h.id)).toEqual([testArticle.id]);
  });

  it('says where the time went in a Server-Timing header', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/search?q=lighthouse' });
    const steps = String(res.headers['server-timing'])
      .split(', ')
      .map((step) => step.split(';')[0]);
    expect(steps).toEqual(['search', 'snippets', 'meili']);
    expect(res.headers['server-timing']).toMatch(/^search;dur=\d+\.\d, snippets;dur=\d+\.\d, meili;dur=\d+$/);
  });

  it('asks for no snippets or stories once the client has gone', async () => {
    // The federated search waits until the client has given up: what follows it must not run.
    let gone!: () => void;
    const clientGone = new Promise<void>((resolve) => {
      gone = resolve;
    });
    let searching!: () => void;
    const searchStarted = new Promise<void>((resolve) => {
      searching = resolve;
    });
    let answered = false;
    const formatted: string[] = [];
    class WaitingPool extends SearchPool {
      override async federatedSearch<T extends Record<string, unknown>>(
        ...args: Parameters<SearchPool['federatedSearch']>
      ) {
        searching();
        const answer = await super.federatedSearch<T>(...args);
        await clientGone;
        answered = true;
        return answer;
      }
      override search<T extends Record<string, unknown>>(...args: Parameters<SearchPool['search']>) {
        formatted.push(args[0]);
        return super.search<T>(...args);
      }
    }
    const pool = new WaitingPool(backends.meiliServer.url, backends.searchKey);
    const described: string[][] = [];
    const archive = new Archive(
      createMeiliClient(backends.meiliServer.url, backends.searchKey),
      'articles',
      'month',
    );
    const waiting = backends.app({
      index: archive,
      searchPool: pool,
      describeStories: async (ids) => {
        described.push(ids);
        return new Map();
      },
    });
    const base = await waiting.listen({ host: '127.0.0.1', port: 0 });
    try {
      const leaving = new AbortController();
      const asked = fetch(`${base}/v1/search?q=lighthouse`, { signal: leaving.signal }).catch(
        (err: Error) => err.name,
      );
      await searchStarted;
      leaving.abort();
      expect(await asked).toBe('AbortError');
      // Fastify notices the closed connection on its own time: the search goes on once it has.
      await waitFor(async () => waiting.server.listening && (await openConnections(waiting)) === 0, {
        what: 'the API to see the client go',
      });
      gone();
      await waitFor(() => answered, { what: 'the federated search to return' });
      // Whatever follows the search would have been asked for by now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(formatted).toEqual([]);
      expect(described).toEqual([]);

      // The same app answers a client that stays, with snippets and stories.
      const stayed = (await fetch(`${base}/v1/search?q=lighthouse`).then((r) => r.json())) as {
        hits: Array<{ snippet: string }>;
      };
      expect(stayed.hits[0]?.snippet).toContain('<mark>');
      expect(formatted.length).toBeGreaterThan(0);
      expect(described).toHaveLength(1);
    } finally {
      await waiting.close();
      await pool.close();
    }
  });

  it('finds an article and a whole story in whichever partition holds them', async () => {
    const article = await app.inject({ method: 'GET', url: `/v1/articles/${second.id}` });
    expect(article.statusCode).toBe(200);
    expect(article.json()).toMatchObject({ id: second.id, title: second.title });
    expect(article.json()).not.toHaveProperty('_federation');
    const story = await app.inject({ method: 'GET', url: `/v1/stories/${first.storyId}` });
    expect(story.json()).toMatchObject({ size: 2, articles: [{ id: first.id }, { id: second.id }] });
    const missing = await app.inject({ method: 'GET', url: `/v1/articles/${'0'.repeat(32)}` });
    expect(missing.statusCode).toBe(404);
  });

  it('is ready when the API key can list and search the partitions, and not with a wrong key', async () => {
    const url = backends.meiliServer.url;
    const check = (key: string) => {
      const pool = new SearchPool(url, key);
      const archive = new Archive(createMeiliClient(url, key), 'articles', 'month');
      return meiliSearchable(pool, archive)().finally(() => pool.close());
    };
    await expect(check(backends.searchKey)).resolves.toBeUndefined();
    await expect(check('not-the-key')).rejects.toThrow();
  });
});
