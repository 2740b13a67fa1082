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
    expect(newsroom.feeds.every((feed) => feed.validators)).toBe(true);
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

describe('startNewsroom with validatorlessShare', () => {
  it('serves that share of feeds without validators, 200 to every conditional GET; the others 304', async () => {
    const newsroom = await startNewsroom({
      sites: 2,
      hosts: 2,
      feeds: 6,
      articles: 18,
      validatorlessShare: 0.5,
    });
    try {
      expect(newsroom.feeds.map((feed) => feed.validators)).toEqual([true, false, true, false, true, false]);
      for (const feed of newsroom.feeds) {
        const first = await fetch(feed.url);
        const body = Buffer.from(await first.arrayBuffer());
        expect(first.status).toBe(200);
        const etag = first.headers.get('etag');
        const lastModified = first.headers.get('last-modified');
        // What a poller sends after its first poll, or the strongest match there is when it has nothing.
        const conditional = {
          'If-None-Match': etag ?? '*',
          'If-Modified-Since': lastModified ?? new Date(Date.now() + 86_400_000).toUTCString(),
        };
        const again = await fetch(feed.url, { headers: conditional });
        const againBody = Buffer.from(await again.arrayBuffer());
        if (feed.validators) {
          expect(etag).toMatch(/^"[0-9a-f]+"$/);
          expect(lastModified).toBeTruthy();
          expect(again.status).toBe(304);
          expect(againBody.length).toBe(0);
        } else {
          expect(etag).toBeNull();
          expect(lastModified).toBeNull();
          expect(again.status).toBe(200);
          expect(again.headers.get('etag')).toBeNull();
          expect(again.headers.get('last-modified')).toBeNull();
          expect(againBody.equals(body)).toBe(true);
        }
      }
      expect(newsroom.stats()).toMatchObject({ feed200: 9, feed304: 3 });
    } finally {
      await newsroom.close();
    }
  });

  it('rejects a share outside 0–1', async () => {
    await expect(startNewsroom({ validatorlessShare: 1.5 })).rejects.toThrow(/validatorlessShare/);
  });
});
