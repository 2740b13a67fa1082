import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleIdFor, feedIdFor } from '@tidings/contracts';
import { canonicalUrl } from '@tidings/feeds';
import { HttpClient } from '@tidings/http';
import { createRedis, FeedRegistry, PermanentError, Queues, type Redis, SeenItems } from '@tidings/queue';
import { createLogger } from '@tidings/telemetry';
import { type Newsroom, startNewsroom, startTestRedis, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFeedsFile } from './feeds-file';
import { pollFeed } from './poll-feed';

describe('poll-feed against a local newsroom and a real Redis', () => {
  let server: TestServer;
  let redis: Redis;
  let newsroom: Newsroom;
  let queues: Queues;
  let registry: FeedRegistry;
  let poll: ReturnType<typeof pollFeed>;
  const http = new HttpClient({ userAgent: 'test', allowPrivateNetworks: true });
  const logger = createLogger('test', 'silent');
  const context = { id: 'j', attempt: 1, logger };

  beforeAll(async () => {
    [server, newsroom] = await Promise.all([startTestRedis(), startNewsroom()]);
    redis = createRedis(server.url, 'test');
    const prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    registry = new FeedRegistry(redis, queues, prefix);
    poll = pollFeed({ registry, seen: new SeenItems(redis, prefix), queues, http });
  });
  afterAll(async () => {
    await queues.close();
    await http.close();
    redis.disconnect();
    await Promise.all([server.stop(), newsroom.close()]);
  });

  const add = async (url: string) => (await registry.register({ id: feedIdFor(url), url, intervalSeconds: 3600 })).feed;

  it('queues one parse job per article, canonical and deduped, then polls conditionally', async () => {
    const source = newsroom.feeds.find((f) => f.site === 'daily-planet')!;
    const feed = await add(source.url);
    const outcome = await poll({ feedId: feed.id }, context);
    const articles = newsroom.articles.filter((a) => a.site === source.site);
    expect(outcome.log).toMatchObject({ new_items: articles.length });

    const jobs = await queues.queue('articles').getWaiting();
    expect(jobs.map((j) => j.id).sort()).toEqual(articles.map((a) => articleIdFor(canonicalUrl(a.url))).sort());
    for (const job of jobs) expect(job.data.url).not.toContain('utm_');
    expect(jobs.find((j) => j.data.url === articles[0]!.url)?.data.item.title).toBe(articles[0]!.title);

    // Unchanged feed: a 304, nothing queued.
    expect((await poll({ feedId: feed.id }, context)).reason).toBe('not modified');
    // Changed feed: only the new article.
    const fresh = newsroom.publish(source.site);
    expect((await poll({ feedId: feed.id }, context)).log).toMatchObject({ new_items: 1 });
    expect(await queues.queue('articles').getJob(articleIdFor(fresh.url))).toBeDefined();
    expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'ok', itemsSeen: articles.length + 1, consecutiveFailures: 0 });
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
    expect(await registry.get(feed.id)).toMatchObject({ lastStatus: 'error', consecutiveFailures: 1, lastError: expect.stringContaining('404') });
  });

  it('records an unparseable feed', async () => {
    const source = newsroom.articles[0]!; // an HTML page, not a feed
    const feed = await add(source.url);
    await expect(poll({ feedId: feed.id }, context)).rejects.toThrow(/feed could not be parsed/);
    expect((await registry.get(feed.id))?.lastError).toMatch(/feed could not be parsed/);
  });

  it('skips a feed deleted before its poll ran', async () => {
    expect((await poll({ feedId: 'f'.repeat(32) }, context)).status).toBe('skipped');
  });

  it('registers the feeds of a FEEDS_FILE once, skipping bad entries', async () => {
    const path = join(tmpdir(), `feeds-${randomUUID()}.yaml`);
    writeFileSync(path, `feeds:\n  - ${newsroom.feeds[1]!.url}\n  - url: https://example.test/rss\n    title: Example\n    intervalSeconds: 60\n  - not a url\n`);
    const first = await loadFeedsFile(path, registry, 300, logger);
    const second = await loadFeedsFile(path, registry, 300, logger);
    expect(first.added).toBe(2);
    expect(second.added).toBe(0);
    expect(await registry.get(feedIdFor('https://example.test/rss'))).toMatchObject({ title: 'Example', intervalSeconds: 60 });
  });
});
