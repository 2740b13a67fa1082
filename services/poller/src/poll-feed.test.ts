import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleIdFor, feedIdFor, feedItemIdFor } from '@tidings/contracts';
import { FeedRegistry, SeenItems } from '@tidings/feed-state';
import { canonicalUrl, FeedPool } from '@tidings/feeds';
import { HttpClient } from '@tidings/http';
import { createRedis, DeferJobError, PermanentError, Queues, type Redis } from '@tidings/queue';
import { createLogger } from '@tidings/telemetry';
import { type Newsroom, startNewsroom, startTestRedis, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backpressure } from './backpressure';
import { loadFeedsFile } from './feeds-file';
import { newestItems, pollFeed } from './poll-feed';

describe('poll-feed against a local newsroom and a real Redis', () => {
  let server: TestServer;
  let redis: Redis;
  let newsroom: Newsroom;
  let queues: Queues;
  let registry: FeedRegistry;
  let poll: ReturnType<typeof pollFeed>;
  let prefix: string;
  const http = new HttpClient({ userAgent: 'test', allowPrivateNetworks: true, allowedPorts: 'any' });
  const parser = new FeedPool({ threads: 1, timeoutMs: 30_000 });
  const logger = createLogger('test', 'silent');
  const context = { id: 'j', attempt: 1, logger };
  const bounds = { minSeconds: 60, maxSeconds: 3600, pauseAfterMs: 24 * 3600 * 1000 };

  beforeAll(async () => {
    [server, newsroom] = await Promise.all([startTestRedis(), startNewsroom()]);
    redis = createRedis(server.url, 'test');
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    registry = new FeedRegistry(redis, queues, prefix);
    poll = pollFeed({
      registry,
      seen: new SeenItems(redis, prefix),
      queues,
      http,
      parser,
      bounds,
      maxItemsPerPoll: 1000,
    });
  });
  afterAll(async () => {
    await queues.close();
    await Promise.all([http.close(), parser.close()]);
    redis.disconnect();
    await Promise.all([server.stop(), newsroom.close()]);
  });

  const add = async (url: string) =>
    (await registry.register({ id: feedIdFor(url), url, defaultIntervalSeconds: 600 })).feed;

  it("spaces one poll's items at the host's politeness interval, so hosts interleave in the queue", async () => {
    const spacedPrefix = `t-${randomUUID()}`;
    const spacedQueues = new Queues(redis, spacedPrefix);
    const spacedRegistry = new FeedRegistry(redis, spacedQueues, spacedPrefix);
    const spaced = pollFeed({
      registry: spacedRegistry,
      seen: new SeenItems(redis, spacedPrefix),
      queues: spacedQueues,
      http,
      parser,
      bounds,
      maxItemsPerPoll: 1000,
      itemSpacingMs: 500,
    });
    const source = newsroom.feeds.find((f) => f.site === 'metro-wire')!;
    const { feed } = await spacedRegistry.register({
      id: feedIdFor(source.url),
      url: source.url,
      defaultIntervalSeconds: 600,
    });
    const outcome = await spaced({ feedId: feed.id }, context);
    const count = newsroom.articles.filter((a) => a.site === source.site).length;
    expect(outcome.log).toMatchObject({ new_items: count });
    // The first is due now, the others 0.5 s apart.
    expect(await spacedQueues.queue('articles').getWaitingCount()).toBe(1);
    const delays = (await spacedQueues.queue('articles').getDelayed())
      .map((j) => j.opts.delay)
      .sort((a, b) => a! - b!);
    expect(delays).toEqual(Array.from({ length: count - 1 }, (_, i) => (i + 1) * 500));
    await spacedQueues.close();
  });

  it('queues one parse job per article, canonical and deduped, then polls conditionally', async () => {
    const source = newsroom.feeds.find((f) => f.site === 'daily-planet')!;
    const feed = await add(source.url);
    const answered: string[] = [];
    const poll = pollFeed({
      registry,
      seen: new SeenItems(redis, prefix),
      queues,
      http,
      parser,
      bounds,
      maxItemsPerPoll: 1000,
      hostAnswered: (host) => answered.push(host),
    });
    const outcome = await poll({ feedId: feed.id }, context);
    const articles = newsroom.articles.filter((a) => a.site === source.site);
    expect(outcome.log).toMatchObject({ new_items: articles.length });

    const jobs = await queues.queue('articles').getWaiting();
    expect(jobs.map((j) => j.id).sort()).toEqual(
      articles.map((a) => articleIdFor(canonicalUrl(a.url))).sort(),
    );
    for (const job of jobs) expect(job.data.url).not.toContain('utm_');
    expect(jobs.find((j) => j.data.url === articles[0]!.url)?.data.item.title).toBe(articles[0]!.title);

    // Unchanged feed: a 304, nothing queued.
    expect((await poll({ feedId: feed.id }, context)).reason).toBe('not modified');
    // Both answers showed the site up, for the replay of its articles' dead letters.
    expect(answered).toEqual([new URL(source.url).host, new URL(source.url).host]);
    // Changed feed: only the new article.
    const fresh = newsroom.publish(source.site);
    expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({ new_items: 1 });
    expect(await queues.queue('articles').getJob(articleIdFor(fresh.url))).toBeDefined();
    const healthy = await registry.get(feed.id);
    expect(healthy).toMatchObject({
      lastStatus: 'ok',
      itemsSeen: articles.length + 1,
      consecutiveFailures: 0,
    });
    // The newsroom's items are months old: an adaptive feed slows to the maximum interval.
    expect(healthy?.intervalSeconds).toBe(bounds.maxSeconds);
  });

  it('reads the EUC-KR feed whose charset is only in the XML declaration', async () => {
    const source = newsroom.feeds.find((f) => f.charset === 'euc-kr')!;
    const feed = await add(source.url);
    await poll({ feedId: feed.id }, context);
    const article = newsroom.articles.find((a) => a.site === source.site)!;
    const job = await queues.queue('articles').getJob(articleIdFor(canonicalUrl(article.url)));
    expect(job?.data.item.title).toBe(article.title);
  });

  it('records a failing feed and fails permanently on 404', async () => {
    const feed = await add(`${newsroom.url}/no-such-feed.xml`);
    await expect(poll({ feedId: feed.id }, context)).rejects.toBeInstanceOf(PermanentError);
    const failing = await registry.get(feed.id);
    expect(failing).toMatchObject({
      lastStatus: 'error',
      consecutiveFailures: 1,
      lastError: expect.stringContaining('404'),
      paused: false,
    });
    // Backed off: the next poll is later than now, within the first back-off step.
    const wait = Date.parse(failing!.nextPollAt!) - Date.now();
    expect(wait).toBeGreaterThan(250_000);
    expect(wait).toBeLessThanOrEqual(600_000);
  });

  it('pauses a feed that keeps failing past the threshold, and says why', async () => {
    const feed = await add(`${newsroom.url}/still-missing.xml`);
    await redis.hset(`${prefix}:feed:${feed.id}`, {
      failingSince: new Date(Date.now() - 25 * 3600_000).toISOString(),
      consecutiveFailures: '40',
    });
    await expect(poll({ feedId: feed.id }, context)).rejects.toBeInstanceOf(PermanentError);
    const paused = await registry.get(feed.id);
    expect(paused).toMatchObject({
      paused: true,
      nextPollAt: undefined,
      pausedReason: expect.stringMatching(/^failing since .*404/),
    });
  });

  it('records an unparseable feed', async () => {
    const source = newsroom.articles[0]!; // an HTML page, not a feed
    const feed = await add(source.url);
    await expect(poll({ feedId: feed.id }, context)).rejects.toThrow(/feed could not be parsed/);
    expect((await registry.get(feed.id))?.lastError).toMatch(/feed could not be parsed/);
  });

  it('defers polls while the article queue is above its high-water mark', async () => {
    const source = newsroom.feeds[0]!;
    const feed = await add(`${source.url}?backpressure`);
    const held = pollFeed({
      registry,
      seen: new SeenItems(redis, prefix),
      queues,
      http,
      parser,
      bounds,
      maxItemsPerPoll: 1000,
      backpressure: new Backpressure(async () => 10, { highWater: 5, lowWater: 2 }),
    });
    const before = newsroom.requestCount(source.url);
    const err = await held({ feedId: feed.id }, context).catch((e) => e);
    expect(err).toBeInstanceOf(DeferJobError);
    expect(err.message).toMatch(/high-water mark \(10 waiting\)/);
    expect(newsroom.requestCount(source.url)).toBe(before);
    expect((await registry.get(feed.id))?.consecutiveFailures).toBe(0);
  });

  it('skips a feed deleted before its poll ran', async () => {
    expect((await poll({ feedId: 'f'.repeat(32) }, context)).status).toBe('skipped');
  });

  it('registers the feeds of a FEEDS_FILE once, skipping bad entries', async () => {
    const path = join(tmpdir(), `feeds-${randomUUID()}.yaml`);
    writeFileSync(
      path,
      `feeds:\n  - ${newsroom.feeds[1]!.url}\n  - url: https://example.test/rss\n    title: Example\n    intervalSeconds: 60\n  - not a url\n`,
    );
    const first = await loadFeedsFile(path, registry, 300, logger);
    const second = await loadFeedsFile(path, registry, 300, logger);
    expect(first.added).toBe(2);
    expect(second.added).toBe(0);
    expect(await registry.get(feedIdFor('https://example.test/rss'))).toMatchObject({
      title: 'Example',
      intervalSeconds: 60,
    });
  });

  describe('a feed whose items change', () => {
    let server: Server;
    let body = '';
    let feedUrl = '';
    const rss = (items: Array<{ guid: string; link: string; title: string }>) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Mutable</title><link>http://x.test/</link>${items
        .map(
          (i) =>
            `<item><guid isPermaLink="false">${i.guid}</guid><link>${i.link}</link><title>${i.title}</title><pubDate>${new Date().toUTCString()}</pubDate></item>`,
        )
        .join('')}</channel></rss>`;

    beforeAll(async () => {
      server = createServer((_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=1800' })
          .end(body),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('records a feed with no items yet as a successful poll', async () => {
      const feed = await add(`${feedUrl}?empty`);
      for (const empty of [
        '<rss version="2.0"><channel><title>Soon</title></channel></rss>',
        '<rss></rss>',
      ]) {
        body = empty;
        expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
          new_items: 0,
          updated_items: 0,
        });
        expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'ok', consecutiveFailures: 0 });
      }
    });

    it('queues a changed item again as the same article, and follows a GUID whose link moved', async () => {
      const feed = await add(feedUrl);
      const first = `${feedUrl.replace('/feed.xml', '')}/story-1`;
      body = rss([{ guid: 'g1', link: first, title: 'First title' }]);
      expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
        new_items: 1,
        updated_items: 0,
      });
      const id = articleIdFor(first);
      expect(await queues.queue('articles').getJob(id)).toBeDefined();
      await queues.queue('articles').drain();

      expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
        new_items: 0,
        updated_items: 0,
      });

      body = rss([{ guid: 'g1', link: first, title: 'Corrected title' }]);
      expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
        new_items: 0,
        updated_items: 1,
      });
      expect((await queues.queue('articles').getJob(id))?.data.item.title).toBe('Corrected title');
      await queues.queue('articles').drain();

      body = rss([{ guid: 'g1', link: `${first}-moved`, title: 'Corrected title again' }]);
      expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
        new_items: 0,
        updated_items: 1,
      });
      const job = await queues.queue('articles').getJob(id);
      expect(job?.data).toMatchObject({ articleId: id, url: `${first}-moved` });
      expect((await registry.get(feed.id))?.itemsSeen).toBe(1);

      // An edit while the article's last parse still pends (or failed) is not swallowed by the old job.
      body = rss([{ guid: 'g1', link: `${first}-moved`, title: 'Edited while pending' }]);
      expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({ updated_items: 1 });
      expect((await queues.queue('articles').getJob(id))?.data.item.title).toBe('Edited while pending');
      expect(await queues.queue('articles').getWaitingCount()).toBe(1);
    });

    it('does not believe an item date more than a day ahead, for ranking or in the job', async () => {
      const site = feedUrl.replace('/feed.xml', '');
      body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Future</title><link>http://x.test/</link>
        <item><link>${site}/pinned</link><title>Pinned</title><pubDate>Wed, 01 Jan 2200 00:00:00 GMT</pubDate></item>
        <item><link>${site}/recent</link><title>Recent</title><pubDate>${new Date(Date.now() - 3_600_000).toUTCString()}</pubDate></item>
        </channel></rss>`;
      const feed = await add(`${feedUrl}?future`);
      // Only the newest item is taken: the dated one, not the one from 2200.
      const newestOnly = pollFeed({
        registry,
        seen: new SeenItems(redis, prefix),
        queues,
        http,
        parser,
        bounds,
        maxItemsPerPoll: 1,
      });
      await newestOnly({ feedId: feed.id }, context);
      const articles = queues.queue('articles');
      expect(await articles.getJob(articleIdFor(`${site}/recent`))).toBeDefined();
      expect(await articles.getJob(articleIdFor(`${site}/pinned`))).toBeUndefined();
      // Queued by a poll that takes every item, it goes undated: the parser falls back to the page.
      await poll({ feedId: feed.id }, context);
      const pinned = await articles.getJob(articleIdFor(`${site}/pinned`));
      expect(pinned?.data.item).toEqual({ title: 'Pinned' });
      await articles.drain();
    });

    describe('feed-only items (content, no link)', () => {
      const escapeXml = (html: string) => html.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
      const releases = (firstText: string) =>
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Press</title><link>https://press.example.gov/</link>
        <item><title>Release 1</title><guid isPermaLink="false">pr-1</guid><description>${escapeXml(firstText)}</description></item>
        <item><title>No guid</title><description>${escapeXml('<p>Identified by its content</p>')}</description></item>
        <item><title>Title only</title><guid isPermaLink="false">pr-empty</guid></item>
        </channel></rss>`;

      it('queues them without url, with the feed link as site and an id from the guid (else the content), stable across polls', async () => {
        const feed = await add(`${feedUrl}?feed-only`);
        const articles = queues.queue('articles');
        body = releases('<p>First text</p>');
        expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
          new_items: 2,
          updated_items: 0,
        });

        const id = feedItemIdFor(feed.id, 'pr-1');
        const job = await articles.getJob(id);
        expect(job?.data).toMatchObject({
          articleId: id,
          feedId: feed.id,
          site: 'https://press.example.gov/',
          item: { guid: 'pr-1', title: 'Release 1', content: '<p>First text</p>' },
        });
        expect(job?.data).not.toHaveProperty('url');
        const hashed = (await articles.getWaiting()).find((j) => j.data.item.title === 'No guid');
        expect(hashed?.data).toMatchObject({
          feedId: feed.id,
          item: { content: '<p>Identified by its content</p>' },
        });
        expect(hashed?.data).not.toHaveProperty('url');
        expect(hashed?.id).not.toBe(id);
        // Neither link nor content: nothing to index, no job.
        expect(await articles.getJob(feedItemIdFor(feed.id, 'pr-empty'))).toBeUndefined();
        await articles.drain();

        // The same feed again: both items keep their ids, so nothing is new.
        expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
          new_items: 0,
          updated_items: 0,
        });

        // Changed content: the same article, updated.
        body = releases('<p>Corrected text</p>');
        expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({
          new_items: 0,
          updated_items: 1,
        });
        expect((await articles.getJob(id))?.data.item.content).toBe('<p>Corrected text</p>');
        await articles.drain();
      });

      it('caps the content a job carries at maxItemContentBytes, closing what the cut left open', async () => {
        const feed = await add(`${feedUrl}?capped`);
        const capped = pollFeed({
          registry,
          seen: new SeenItems(redis, prefix),
          queues,
          http,
          parser,
          bounds,
          maxItemsPerPoll: 1000,
          maxItemContentBytes: 64,
        });
        const long = `<p>${'word '.repeat(100).trim()}</p>`;
        body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Long</title><link>https://long.example.com/</link>
          <item><title>Long</title><guid isPermaLink="false">long-1</guid><description>${escapeXml(long)}</description></item>
          <item><title>Short</title><guid isPermaLink="false">short-1</guid><description>${escapeXml('<p>short</p>')}</description></item>
          </channel></rss>`;
        await capped({ feedId: feed.id }, context);
        const articles = queues.queue('articles');
        const content = (await articles.getJob(feedItemIdFor(feed.id, 'long-1')))?.data.item.content ?? '';
        expect(content).toMatch(/^<p>word word .*word<\/p>$/);
        expect(Buffer.byteLength(content)).toBeLessThanOrEqual(64 + '</p>'.length);
        expect((await articles.getJob(feedItemIdFor(feed.id, 'short-1')))?.data.item.content).toBe(
          '<p>short</p>',
        );
        await articles.drain();
      });
    });

    it('never polls sooner than Cache-Control max-age asks', async () => {
      const feed = (
        await registry.register({
          id: feedIdFor(`${feedUrl}?fixed`),
          url: `${feedUrl}?fixed`,
          intervalSeconds: 60,
          defaultIntervalSeconds: 60,
        })
      ).feed;
      await poll({ feedId: feed.id }, context);
      const next = Date.parse((await registry.get(feed.id))!.nextPollAt!) - Date.now();
      expect(next).toBeGreaterThan(1700_000);
    });
  });
});

describe('newestItems', () => {
  const at = (title: string, publishedAt?: string) => ({
    title,
    link: `https://x.test/${title}`,
    ...(publishedAt ? { publishedAt } : {}),
  });
  it.each([
    ['keeps a small feed as it is', [at('a'), at('b')], 3, ['a', 'b']],
    [
      'takes the newest by date, whatever the feed order',
      [
        at('old', '2026-01-01T00:00:00Z'),
        at('new', '2026-03-01T00:00:00Z'),
        at('mid', '2026-02-01T00:00:00Z'),
      ],
      2,
      ['new', 'mid'],
    ],
    [
      'puts undated items after dated ones, in feed order',
      [at('u1'), at('d', '2026-01-01T00:00:00Z'), at('u2'), at('u3')],
      3,
      ['d', 'u1', 'u2'],
    ],
  ])('%s', (_name, items, max, titles) => {
    expect(newestItems(items, max).map((i) => i.title)).toEqual(titles);
  });
});
