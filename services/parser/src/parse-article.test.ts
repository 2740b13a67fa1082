import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { articleIdFor, feedItemIdFor } from '@tidings/contracts';
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

  it('says the text came from the page', async () => {
    const article = newsroom.articles[0]!;
    await parse(job(article.url, { content: `<p>${article.paragraphs[0]}</p>` }), context);
    const doc = (await queues.queue('index').getJob(articleIdFor(article.url)))!.data.document;
    expect(doc.textSource).toBe('page');
    expect(doc.paywalled).toBeUndefined();
  });
});

describe('the fallback chain: page, then the feed item', () => {
  let server: TestServer;
  let redis: Redis;
  let queues: Queues;
  let site: Server;
  let origin: string;
  let parse: ReturnType<typeof parseArticle>;
  let extractor: ExtractPool;
  const http = new HttpClient({ userAgent: 'test', allowPrivateNetworks: true, allowedPorts: 'any' });
  const context = { id: 'j', attempt: 1, logger: createLogger('test', 'silent') };
  const sources: string[] = [];

  const sentences = [
    'The harbour authority said on Tuesday that the new ferry terminal would open in the spring, two years later than planned.',
    'Officials blamed the delay on a dispute with the builder over the foundations, which had to be dug again after the winter storms.',
    'The chair of the authority, Helen Marsh, told reporters at the quay that the islanders had waited long enough for a proper crossing.',
    'The terminal will handle six crossings a day to the outer islands, and the old pier will become a fish market and a small park.',
    'Fares will stay at last year’s level until the end of the summer, after which the council will review them with the operator.',
  ];
  const feedArticle = sentences.map((s) => `<p>${s} ${s}</p>`).join('');
  const pressRelease = [
    'The city water board announced on Monday that it will replace four thousand lead service pipes over the next three years.',
    'Work begins in March in the northern districts, where the pipes are oldest, and households will be told two weeks ahead.',
    'The board expects to spend about forty million on the programme, half of it from a federal grant awarded last autumn.',
    'Residents can check whether their street is on the list on the board’s website or by calling its customer line.',
  ]
    .map((s) => `<p>${s}</p>`)
    .join('');
  const teaser = `<p>${sentences[0]}</p>`;
  const layout = (head: string, body: string) =>
    `<!doctype html><html lang="en"><head><title>Ferry terminal opens late</title>${head}</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>${body}<footer>© 2026 Harbour Times</footer></body></html>`;
  const pages: Record<string, { status: number; type?: string; body: string }> = {
    '/no-body.html': {
      status: 200,
      body: layout('', '<div class="gallery"><img src="/a.jpg"><img src="/b.jpg"></div>'),
    },
    '/paywalled.html': {
      status: 200,
      body: layout(
        '<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script>',
        `<article><h1>Ferry terminal opens late</h1>${teaser}<div class="paywall"><p>Subscribe to continue reading.</p></div></article>`,
      ),
    },
    '/short.html': {
      status: 200,
      body: layout('', `<article><p>${sentences[0]} ${sentences[1]}</p></article>`),
    },
    '/unavailable.html': { status: 503, body: 'busy' },
    '/report.pdf': { status: 200, type: 'application/pdf', body: '%PDF-1.7 binary' },
  };

  beforeAll(async () => {
    server = await startTestRedis();
    site = createServer((req, res) => {
      const page = pages[new URL(req.url ?? '/', 'http://site.test').pathname];
      res.writeHead(page?.status ?? 404, { 'content-type': page?.type ?? 'text/html; charset=utf-8' });
      res.end(page?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    redis = createRedis(server.url, 'test');
    const prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    extractor = new ExtractPool({ threads: 1, timeoutMs: 30_000 });
    parse = parseArticle({
      http,
      queues,
      extractor,
      siteRules: SiteRuleBook.empty(),
      stories: new StoryIndex({ redis, prefix }),
      textSourceUsed: (source) => sources.push(source),
    });
  });
  afterAll(async () => {
    await queues.close();
    await http.close();
    await extractor.close();
    redis.disconnect();
    site.closeAllConnections();
    await Promise.all([server.stop(), new Promise((resolve) => site.close(resolve))]);
  });

  const item = {
    title: 'Ferry terminal opens two years late',
    publishedAt: '2026-11-26T08:00:00.000Z',
    updatedAt: '2026-11-26T09:30:00.000Z',
    imageUrl: 'https://cdn.harbour.example/ferry.jpg',
    language: 'en',
    content: feedArticle,
  };
  const job = (path: string, hint: Partial<typeof item> = item) => {
    const url = `${origin}${path}`;
    return { articleId: articleIdFor(url), url, feedId: 'feed', site: origin, discoveredAt, item: hint };
  };
  const discoveredAt = '2026-11-27T10:00:00.000Z';
  const queued = async (id: string) => (await queues.queue('index').getJob(id))?.data.document;

  it.each([
    ['a page with no article body', '/no-body.html', undefined],
    ['a paywalled page showing a teaser', '/paywalled.html', true],
    ['a missing page (404)', '/gone.html', undefined],
    ['a page that is not HTML', '/report.pdf', undefined],
    ['a page with under half the feed text', '/short.html', undefined],
  ])('%s is indexed from the feed item', async (_name, path, paywalled) => {
    const payload = job(path);
    const result = await parse(payload, context);
    const doc = await queued(payload.articleId);
    expect(doc).toMatchObject({ url: payload.url, textSource: 'feed', title: item.title, language: 'en' });
    expect(doc!.paywalled).toBe(paywalled);
    expect(doc!.text).toContain('six crossings a day');
    expect(doc!.text).not.toContain('Subscribe');
    expect(result).toMatchObject({ status: 'done', log: { text_source: 'feed' } });
  });

  it('keeps the teaser, flagged, when the feed has no more than the page', async () => {
    const payload = job('/paywalled.html', { ...item, content: teaser });
    await parse(payload, context);
    const doc = await queued(payload.articleId);
    expect(doc).toMatchObject({ textSource: 'page', paywalled: true });
  });

  it.each([
    ['the feed has only a teaser', { ...item, content: teaser }],
    ['the feed has no content', { ...item, content: undefined }],
  ])('fails as EXTRACT when the page has no body and %s', async (name, hint) => {
    const payload = job(`/no-body.html?${encodeURIComponent(name)}`, hint);
    const err = await parse(payload, context).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('EXTRACT');
    expect(await queued(payload.articleId)).toBeUndefined();
  });

  it('keeps the page failure when the feed cannot stand in', async () => {
    const err = await parse(job('/gone.html?teaser', { ...item, content: teaser }), context).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('HTTP_STATUS');
  });

  it('retries a page that is down for now (503) rather than taking the feed', async () => {
    const payload = job('/unavailable.html');
    const err = await parse(payload, context).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentError);
    expect(await queued(payload.articleId)).toBeUndefined();
  });

  it('indexes a feed-only item from its content, without a url, its source the feed site', async () => {
    const payload = {
      articleId: feedItemIdFor('feed', 'urn:press:42'),
      feedId: 'feed',
      site: 'https://www.press.example/releases',
      discoveredAt,
      item: { ...item, guid: 'urn:press:42', content: pressRelease, dateZone: 'Asia/Seoul' },
    };
    const result = await parse(payload, context);
    const doc = await queued(payload.articleId);
    expect(doc).toMatchObject({
      id: payload.articleId,
      source: 'press.example',
      title: item.title,
      textSource: 'feed',
      language: 'en',
      publishedAt: item.publishedAt,
      updatedAt: item.updatedAt,
      dateZone: 'Asia/Seoul',
      leadImage: item.imageUrl,
      storyId: payload.articleId,
    });
    expect(doc).not.toHaveProperty('url');
    expect(doc!.text).toContain('lead service pipes');
    expect(doc!.wordCount).toBeGreaterThan(80);
    expect(result).toMatchObject({ log: { text_source: 'feed' } });
  });

  it('fails a feed-only item whose content is a teaser as EXTRACT', async () => {
    const payload = {
      articleId: feedItemIdFor('feed', 'urn:press:43'),
      feedId: 'feed',
      site: 'https://press.example/',
      discoveredAt,
      item: { title: 'Short note', content: teaser },
    };
    const err = await parse(payload, context).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('EXTRACT');
  });

  it('counts where the text came from', () => {
    expect(sources).toContain('feed');
    expect(sources).toContain('page');
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

  it('leaves url out of a feed-only item and names its source after the feed site', () => {
    const { url: _url, ...feedOnly } = base;
    const doc = toDocument({ ...feedOnly, site: 'https://www.press.test/news', item: {} }, article);
    expect(doc).not.toHaveProperty('url');
    expect(doc.source).toBe('press.test');
    expect(() => toDocument({ ...feedOnly, item: {} }, article)).toThrow(PermanentError);
  });

  it("takes the feed item's image when the article has none", () => {
    const imageUrl = 'https://cdn.news.test/a.jpg';
    expect(toDocument({ ...base, item: { imageUrl } }, article).leadImage).toBe(imageUrl);
    expect(
      toDocument({ ...base, item: { imageUrl } }, { ...article, leadImage: 'https://news.test/p.jpg' })
        .leadImage,
    ).toBe('https://news.test/p.jpg');
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

  describe('dateZone follows the date publishedAt came from', () => {
    const now = Date.parse('2026-11-27T12:00:00.000Z');
    const future = '2200-01-01T00:00:00.000Z';
    const pageDate = { publishedAt: '2026-11-25T06:30:00.000Z', dateZone: 'Asia/Seoul' };
    const feedDate = { publishedAt: '2026-11-26T06:30:00.000Z', dateZone: '+09:00' };
    it.each([
      ["the page's date and zone", pageDate, feedDate, pageDate],
      [
        "the page's date stated its zone: none, though the feed's had one",
        { publishedAt: pageDate.publishedAt },
        feedDate,
        { publishedAt: pageDate.publishedAt, dateZone: undefined },
      ],
      ["no page date: the feed's date and zone", {}, feedDate, feedDate],
      [
        "a future page date: the feed's date and zone",
        { publishedAt: future, dateZone: 'UTC' },
        feedDate,
        feedDate,
      ],
      [
        'no date at all: discoveredAt, no zone',
        { dateZone: 'UTC' },
        { dateZone: 'UTC' },
        { publishedAt: base.discoveredAt, dateZone: undefined },
      ],
    ])('%s', (_name, page, feed, expected) => {
      const doc = toDocument({ ...base, item: feed }, { ...article, ...page }, undefined, now);
      expect({ publishedAt: doc.publishedAt, dateZone: doc.dateZone }).toEqual(expected);
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
