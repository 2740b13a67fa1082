import { escapeText } from 'entities';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOILERPLATE, type Newsroom, startNewsroom } from '.';

const decode = (bytes: ArrayBuffer, charset: string): string =>
  charset === 'euc-kr' ? iconv.decode(Buffer.from(bytes), 'cp949') : new TextDecoder().decode(bytes);

async function getText(url: string, charset: string): Promise<{ response: Response; text: string }> {
  const response = await fetch(url);
  return { response, text: decode(await response.arrayBuffer(), charset) };
}

const parser = new Parser({ defaultRSS: 2 });

describe('startNewsroom', () => {
  let newsroom: Newsroom;
  beforeAll(async () => {
    // Six articles per site puts every photo caption on some page.
    newsroom = await startNewsroom({ articlesPerSite: 6, seed: 7 });
  });
  afterAll(() => newsroom.close());

  it('listens on loopback and describes its three sites', () => {
    expect(newsroom.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(
      newsroom.feeds.map(({ site, format, charset, language }) => ({ site, format, charset, language })),
    ).toEqual([
      { site: 'daily-planet', format: 'rss', charset: 'utf-8', language: 'en' },
      { site: 'metro-wire', format: 'atom', charset: 'utf-8', language: 'en' },
      { site: 'hankyung-ilbo', format: 'rss', charset: 'euc-kr', language: 'ko' },
    ]);
    expect(newsroom.articles).toHaveLength(18);
  });

  it.each([
    ['daily-planet', 'application/rss+xml; charset=utf-8'],
    ['metro-wire', 'application/atom+xml; charset=utf-8'],
    ['hankyung-ilbo', 'application/rss+xml'],
  ])('serves the %s feed, newest first, parseable by rss-parser', async (site, contentType) => {
    const feed = newsroom.feeds.find((candidate) => candidate.site === site)!;
    const { response, text } = await getText(feed.url, feed.charset);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    const parsed = await parser.parseString(text);
    const expected = newsroom.articles.filter((article) => article.site === site).reverse();
    expect(parsed.items.map((item) => item.title)).toEqual(expected.map((article) => article.title));
    expect(parsed.items.map((item) => new Date(item.isoDate!).toISOString())).toEqual(
      expected.map((article) => article.publishedAt),
    );
    for (const item of parsed.items) {
      expect(item.guid ?? item.id).toBeTruthy();
      expect(item.contentSnippet ?? item.summary).toBeTruthy();
    }
  });

  it('adds tracking parameters to daily-planet links only, and omits content:encoded there', async () => {
    const links = async (site: string) => {
      const feed = newsroom.feeds.find((candidate) => candidate.site === site)!;
      const parsed = await parser.parseString((await getText(feed.url, feed.charset)).text);
      return { parsed, text: (await getText(feed.url, feed.charset)).text };
    };
    const daily = await links('daily-planet');
    const dailyArticles = newsroom.articles.filter((article) => article.site === 'daily-planet').reverse();
    expect(daily.parsed.items.map((item) => item.link)).toEqual(
      dailyArticles.map((article) => `${article.url}?utm_source=rss&utm_medium=feed`),
    );
    expect(daily.text).not.toContain('content:encoded');
    const metro = await links('metro-wire');
    const metroArticles = newsroom.articles.filter((article) => article.site === 'metro-wire').reverse();
    expect(metro.parsed.items.map((item) => item.link)).toEqual(metroArticles.map((article) => article.url));
  });

  it('serves the Korean feed as CP949 bytes with the charset only in the XML declaration', async () => {
    const feed = newsroom.feeds.find((candidate) => candidate.site === 'hankyung-ilbo')!;
    const response = await fetch(feed.url);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-type')).not.toMatch(/charset/i);
    expect(bytes.subarray(0, 40).toString('latin1')).toBe('<?xml version="1.0" encoding="euc-kr"?>\n');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'cp949');
    for (const article of newsroom.articles.filter((candidate) => candidate.site === 'hankyung-ilbo')) {
      expect(text).toContain(article.title);
    }
  });

  it('serves Korean pages as CP949 with the charset only in <meta http-equiv>, including CP949-only syllables', async () => {
    const korean = newsroom.articles.filter((article) => article.site === 'hankyung-ilbo');
    for (const article of korean) {
      const response = await fetch(article.url);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.headers.get('content-type')).toBe('text/html');
      const html = iconv.decode(bytes, 'cp949');
      expect(html).toContain('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">');
      expect(html).not.toMatch(/<meta charset/i);
      for (const paragraph of article.paragraphs) expect(html).toContain(paragraph);
      expect(article.paragraphs.join(' ')).toMatch(/[똠햏]/);
      // A decoder limited to KS X 1001 (plain EUC-KR) cannot read these syllables.
      expect(new TextDecoder('euc-kr').decode(bytes)).not.toBe(html);
    }
    expect(iconv.encode('똠', 'cp949')[0]).toBeLessThan(0xa1);
  });

  it('answers conditional GETs with 304 and no body', async () => {
    for (const feed of newsroom.feeds) {
      const first = await fetch(feed.url);
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^"[0-9a-f]+"$/);
      expect(new Date(lastModified).getTime()).toBeGreaterThan(0);

      const table: Array<[string, Record<string, string>, number]> = [
        ['matching ETag', { 'If-None-Match': etag }, 304],
        ['matching weak ETag in a list', { 'If-None-Match': `"other", W/${etag}` }, 304],
        // WHATWG fetch sends this along with conditional headers; an origin still answers 304.
        [
          'matching ETag with Cache-Control: no-cache',
          { 'If-None-Match': etag, 'Cache-Control': 'no-cache' },
          304,
        ],
        [
          'stale ETag wins over a matching date',
          { 'If-None-Match': '"stale"', 'If-Modified-Since': lastModified },
          200,
        ],
        ['same Last-Modified', { 'If-Modified-Since': lastModified }, 304],
        ['stale ETag', { 'If-None-Match': '"stale"' }, 200],
        [
          'older Last-Modified',
          { 'If-Modified-Since': new Date(Date.parse(lastModified) - 60_000).toUTCString() },
          200,
        ],
      ];
      for (const [name, headers, status] of table) {
        const response = await fetch(feed.url, { headers });
        const body = await response.arrayBuffer();
        expect({ name, status: response.status }).toEqual({ name, status });
        if (status === 304) expect(body.byteLength).toBe(0);
      }
    }
  });

  it('renders pages with their body and every boilerplate phrase of the language', async () => {
    const seen = { en: new Set<string>(), ko: new Set<string>() };
    for (const article of newsroom.articles) {
      const feed = newsroom.feeds.find((candidate) => candidate.site === article.site)!;
      const { response, text: html } = await getText(article.url, feed.charset);
      expect(response.status).toBe(200);
      expect(html).toContain(
        `<h1 class="${article.site === 'daily-planet' ? 'headline' : article.site === 'metro-wire' ? 'story-title' : 'article-title'}">${escapeText(article.title)}</h1>`,
      );
      expect(html).toContain(`<link rel="canonical" href="${article.url}">`);
      expect(article.paragraphs.length).toBeGreaterThanOrEqual(4);
      expect(article.paragraphs.length).toBeLessThanOrEqual(8);
      for (const paragraph of article.paragraphs) expect(html).toContain(`<p>${escapeText(paragraph)}</p>`);
      expect(html).toContain('<figcaption');
      for (const phrase of BOILERPLATE[article.language])
        if (html.includes(phrase)) seen[article.language].add(phrase);
    }
    expect([...seen.en].sort()).toEqual([...BOILERPLATE.en].sort());
    expect([...seen.ko].sort()).toEqual([...BOILERPLATE.ko].sort());
  });

  it('gives each site its own metadata style', async () => {
    const pageOf = async (site: string) => {
      const article = newsroom.articles.find((candidate) => candidate.site === site)!;
      const feed = newsroom.feeds.find((candidate) => candidate.site === site)!;
      return { article, html: (await getText(article.url, feed.charset)).text };
    };
    const daily = await pageOf('daily-planet');
    expect(daily.html).toContain('<article class="story">');
    expect(daily.html).not.toContain('og:');

    const metro = await pageOf('metro-wire');
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(metro.html)![1]!);
    expect(jsonLd).toMatchObject({
      '@type': 'NewsArticle',
      headline: metro.article.title,
      datePublished: metro.article.publishedAt,
    });
    expect(metro.html).toContain('<meta property="og:site_name" content="Metro Wire">');
    expect(metro.html).toContain(
      `<meta property="article:published_time" content="${metro.article.publishedAt}">`,
    );
    expect(metro.html).toContain('<div class="story-body"');

    const korean = await pageOf('hankyung-ilbo');
    expect(korean.html).toContain('<div class="article-body"');
    expect(korean.html).toMatch(
      /<meta property="article:published_time" content="\d{4}-\d\d-\d\dT\d\d:\d\d:00\+09:00">/,
    );
    expect(korean.html).toContain('사진=연합뉴스');
  });

  it('keeps each keyword unique, in the body once, and out of titles and boilerplate', () => {
    const articles = newsroom.articles;
    expect(new Set(articles.map((article) => article.keyword)).size).toBe(articles.length);
    expect(new Set(articles.map((article) => article.title)).size).toBe(articles.length);
    for (const article of articles) {
      const body = article.paragraphs.join('\n');
      expect(body.split(article.keyword)).toHaveLength(2);
      expect(article.title).not.toContain(article.keyword);
      for (const other of articles) if (other !== article) expect(body).not.toContain(other.keyword);
      for (const phrase of BOILERPLATE[article.language]) {
        expect(`${article.title}\n${body}`).not.toContain(phrase);
      }
    }
  });

  it('serves a page under its tracking-parameter link, and 404 for unknown paths', async () => {
    const article = newsroom.articles.find((candidate) => candidate.site === 'daily-planet')!;
    const path = new URL(article.url).pathname;
    const before = newsroom.requestCount(path);
    const tracked = await fetch(`${article.url}?utm_source=rss&utm_medium=feed`);
    await tracked.arrayBuffer();
    expect(tracked.status).toBe(200);
    expect(newsroom.requestCount(path)).toBe(before + 1);
    expect(newsroom.requestCount(article.url)).toBe(before + 1);

    for (const unknown of [
      '/nope',
      '/daily-planet/news/2026/01/15/nope',
      '/hankyung-ilbo/news/articleView.html?idxno=1',
    ]) {
      const response = await fetch(newsroom.url + unknown);
      await response.arrayBuffer();
      expect(response.status).toBe(404);
    }
    expect(newsroom.requestCount('/hankyung-ilbo/news/articleView.html?idxno=1')).toBe(1);
    expect(newsroom.requestCount('/hankyung-ilbo/news/articleView.html?idxno=2')).toBe(0);

    const head = await fetch(newsroom.feeds[0]!.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBeTruthy();
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const post = await fetch(newsroom.feeds[0]!.url, { method: 'POST' });
    await post.arrayBuffer();
    expect(post.status).toBe(405);
  });
});

