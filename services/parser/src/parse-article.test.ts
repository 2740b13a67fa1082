import { randomUUID } from 'node:crypto';
import { articleIdFor } from '@tidings/contracts';
import { ExtractPool } from '@tidings/extract';
import { HttpClient } from '@tidings/http';
import { createRedis, PermanentError, Queues, type Redis } from '@tidings/queue';
import { StoryIndex } from '@tidings/stories';
import { createLogger } from '@tidings/telemetry';
import { BOILERPLATE, type Newsroom, startNewsroom, startTestRedis, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle, toDocument } from './parse-article';
import { SiteRuleBook } from './site-rules';

describe('parse-article against a local newsroom and a real Redis', () => {
  let server: TestServer;
  let redis: Redis;
  let newsroom: Newsroom;
  let queues: Queues;
  let parse: ReturnType<typeof parseArticle>;
  let extractor: ExtractPool;
  const http = new HttpClient({ userAgent: 'test', allowPrivateNetworks: true, allowedPorts: 'any' });
  const context = { id: 'j', attempt: 1, logger: createLogger('test', 'silent') };
  const discoveredAt = '2026-11-27T10:00:00.000Z';

  beforeAll(async () => {
    [server, newsroom] = await Promise.all([startTestRedis(), startNewsroom()]);
    redis = createRedis(server.url, 'test');
    const prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    extractor = new ExtractPool({ threads: 1, timeoutMs: 30_000 });
    const stories = new StoryIndex({ redis, prefix });
    parse = parseArticle({ http, queues, extractor, siteRules: SiteRuleBook.empty(), stories });
  });
  afterAll(async () => {
    await queues.close();
    await http.close();
    await extractor.close();
    redis.disconnect();
    await Promise.all([server.stop(), newsroom.close()]);
  });

  const job = (url: string, item = {}) => ({
    articleId: articleIdFor(url),
    url,
    feedId: 'feed',
    discoveredAt,
    item,
  });

  it.each(['daily-planet', 'metro-wire', 'hankyung-ilbo'])(
    'queues a clean document for a %s page',
    async (site) => {
      const article = newsroom.articles.find((a) => a.site === site)!;
      await parse(job(article.url), context);
      const queued = await queues.queue('index').getJob(articleIdFor(article.url));
      const doc = queued!.data.document;
      expect(doc).toMatchObject({
        id: articleIdFor(article.url),
        url: article.url,
        title: article.title,
        language: article.language,
        source: '127.0.0.1',
      });
      expect(doc.publishedAt).toBe(new Date(article.publishedAt).toISOString());
      for (const paragraph of article.paragraphs) expect(doc.text).toContain(paragraph);
      for (const phrase of BOILERPLATE[article.language]) expect(doc.text).not.toContain(phrase);
      expect(doc.captions.length).toBeGreaterThan(0);
      expect(doc.html).not.toMatch(/<script|onerror=/i);
      expect(doc.truncated).toBeUndefined();
    },
  );

  it('caps text and html before queueing, and marks the document truncated', async () => {
    const capped = parseArticle({
      http,
      queues,
      extractor,
      siteRules: SiteRuleBook.empty(),
      stories: new StoryIndex({ redis, prefix: `t-${randomUUID()}` }),
      caps: { maxTextBytes: 300, maxHtmlBytes: 400 },
    });
    const article = newsroom.articles.filter((a) => a.site === 'daily-planet').at(-1)!;
    await capped(job(article.url), context);
    const doc = (await queues.queue('index').getJob(articleIdFor(article.url)))!.data.document;
    expect(doc.truncated).toBe(true);
    expect(Buffer.byteLength(doc.text)).toBeLessThanOrEqual(300);
    expect(doc.text.length).toBeGreaterThan(100);
    // The html cut between tags, closed again: it still ends with a closing tag.
    expect(Buffer.byteLength(doc.html)).toBeLessThanOrEqual(400 + 40);
    expect(doc.html).toMatch(/<\/\w+>$/);
    // The article's own length, not the cut text's.
    expect(doc.wordCount).toBeGreaterThan(doc.text.split(/\s+/).length);
  });

  it("gives the same page republished under a new URL the first one's story", async () => {
    const [article, other] = newsroom.articles.filter((a) => a.site === 'metro-wire');
    const first = article!.url;
    // The same page under another URL: the newsroom answers for any host name.
    const again = first.replace('127.0.0.1', 'localhost');
    for (const url of [first, again, other!.url]) await parse(job(url), context);
    const storyOf = async (url: string) =>
      (await queues.queue('index').getJob(articleIdFor(url)))!.data.document.storyId;
    expect(await storyOf(first)).toBe(articleIdFor(first));
    expect(await storyOf(again)).toBe(articleIdFor(first));
    expect(await storyOf(other!.url)).toBe(articleIdFor(other!.url));
  });

  it('fails permanently on a missing page', async () => {
    await expect(parse(job(`${newsroom.url}/gone.html`), context)).rejects.toBeInstanceOf(PermanentError);
  });

  it('fails transiently when the site is down', async () => {
    const err = await parse(job('http://127.0.0.1:9/down.html'), context).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentError);
  });
});

