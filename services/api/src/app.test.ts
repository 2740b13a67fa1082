import { createServer } from 'node:net';
import { FeedRegistry } from '@tidings/feed-state';
import { FeedPool } from '@tidings/feeds';
import { createMeiliClient, SearchPool } from '@tidings/search';
import { freshnessHistograms } from '@tidings/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meiliSearchable } from './readiness';
import { testArticle as doc, startTestBackends, type TestBackends } from './test-support';

const TOKEN = 'admin-secret-token';

describe('api against real Redis and Meilisearch', () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const url = doc.url;

  beforeAll(async () => {
    backends = await startTestBackends();
    app = backends.app({ adminToken: TOKEN });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await backends?.close();
  });

  it('manages feeds behind the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/feeds' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/feeds', headers: { authorization: 'Bearer wrong' } }))
        .statusCode,
    ).toBe(401);

    const created = await app.inject({
      method: 'POST',
      url: '/v1/feeds',
      headers: auth,
      payload: { url: 'https://News.test/rss.xml?utm_source=x', title: 'News' },
    });
    expect(created.statusCode).toBe(201);
    const feed = created.json();
    expect(feed).toMatchObject({
      url: 'https://news.test/rss.xml',
      title: 'News',
      intervalSeconds: 300,
      consecutiveFailures: 0,
      itemsSeen: 0,
    });
    expect(feed.nextPollAt).toBeDefined();
    const again = await app.inject({
      method: 'POST',
      url: '/v1/feeds',
      headers: auth,
      payload: { url: 'https://news.test/rss.xml' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(feed.id);

    expect((await app.inject({ method: 'GET', url: '/v1/feeds', headers: auth })).json().feeds).toHaveLength(
      1,
    );
    expect(
      (await app.inject({ method: 'GET', url: `/v1/feeds/${feed.id}`, headers: auth })).json(),
    ).toMatchObject({ id: feed.id });
    expect(
      (await app.inject({ method: 'POST', url: `/v1/feeds/${feed.id}/poll`, headers: auth })).statusCode,
    ).toBe(202);
    const resumed = await app.inject({ method: 'POST', url: `/v1/feeds/${feed.id}/resume`, headers: auth });
    expect(resumed.json()).toMatchObject({ id: feed.id, paused: false, adaptive: true });
    expect(
      (await app.inject({ method: 'POST', url: `/v1/feeds/${'0'.repeat(32)}/resume`, headers: auth }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'DELETE', url: `/v1/feeds/${feed.id}`, headers: auth })).statusCode,
    ).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/feeds/${feed.id}`, headers: auth })).statusCode).toBe(
      404,
    );
  });

  it('imports and exports OPML', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
      <outline text="A" xmlUrl="https://a.test/feed"/><outline text="World"><outline text="B" xmlUrl="https://b.test/atom"/></outline>
      <outline text="bad" xmlUrl="ftp://c.test/feed"/></body></opml>`;
    const res = await app.inject({
      method: 'POST',
      url: '/v1/feeds/import',
      headers: { ...auth, 'content-type': 'text/xml' },
      payload: opml,
    });
    expect(res.json()).toEqual({
      added: 2,
      skipped: 0,
      invalid: [{ url: 'ftp://c.test/feed', reason: expect.stringContaining('url') }],
    });
    const exported = await app.inject({ method: 'GET', url: '/v1/feeds/export', headers: auth });
    expect(exported.headers['content-type']).toContain('opml');
    expect(exported.body).toContain('https://b.test/atom');
    const feeds = (await app.inject({ method: 'GET', url: '/v1/feeds', headers: auth })).json().feeds;
    expect(feeds.find((f: { url: string }) => f.url === 'https://b.test/atom').tags).toEqual(['World']);
  });

  it('cuts off an OPML import that takes too long to parse with a 422, and goes on answering', async () => {
    // A valid document just under the 1 MiB body limit: tens of milliseconds of
    // parsing at least, against a 1 ms deadline.
    const outlines = Array.from(
      { length: 12_000 },
      (_, i) => `<outline type="rss" text="Slow ${i}" xmlUrl="https://slow${i}.test/feed.xml"/>`,
    );
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>${outlines.join('')}</body></opml>`;
    expect(opml.length).toBeGreaterThan(800_000);
    const slowParser = new FeedPool({ threads: 1, timeoutMs: 1 });
    const strict = backends.app({ opmlParser: slowParser, checks: {}, adminToken: TOKEN });
    await strict.ready();
    try {
      const order: string[] = [];
      const importing = strict
        .inject({
          method: 'POST',
          url: '/v1/feeds/import',
          headers: { ...auth, 'content-type': 'text/xml' },
          payload: opml,
        })
        .then((res) => {
          order.push('import');
          return res;
        });
      // The event loop is free while the document parses: a probe sent after the import answers first.
      const probe = await strict.inject({ method: 'GET', url: '/healthz' });
      order.push('healthz');
      const res = await importing;
      expect(probe.statusCode).toBe(200);
      expect(order).toEqual(['healthz', 'import']);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toEqual({
        error: 'Unprocessable Content',
        message: 'the OPML document took longer than 1 ms to parse; import it in smaller parts',
        field: 'body',
      });
      // Nothing of it was registered, and the API goes on answering.
      const feeds = await strict.inject({ method: 'GET', url: '/v1/feeds', headers: auth });
      expect(feeds.statusCode).toBe(200);
      expect(feeds.json().feeds.some((f: { url: string }) => f.url.includes('slow0.test'))).toBe(false);
    } finally {
      await strict.close();
      await slowParser.close();
    }
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases = [
      { method: 'POST' as const, url: '/v1/feeds', payload: { url: 'not a url' }, field: 'url' },
      {
        method: 'POST' as const,
        url: '/v1/feeds',
        payload: { url: 'https://x.test/f', intervalSeconds: -5 },
        field: 'intervalSeconds',
      },
      { method: 'GET' as const, url: '/v1/search?limit=1000', field: 'limit' },
      { method: 'GET' as const, url: '/v1/search?sort=random', field: 'sort' },
      { method: 'GET' as const, url: '/v1/search?from=yesterday', field: 'from' },
      // A quoted list value never closed (`org="Samsung, Ltd.`).
      { method: 'GET' as const, url: '/v1/search?org=%22Samsung%2C%20Ltd.', field: 'org' },
      { method: 'GET' as const, url: '/v1/articles/not-an-id', field: 'id' },
    ];
    for (const c of cases) {
      const res = await app.inject({
        method: c.method,
        url: c.url,
        headers: auth,
        ...(c.payload ? { payload: c.payload } : {}),
      });
      expect(res.statusCode, c.url).toBe(400);
      expect(res.json(), c.url).toMatchObject({ error: 'Bad Request', field: c.field });
    }
  });

  it('searches with snippets and facets, and returns articles by id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/search?q=cranes&language=en&facets=source,language,person,day',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.hits[0]).toMatchObject({
      id: doc.id,
      title: doc.title,
      url,
      source: 'news.test',
      publishedAt: doc.publishedAt,
      language: 'en',
      storyId: doc.id,
    });
    expect(body.hits[0].snippet).toContain('<mark>cranes</mark>');
    expect(body.facets).toMatchObject({
      source: { 'news.test': 1 },
      language: { en: 1 },
      person: {},
      day: { '2026-11-20': 1 },
    });
    expect(typeof body.processingTimeMs).toBe('number');

    expect((await app.inject({ method: 'GET', url: `/v1/articles/${doc.id}` })).json()).toMatchObject({
      text: doc.text,
      captions: doc.captions,
    });
    expect((await app.inject({ method: 'GET', url: `/v1/articles/${'0'.repeat(32)}` })).statusCode).toBe(404);
  });

  it('lists a story first reporter first, 404 for an unknown one, 400 for a bad id', async () => {
    const story = await app.inject({ method: 'GET', url: `/v1/stories/${doc.storyId}` });
    expect(story.statusCode).toBe(200);
    expect(story.json()).toEqual({
      id: doc.storyId,
      size: 1,
      articles: [
        {
          id: doc.id,
          url: doc.url,
          title: doc.title,
          source: doc.source,
          publishedAt: doc.publishedAt,
          language: doc.language,
        },
      ],
    });
    expect((await app.inject({ method: 'GET', url: `/v1/stories/${'0'.repeat(32)}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/stories/nope' })).statusCode).toBe(400);
  });

  it('searches with a key that can only read: Meilisearch refuses it writes and other indexes', async () => {
    // The whole suite runs with it; here, what it cannot do.
    const client = createMeiliClient(backends.meiliServer.url, backends.searchKey);
    await expect(client.index('articles').addDocuments([{ ...doc, title: 'Defaced' }])).rejects.toMatchObject(
      {
        cause: { code: 'invalid_api_key' },
      },
    );
    await expect(client.index('articles').deleteDocument(doc.id)).rejects.toMatchObject({
      cause: { code: 'invalid_api_key' },
    });
    await expect(client.index('other').search('')).rejects.toMatchObject({
      cause: { code: 'invalid_api_key' },
    });
    await expect(client.getKeys()).rejects.toMatchObject({ cause: { code: 'invalid_api_key' } });
    // The reindex that needed writes moved to the indexer (`indexer reindex`, `tidings reindex`).
    expect((await app.inject({ method: 'POST', url: '/v1/admin/reindex', headers: auth })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ method: 'GET', url: `/v1/articles/${doc.id}` })).json().title).toBe(doc.title);
  });

  it('lists and replays dead letters, behind the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/dead-letters' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v1/dead-letters', headers: auth })).json()).toEqual({
      deadLetters: [],
      total: 0,
    });
    expect(
      (await app.inject({ method: 'GET', url: '/v1/dead-letters?limit=0', headers: auth })).json(),
    ).toMatchObject({ field: 'limit' });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/dead-letters/replay',
          headers: auth,
          payload: { ids: ['x'] },
        })
      ).json(),
    ).toEqual({ replayed: 0 });
    expect(
      (
        await app.inject({ method: 'POST', url: '/v1/dead-letters/replay', headers: auth, payload: {} })
      ).json(),
    ).toEqual({ replayed: 0 });
  });

  it('reports health, readiness and metrics', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
      checks: { redis: 'ok', meilisearch: 'ok' },
    });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('tidings_api_request_duration_seconds_bucket');
    expect((await app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(404);
  });

  it('is not ready while Redis refuses writes, though it still answers PING', async () => {
    // What compose's Redis does at maxmemory with noeviction.
    await backends.redis.config('SET', 'maxmemory', '1');
    try {
      expect(await backends.redis.ping()).toBe('PONG');
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'not ready',
        checks: { redis: expect.stringMatching(/^OOM command not allowed/), meilisearch: 'ok' },
      });
    } finally {
      await backends.redis.config('SET', 'maxmemory', '0');
    }
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('is not ready when Meilisearch does not answer, or refuses its key', async () => {
    const nowhere = new SearchPool(`http://127.0.0.1:${await closedPort()}`);
    const wrongKey = new SearchPool(backends.meiliServer.url, 'not-the-key');
    const probe = async (pool: SearchPool) => {
      const probed = backends.app({ checks: { meilisearch: meiliSearchable(pool, 'articles') } });
      try {
        const res = await probed.inject({ method: 'GET', url: '/readyz' });
        expect(res.statusCode).toBe(503);
        return res.json().checks.meilisearch as string;
      } finally {
        await probed.close();
        await pool.close();
      }
    };
    expect(await probe(nowhere)).toMatch(/ECONNREFUSED|connect/);
    expect(await probe(wrongKey)).toMatch(/invalid_api_key/);
  });

  it('guards search with its own token, limits request rates and sizes, with JSON errors', async () => {
    const guarded = backends.app({
      checks: {},
      adminToken: TOKEN,
      searchToken: 'analyst-token',
      rateLimitPerMinute: 6,
    });
    await guarded.ready();
    try {
      expect((await guarded.inject({ method: 'GET', url: '/v1/search?q=cranes' })).statusCode).toBe(401);
      expect(
        (
          await guarded.inject({
            method: 'GET',
            url: '/v1/search?q=cranes',
            headers: { authorization: 'Bearer analyst-token' },
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (await guarded.inject({ method: 'GET', url: `/v1/articles/${doc.id}`, headers: auth })).statusCode,
      ).toBe(200);
      // The analyst's token opens search, not administration.
      expect(
        (
          await guarded.inject({
            method: 'GET',
            url: '/v1/feeds',
            headers: { authorization: 'Bearer analyst-token' },
          })
        ).statusCode,
      ).toBe(401);
      const big = await guarded.inject({
        method: 'POST',
        url: '/v1/feeds',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ url: `https://x.test/${'a'.repeat(2 * 1024 * 1024)}` }),
      });
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ error: 'Payload Too Large' });
      // Six requests so far or nearly: the seventh of the minute is refused.
      let limited = await guarded.inject({ method: 'GET', url: '/v1/search?q=x', headers: auth });
      if (limited.statusCode !== 429)
        limited = await guarded.inject({ method: 'GET', url: '/v1/search?q=x', headers: auth });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({
        error: 'Too Many Requests',
        message: expect.stringContaining('6 requests a minute'),
      });
      expect((await guarded.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('serves the live status page and its data behind the admin token, in a browser-friendly way', async () => {
    const page = await app.inject({ method: 'GET', url: '/status' });
    expect(page.statusCode).toBe(401);
    // The challenge makes a browser ask for the token itself.
    expect(page.headers['www-authenticate']).toMatch(/^Basic realm="Tidings admin"/);
    const basic = { authorization: `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}` };
    const wrongBasic = { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` };
    expect((await app.inject({ method: 'GET', url: '/status', headers: wrongBasic })).statusCode).toBe(401);
    // Basic credentials are for pages only; the JSON API keeps Bearer.
    expect((await app.inject({ method: 'GET', url: '/v1/feeds', headers: basic })).statusCode).toBe(401);

    const html = await app.inject({ method: 'GET', url: '/status', headers: basic });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'self'");
    expect(html.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(html.body).toContain('/status/status.js');
    for (const asset of ['/status/status.js', '/status/status.css']) {
      expect((await app.inject({ method: 'GET', url: asset, headers: basic })).statusCode, asset).toBe(200);
    }

    // A failing feed and one freshness observation show up in the data.
    const registry = new FeedRegistry(backends.redis, backends.queues, backends.prefix);
    await registry.register({
      id: 'broken-feed',
      url: 'https://broken.test/rss.xml',
      defaultIntervalSeconds: 60,
    });
    await registry.recordPoll(
      'broken-feed',
      { status: 'error', error: 'HTTP 503 from broken.test' },
      { kind: 'next', at: new Date(Date.now() + 60_000), intervalSeconds: 60 },
    );
    await freshnessHistograms(backends.redis, backends.prefix).discovered.observe([1.2]);
    await new Promise((r) => setTimeout(r, 2100)); // past the report cache
    const data = await app.inject({ method: 'GET', url: '/status/data', headers: auth });
    expect(data.statusCode).toBe(200);
    const report = data.json();
    expect(Object.keys(report.queues).sort()).toEqual(['articles', 'feeds', 'index', 'matches', 'webhooks']);
    expect(Object.keys(report.throughput).sort()).toEqual(['index', 'match', 'parse', 'poll', 'webhook']);
    expect(report.minutes).toHaveLength(60);
    expect(report.throughput.parse.completed).toHaveLength(60);
    // The observation's minute, whichever it is: the wait above may cross into the next one.
    expect(report.freshness.discovered.filter((m: { count: number }) => m.count > 0)).toEqual([
      expect.objectContaining({ count: 1, p50: 1.5 }),
    ]);
    expect(report.feeds.failing).toBeGreaterThanOrEqual(1);
    expect(report.failingFeeds).toContainEqual(
      expect.objectContaining({
        id: 'broken-feed',
        lastError: 'HTTP 503 from broken.test',
        consecutiveFailures: 1,
      }),
    );
  });

  it('serves Bull Board at /admin/queues behind the admin token', async () => {
    const denied = await app.inject({ method: 'GET', url: '/admin/queues' });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['www-authenticate']).toMatch(/^Basic/);
    const deniedApi = await app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(deniedApi.statusCode).toBe(401);
    // Our JSON error, not reshaped by Bull Board's own error handler.
    expect(deniedApi.json()).toEqual({
      error: 'Unauthorized',
      message: expect.stringContaining('admin token'),
    });
    const basic = { authorization: `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}` };
    const board = await app.inject({ method: 'GET', url: '/admin/queues', headers: basic });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('Tidings queues');
    // Nothing fetched from outside: the board works offline and tells no third party who opens it.
    expect(board.body).not.toMatch(/https:\/\/fonts\./);
    const api = await app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues?activeQueue=articles',
      headers: auth,
    });
    expect(api.statusCode).toBe(200);
    expect(
      api
        .json()
        .queues.map((q: { name: string }) => q.name)
        .sort(),
    ).toEqual(['articles', 'feeds', 'index', 'matches', 'webhooks']);
  });
});

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
