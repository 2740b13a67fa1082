import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Newsroom, startNewsroom } from '.';

// The bench's newsroom at a small scale: generated publishers on several loopback hosts.
// (These were the hand-run checks of apps/bench's newsroom-check.ts.)
describe('startNewsroom with generated publishers', () => {
  let newsroom: Newsroom;
  const options = {
    sites: 10,
    hosts: 10,
    feeds: 20,
    articles: 120,
    startMs: Date.UTC(2026, 10, 27),
    seed: 5,
  };
  beforeAll(async () => {
    newsroom = await startNewsroom(options);
  });
  afterAll(() => newsroom.close());

  it('spreads sites over 127.0.x.y hosts and feeds over formats and charsets', () => {
    const hosts = new Set(newsroom.feeds.map((feed) => new URL(feed.url).hostname));
    expect(hosts.size).toBe(10);
    for (const host of hosts) expect(host).toMatch(/^127\.0\.1\.\d+$/);
    expect(new Set(newsroom.feeds.map((feed) => feed.format))).toEqual(new Set(['rss', 'atom', 'json']));
    expect(new Set(newsroom.feeds.map((feed) => feed.charset))).toEqual(new Set(['utf-8', 'euc-kr']));
    expect(new Set(newsroom.articles.map((article) => article.language))).toEqual(new Set(['en', 'ko']));
  });

  it('serves every feed newest first, then 304 to both validators', async () => {
    for (const [f, feed] of newsroom.feeds.entries()) {
      const first = await fetch(feed.url);
      const bytes = Buffer.from(await first.arrayBuffer());
      const text = iconv.decode(bytes, feed.charset === 'euc-kr' ? 'cp949' : 'utf8');
      const own = newsroom.articles.filter((article) => article.feed === f);
      expect(first.status).toBe(200);
      expect(text.indexOf(own.at(-1)!.url)).toBeLessThan(text.indexOf(own[0]!.url));
      if (feed.charset === 'euc-kr')
        expect(text.startsWith('<?xml version="1.0" encoding="euc-kr"?>')).toBe(true);
      const etag = first.headers.get('etag')!;
      const again = await fetch(feed.url, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
      const since = await fetch(feed.url, {
        headers: { 'If-Modified-Since': first.headers.get('last-modified')! },
      });
      expect(since.status).toBe(304);
    }
    const stats = newsroom.stats();
    expect(stats.feed200).toBeGreaterThanOrEqual(20);
    expect(stats.feed304).toBeGreaterThanOrEqual(40);
  });

  it('serves 50–150 KB pages holding their keyword once, the same bytes pageBytes gives', async () => {
    for (const article of newsroom.articles.slice(0, 12)) {
      const response = await fetch(article.url);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(newsroom.pageBytes(article.url))).toBe(true);
      expect(bytes.length).toBeGreaterThanOrEqual(54 * 1024);
      expect(bytes.length).toBeLessThanOrEqual(147 * 1024);
      const html = iconv.decode(bytes, article.charset === 'euc-kr' ? 'cp949' : 'utf8');
      expect(html.split(article.keyword)).toHaveLength(2);
      expect(html).not.toContain('\ufffd');
      for (const paragraph of article.paragraphs.slice(0, 3)) expect(html).toContain(paragraph.slice(0, 40));
      if (article.charset === 'euc-kr') {
        expect(html).toContain('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">');
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      }
    }
    expect(newsroom.stats().pages).toBe(12);
  });

  it('publishes on the next feed round-robin, on top of that feed', async () => {
    const article = newsroom.publish();
    expect(article.feed).toBe(120 % 20);
    const feed = newsroom.feeds[article.feed]!;
    const text = iconv.decode(
      Buffer.from(await (await fetch(feed.url)).arrayBuffer()),
      feed.charset === 'euc-kr' ? 'cp949' : 'utf8',
    );
    const others = newsroom.articles.filter((other) => other.feed === article.feed && other !== article);
    expect(text.indexOf(article.url)).toBeGreaterThan(0);
    expect(text.indexOf(article.url)).toBeLessThan(text.indexOf(others.at(-1)!.url));
  });

  it('rebuilds the same bytes from the same seed and start time, and other bytes from another seed', async () => {
    const again = await startNewsroom(options);
    const other = await startNewsroom({ ...options, seed: 6 });
    try {
      // The port differs between runs; everything else must not.
      const local = (room: Newsroom, url: string) =>
        room
          .pageBytes(url)
          .toString('latin1')
          .replaceAll(`:${new URL(room.url).port}`, ':PORT')
          .replaceAll(`%3A${new URL(room.url).port}`, '%3APORT');
      for (const [i, article] of newsroom.articles.slice(0, 5).entries()) {
        expect(local(again, again.articles[i]!.url)).toBe(local(newsroom, article.url));
        expect(local(other, other.articles[i]!.url)).not.toBe(local(newsroom, article.url));
      }
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});