describe('toDocument', () => {
  const base = {
    articleId: 'a'.repeat(32),
    url: 'https://www.news.test/a',
    feedId: 'f',
    discoveredAt: '2026-11-27T10:00:00.000Z',
  };
  const article = {
    title: '',
    captions: [],
    text: 'body',
    html: '<p>body</p>',
    wordCount: 1,
    textSource: 'page' as const,
  };

  it('falls back to the feed item, then to the discovery time', () => {
    const withItem = toDocument(
      { ...base, item: { title: 'Feed title', publishedAt: '2026-11-26T00:00:00.000Z', author: 'Kim' } },
      article,
    );
    expect(withItem).toMatchObject({
      title: 'Feed title',
      publishedAt: '2026-11-26T00:00:00.000Z',
      byline: 'Kim',
      source: 'news.test',
      language: 'und',
    });
    expect(toDocument({ ...base, item: {} }, article).publishedAt).toBe(base.discoveredAt);
  });

  it('carries the entities found in the worker', () => {
    const entities = { people: ['Ana Ruiz'], places: ['Denver'], organizations: ['Denver Water Board'] };
    expect(toDocument({ ...base, item: {} }, article, entities)).toMatchObject(entities);
    expect(toDocument({ ...base, item: {} }, article)).toMatchObject({
      people: [],
      places: [],
      organizations: [],
    });
  });

  it('prefers what the page says', () => {
    const doc = toDocument(
      { ...base, item: { title: 'Feed title', publishedAt: '2026-11-26T00:00:00.000Z' } },
      { ...article, title: 'Page title', publishedAt: '2026-11-25T09:00:00.000Z', language: 'ko' },
    );
    expect(doc).toMatchObject({
      title: 'Page title',
      publishedAt: '2026-11-25T09:00:00.000Z',
      language: 'ko',
      storyId: base.articleId,
    });
  });

  describe('does not believe a date more than a day after now', () => {
    const now = Date.parse('2026-11-27T12:00:00.000Z');
    const future = '2200-01-01T00:00:00.000Z';
    const tomorrow = '2026-11-28T11:00:00.000Z'; // within the day of tolerance
    const feedDate = '2026-11-26T00:00:00.000Z';
    it.each([
      ['the page date falls back to the feed date', future, feedDate, feedDate],
      ['the page date falls back to discoveredAt', future, undefined, base.discoveredAt],
      ['the feed date falls back to discoveredAt', undefined, '2026-11-28T12:00:01.000Z', base.discoveredAt],
      ['both fall back to discoveredAt', future, future, base.discoveredAt],
      ['a date within the day is kept', tomorrow, feedDate, tomorrow],
    ])('%s', (_name, page, feed, expected) => {
      const doc = toDocument(
        { ...base, item: { publishedAt: feed } },
        { ...article, publishedAt: page },
        undefined,
        now,
      );
      expect(doc.publishedAt).toBe(expected);
    });

    it('drops a future updatedAt', () => {
      const page = { ...article, publishedAt: feedDate };
      expect(
        toDocument({ ...base, item: {} }, { ...page, updatedAt: future }, undefined, now).updatedAt,
      ).toBe(undefined);
      expect(
        toDocument({ ...base, item: {} }, { ...page, updatedAt: tomorrow }, undefined, now).updatedAt,
      ).toBe(tomorrow);
    });
  });
});