describe('publish', () => {
  it('puts a new article at the top of the feed and changes the validators', async () => {
    const newsroom = await startNewsroom({ seed: 3 });
    try {
      const feed = newsroom.feeds.find((candidate) => candidate.site === 'metro-wire')!;
      const before = await fetch(feed.url);
      await before.arrayBuffer();
      const etag = before.headers.get('etag')!;

      const article = newsroom.publish('metro-wire');
      expect(newsroom.articles).toHaveLength(10);
      expect(newsroom.articles).toContainEqual(article);

      const revalidated = await fetch(feed.url, { headers: { 'If-None-Match': etag } });
      expect(revalidated.status).toBe(200);
      expect(revalidated.headers.get('etag')).not.toBe(etag);
      expect(Date.parse(revalidated.headers.get('last-modified')!)).toBeGreaterThan(
        Date.parse(before.headers.get('last-modified')!),
      );
      const parsed = await parser.parseString(await revalidated.text());
      expect(parsed.items).toHaveLength(4);
      expect(parsed.items[0]).toMatchObject({ title: article.title, link: article.url });

      const page = await fetch(article.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(article.keyword);
      expect(() => newsroom.publish('no-such-site')).toThrow(/unknown newsroom site/);
    } finally {
      await newsroom.close();
    }
  });
});

describe('revise', () => {
  it('edits an article in place: a marked headline in its feed item and on its page, new validators', async () => {
    const newsroom = await startNewsroom({ seed: 3 });
    try {
      const original = newsroom.articles[4]!;
      const feed = newsroom.feeds[original.feed]!;
      const before = await fetch(feed.url);
      await before.arrayBuffer();
      const etag = before.headers.get('etag')!;
      expect(await (await fetch(original.url)).text()).toContain(original.title);

      const revised = newsroom.revise(original.url);
      const again = newsroom.revise(original.url);
      expect(revised.url).toBe(original.url);
      expect(again).toMatchObject({ url: original.url, revision: 2, title: `${original.title} [revised 2]` });
      expect(newsroom.articles[4]).toEqual(again);
      expect(newsroom.articles).toHaveLength(9);

      const revalidated = await fetch(feed.url, { headers: { 'If-None-Match': etag } });
      expect(revalidated.status).toBe(200);
      const parsed = await parser.parseString(await revalidated.text());
      expect(parsed.items.find((item) => item.link === original.url)?.title).toBe(again.title);
      const page = await (await fetch(original.url)).text();
      expect(page).toContain(again.title);
      expect(page).toContain(original.keyword);
      expect(() => newsroom.revise(`${newsroom.url}/no-such-page`)).toThrow(/no article at/);
    } finally {
      await newsroom.close();
    }
  });
});

describe('determinism', () => {
  it('generates the same articles and bytes for the same seed, and different ones for another seed', async () => {
    const snapshot = async (seed: number) => {
      const newsroom = await startNewsroom({ seed, articlesPerSite: 2 });
      try {
        newsroom.publish('hankyung-ilbo');
        const local = (text: string) =>
          text
            .replaceAll(newsroom.url, 'http://newsroom')
            .replaceAll(encodeURIComponent(newsroom.url), 'http%3A%2F%2Fnewsroom');
        const feeds = await Promise.all(
          newsroom.feeds.map(async (feed) =>
            Buffer.from(await (await fetch(feed.url)).arrayBuffer()).toString('base64'),
          ),
        );
        const pages = await Promise.all(
          newsroom.articles.map(async (article) =>
            Buffer.from(await (await fetch(article.url)).arrayBuffer()).toString('latin1'),
          ),
        );
        return {
          articles: local(JSON.stringify(newsroom.articles)),
          feeds: feeds.map((feed) => local(Buffer.from(feed, 'base64').toString('latin1'))),
          pages: pages.map(local),
        };
      } finally {
        await newsroom.close();
      }
    };
    const first = await snapshot(42);
    const second = await snapshot(42);
    expect(second).toEqual(first);
    const other = await snapshot(43);
    expect(other.articles).not.toEqual(first.articles);
  });
});

describe('scale of the classic sites', () => {
  it('finds every article a page of its own when headlines repeat (long slugs are cut in the middle)', async () => {
    // 300 a site repeats the story book's headlines; cut at the end, their "update N" slugs collided for good.
    const newsroom = await startNewsroom({ articlesPerSite: 300 });
    try {
      const urls = newsroom.articles.map((a) => a.url);
      expect(urls).toHaveLength(900);
      expect(new Set(urls).size).toBe(900);
      const slugs = newsroom.articles
        .filter((a) => a.site === 'daily-planet')
        .map((a) => a.url.split('/').at(-1)!);
      expect(Math.max(...slugs.map((slug) => slug.length))).toBeLessThanOrEqual(72);
      expect(slugs.some((slug) => slug.endsWith('-update-2'))).toBe(true);
    } finally {
      await newsroom.close();
    }
  });
});
