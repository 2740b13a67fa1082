import type { AddressInfo } from 'node:net';
import { AlertMatcher, matcherMetrics, SavedSearchStore } from '@tidings/alerts';
import type { ArticleDocument } from '@tidings/contracts';
import { Archive, createMeiliClient, indexArticles, SearchPool } from '@tidings/search';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { articleDocument, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackends, type TestBackends } from './test-support';

const SEARCH_TOKEN = 'saved-search-read-token';
const auth = { authorization: `Bearer ${SEARCH_TOKEN}` };

describe('saved searches, their Atom feed and their live stream', () => {
  let backends: TestBackends;
  let app: ReturnType<TestBackends['app']>;
  let base: string;
  let store: SavedSearchStore;
  let matcher: AlertMatcher;
  let archive: Archive;
  let matchPool: SearchPool;

  beforeAll(async () => {
    backends = await startTestBackends();
    app = backends.app({ searchToken: SEARCH_TOKEN, streamHeartbeatMs: 200 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    store = new SavedSearchStore(backends.redis, backends.prefix);
    const master = createMeiliClient(backends.meiliServer.url, TEST_MEILI_KEY);
    archive = new Archive(master, 'articles', 'none');
    // The indexer's side: what makes alerts out of a searchable batch.
    matchPool = new SearchPool(backends.meiliServer.url, TEST_MEILI_KEY);
    matcher = new AlertMatcher({
      store,
      archive,
      pool: () => matchPool,
      queues: backends.queues,
      metrics: matcherMetrics(createMetrics('indexer').registry),
      logger: createLogger('test', 'silent'),
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await matchPool?.close();
    await backends?.close();
  });

  let u = 0;
  /** Index articles and match them, as the indexer does once their batch is searchable. */
  const publish = async (overrides: Partial<ArticleDocument> = {}) => {
    const doc = articleDocument({
      url: `https://news.test/saved/${++u}`,
      title: `Harbour strike, day ${u}`,
      text: 'Dock workers at the harbour walked out.',
      publishedAt: new Date().toISOString(),
      ...overrides,
    });
    const { homes } = await indexArticles(
      createMeiliClient(backends.meiliServer.url, TEST_MEILI_KEY),
      archive,
      [doc],
    );
    return {
      doc,
      alerts: await matcher.match([{ id: doc.id, index: homes.get(doc.id)!, searchableAt: Date.now() }]),
    };
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/v1/saved-searches', headers: auth, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  describe('CRUD', () => {
    it('creates, reads, lists, patches and deletes, showing a webhook secret only when it is made', async () => {
      const made = await create({
        name: 'Harbour watch',
        q: 'harbour',
        filters: { language: ['en'] },
        channels: [{ type: 'webhook', url: 'https://hooks.example/a' }],
      });
      expect(made).toMatchObject({
        id: expect.stringMatching(/^ss_[0-9a-f]{16}$/),
        name: 'Harbour watch',
        q: 'harbour',
        filters: { language: ['en'] },
        feedKey: expect.any(String),
        channels: [
          {
            id: expect.any(String),
            type: 'webhook',
            url: 'https://hooks.example/a',
            secret: expect.any(String),
          },
        ],
      });
      const read = await app.inject({ url: `/v1/saved-searches/${made.id}`, headers: auth });
      expect(read.statusCode).toBe(200);
      expect(read.json().channels).toEqual([
        { id: made.channels[0].id, type: 'webhook', url: 'https://hooks.example/a' },
      ]);
      expect(read.body).not.toContain(made.channels[0].secret);

      const list = await app.inject({ url: '/v1/saved-searches', headers: auth });
      expect(list.json().savedSearches.map((s: { id: string }) => s.id)).toContain(made.id);
      expect(list.body).not.toContain('"secret"');

      const patched = await app.inject({
        method: 'PATCH',
        url: `/v1/saved-searches/${made.id}`,
        headers: auth,
        payload: {
          q: 'harbor',
          channels: [
            { type: 'webhook', url: 'https://hooks.example/a' },
            { type: 'webhook', url: 'https://hooks.example/b' },
          ],
        },
      });
      expect(patched.statusCode).toBe(200);
      const [kept, added] = patched.json().channels;
      expect(kept).toEqual({ id: made.channels[0].id, type: 'webhook', url: 'https://hooks.example/a' });
      expect(added).toMatchObject({ url: 'https://hooks.example/b', secret: expect.any(String) });
      expect(patched.json().q).toBe('harbor');

      expect(
        (await app.inject({ method: 'DELETE', url: `/v1/saved-searches/${made.id}`, headers: auth }))
          .statusCode,
      ).toBe(204);
      expect((await app.inject({ url: `/v1/saved-searches/${made.id}`, headers: auth })).statusCode).toBe(
        404,
      );
      expect(
        (await app.inject({ method: 'DELETE', url: `/v1/saved-searches/${made.id}`, headers: auth }))
          .statusCode,
      ).toBe(404);
      expect(
        (
          await app.inject({
            method: 'PATCH',
            url: `/v1/saved-searches/${made.id}`,
            headers: auth,
            payload: { q: 'x' },
          })
        ).statusCode,
      ).toBe(404);
    });

    it.each([
      [{ q: 'no name' }, 'name'],
      [{ name: 'x', filters: { language: 'en' } }, 'filters.language'],
      [{ name: 'x', filters: { from: '2026-12-01', to: '2026-11-01' } }, 'filters.from'],
      [{ name: 'x', channels: [{ type: 'webhook', url: 'javascript:alert(1)' }] }, 'channels.0.url'],
      [{ name: 'x', sort: 'recent' }, undefined],
    ])('answers %j with 400', async (payload, field) => {
      const res = await app.inject({ method: 'POST', url: '/v1/saved-searches', headers: auth, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', ...(field ? { field } : {}) });
    });

    it('refuses an id that is not a saved search’s, and every route without the read token', async () => {
      expect((await app.inject({ url: '/v1/saved-searches/42', headers: auth })).statusCode).toBe(400);
      for (const [method, url] of [
        ['GET', '/v1/saved-searches'],
        ['POST', '/v1/saved-searches'],
        ['GET', '/v1/saved-searches/ss_0123456789abcdef'],
        ['GET', '/v1/stream?q=harbour'],
      ] as const)
        expect((await app.inject({ method, url })).statusCode, `${method} ${url}`).toBe(401);
    });

    it('answers 409 past SAVED_SEARCH_LIMIT', async () => {
      const limited = backends.app({
        savedSearches: new SavedSearchStore(backends.redis, `${backends.prefix}-limit`, { limit: 1 }),
      });
      const first = await limited.inject({
        method: 'POST',
        url: '/v1/saved-searches',
        payload: { name: 'one' },
      });
      const second = await limited.inject({
        method: 'POST',
        url: '/v1/saved-searches',
        payload: { name: 'two' },
      });
      expect([first.statusCode, second.statusCode]).toEqual([201, 409]);
      expect(second.json().message).toMatch(/SAVED_SEARCH_LIMIT/);
      await limited.close();
    });
  });

  describe('the Atom feed', () => {
    it('lists the search’s alerts, newest first, to the read token or the feed key, and to nobody else', async () => {
      const search = await create({ name: 'Cranes & <co>', q: 'cranes' });
      const first = await publish({ title: 'Cranes stop at the pier', text: 'The cranes stopped.' });
      const second = await publish({ title: 'Cranes start again', text: 'The cranes are moving.' });
      await publish({ title: 'Unrelated ferry news', text: 'A ferry sailed.' });
      expect(first.alerts).toHaveLength(1);
      expect(second.alerts.map((a) => a.savedSearchId)).toContain(search.id);

      const byKey = await app.inject({
        url: `/v1/saved-searches/${search.id}/feed.atom?key=${search.feedKey}`,
      });
      expect(byKey.statusCode).toBe(200);
      expect(byKey.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(XMLValidator.validate(byKey.body)).toBe(true);
      const titles = [...byKey.body.matchAll(/<entry>[\s\S]*?<title>([^<]*)<\/title>/g)].map((m) => m[1]);
      expect(titles).toEqual(['Cranes start again', 'Cranes stop at the pier']);
      expect(byKey.body).toContain('<title>Tidings: Cranes &amp; &lt;co&gt;</title>');

      const byToken = await app.inject({ url: `/v1/saved-searches/${search.id}/feed.atom`, headers: auth });
      expect(byToken.statusCode).toBe(200);

      const other = await create({ name: 'other', q: 'ferry' });
      for (const url of [
        `/v1/saved-searches/${search.id}/feed.atom`,
        `/v1/saved-searches/${search.id}/feed.atom?key=wrong`,
        `/v1/saved-searches/${search.id}/feed.atom?key=${other.feedKey}`,
        `/v1/saved-searches/ss_0123456789abcdef/feed.atom?key=${search.feedKey}`,
      ])
        expect((await app.inject({ url })).statusCode, url).toBe(401);
      expect(
        (await app.inject({ url: `/v1/saved-searches/ss_0123456789abcdef/feed.atom`, headers: auth }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe('the live stream', () => {
    it('sends an `article` event for each alert of a saved search, opened with its feed key', async () => {
      const search = await create({ name: 'Stream', q: 'lighthouse' });
      const stream = await openStream(`${base}/v1/stream?savedSearch=${search.id}&key=${search.feedKey}`);
      try {
        expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(await stream.next('ready')).toMatchObject({ data: { savedSearch: search.id } });
        const { doc, alerts } = await publish({
          title: 'Lighthouse keeper retires',
          text: 'The lighthouse goes dark.',
        });
        const event = await stream.next('article');
        expect(event.id).toBe(alerts[0]!.id);
        expect(event.data).toMatchObject({
          savedSearchId: search.id,
          article: { id: doc.id, title: 'Lighthouse keeper retires', url: doc.url, source: 'news.test' },
        });
        // Heartbeats keep idle proxies from closing it.
        await stream.comment('heartbeat');
      } finally {
        stream.close();
      }
      await waitFor(
        async () => (await backends.redis.pubsub('NUMSUB', store.keys.channel(search.id)))[1] === 0,
        {
          timeoutMs: 5000,
          what: 'the stream to unsubscribe once closed',
        },
      );
    });

    it('replays from Last-Event-ID what was alerted while the client was away', async () => {
      const search = await create({ name: 'Replay', q: 'drawbridge' });
      const one = await publish({ title: 'Drawbridge stuck', text: 'The drawbridge is stuck open.' });
      const two = await publish({ title: 'Drawbridge fixed', text: 'The drawbridge works again.' });
      const stream = await openStream(`${base}/v1/stream?savedSearch=${search.id}`, {
        ...auth,
        'last-event-id': one.alerts[0]!.id,
      });
      try {
        await stream.next('ready');
        expect((await stream.next('article')).id).toBe(two.alerts[0]!.id);
      } finally {
        stream.close();
      }
    });

    it('streams an ad-hoc query (q and filters) through a transient search that goes when the client does', async () => {
      const stream = await openStream(`${base}/v1/stream?q=tugboat&language=en`, auth);
      let transientId = '';
      try {
        transientId = String(((await stream.next('ready')).data as { savedSearch: string }).savedSearch);
        expect((await store.get(transientId))?.transient).toBe(true);
        await publish({ title: 'Tugboat race', text: 'Tugboats raced.', language: 'ko' }); // filtered out
        const { doc } = await publish({ title: 'Tugboat parade', text: 'The tugboat parade drew crowds.' });
        expect((await stream.next('article')).data).toMatchObject({
          savedSearchId: transientId,
          article: { id: doc.id },
        });
        // Not a saved search: not listed.
        const list = await app.inject({ url: '/v1/saved-searches', headers: auth });
        expect(list.body).not.toContain(transientId);
      } finally {
        stream.close();
      }
      await waitFor(async () => (await store.get(transientId)) === undefined, {
        timeoutMs: 5000,
        what: 'the transient search to be removed',
      });
    });

    it('refuses streams past STREAM_MAX_CONNECTIONS and a saved search it does not know', async () => {
      const capped = backends.app({ maxStreams: 1 });
      await capped.listen({ port: 0, host: '127.0.0.1' });
      const at = `http://127.0.0.1:${(capped.server.address() as AddressInfo).port}`;
      const first = await openStream(`${at}/v1/stream?q=x`);
      try {
        await first.next('ready');
        const second = await fetch(`${at}/v1/stream?q=y`);
        expect(second.status).toBe(503);
        const unknown = await fetch(`${base}/v1/stream?savedSearch=ss_0123456789abcdef`, { headers: auth });
        expect(unknown.status).toBe(404);
        const both = await fetch(`${base}/v1/stream?savedSearch=ss_0123456789abcdef&q=x`, { headers: auth });
        expect(both.status).toBe(400);
      } finally {
        first.close();
        await capped.close();
      }
    });
  });
});

interface ServerEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** A server-sent event stream read with fetch, as a dashboard without EventSource reads it. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.ok) throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const blocks: string[] = [];
  const nextBlock = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        blocks.push(block);
        return block;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += value;
    }
  };
  const within = <T>(promise: Promise<T>, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no ${what} within 10 s`)), 10_000),
      ),
    ]);
  return {
    response,
    /** The next event named `name`, skipping comments and other events. */
    next: (name: string) =>
      within(
        (async (): Promise<ServerEvent> => {
          for (;;) {
            const lines = (await nextBlock()).split('\n');
            const field = (f: string) => lines.find((l) => l.startsWith(`${f}: `))?.slice(f.length + 2);
            if (field('event') !== name) continue;
            return { event: name, id: field('id'), data: JSON.parse(field('data') ?? 'null') };
          }
        })(),
        `${name} event`,
      ),
    /** Resolves at the next comment line holding `text`. */
    comment: (text: string) =>
      within(
        (async () => {
          for (;;) if ((await nextBlock()).startsWith(`: ${text}`)) return;
        })(),
        `${text} comment`,
      ),
    close: () => controller.abort(),
  };
}
