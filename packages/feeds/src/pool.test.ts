import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedListError, FeedParseError } from './errors';
import { parseOpml } from './opml';
import { parseFeed } from './parse-feed';
import { FeedPool, FeedTimeoutError } from './pool';

const corpus = (path: string) => readFileSync(new URL(`../testdata/corpus/${path}`, import.meta.url));

/** A valid RSS 2.0 feed of `count` news-like items (about 350 bytes each). */
function rss(count: number): Uint8Array {
  const items = Array.from(
    { length: count },
    (_, i) =>
      `<item><title>Council votes on the freight yard, part ${i}</title><link>https://news.test/a/${i}</link>` +
      `<guid>https://news.test/a/${i}</guid><pubDate>Tue, 03 Jun 2025 09:${String(i % 60).padStart(2, '0')}:00 GMT</pubDate>` +
      `<description><![CDATA[<p>The council voted nine to four shortly before midnight to turn the old freight yard into a public park, item ${i}.</p>]]></description></item>`,
  );
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title><link>https://news.test/</link>${items.join('')}</channel></rss>`,
  );
}

const OPML = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
  <outline text="News"><outline type="rss" text="A" xmlUrl="https://a.test/feed" category="world"/></outline>
  <outline type="rss" text="B" xmlUrl="https://b.test/rss"/></body></opml>`;

describe('FeedPool', () => {
  const pool = new FeedPool({ threads: 1, timeoutMs: 30_000 });
  afterAll(() => pool.close());

  it('parses a feed in a worker thread exactly as parseFeed does on this one', async () => {
    const body = corpus('rss-2.0/twenty-items.xml');
    const url = 'https://news.test/feed.xml';
    const parsed = await pool.parseFeed(body, { url, contentType: 'application/rss+xml' });
    expect(parsed.items).toHaveLength(20);
    expect(parsed).toEqual(await parseFeed(body, { url, contentType: 'application/rss+xml' }));
    expect(pool.threads).toBe(1);
  });

  it('leaves the event loop free while a big feed parses', async () => {
    const big = rss(15_000);
    await pool.parseFeed(rss(20));
    let last = performance.now();
    let longestStall = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    try {
      expect((await pool.parseFeed(big)).items).toHaveLength(15_000);
    } finally {
      clearInterval(ticker);
    }
    const parseMs = performance.now() - started;
    // A stall that lasted to the end never let the ticker run: count it too.
    longestStall = Math.max(longestStall, performance.now() - last);
    // On this thread the parse would be one long stall; in the pool the loop keeps ticking.
    expect(parseMs).toBeGreaterThan(100);
    expect(longestStall, `longest stall ${longestStall} ms of a ${parseMs} ms parse`).toBeLessThan(
      parseMs / 3,
    );
  });

  it('gives back a document that is not a feed as a FeedParseError with its reason', async () => {
    const error = await pool.parseFeed(corpus('not-a-feed/html-page.html')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as FeedParseError).reason).toBe('this is an HTML page, not a feed');
  });

  it('reads OPML in the thread, and a non-OPML document as a FeedListError', async () => {
    expect(await pool.parseOpml(OPML)).toEqual(parseOpml(OPML));
    expect(await pool.parseOpml(OPML)).toHaveLength(2);
    const error = await pool.parseOpml('<rss version="2.0"></rss>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedListError);
    expect((error as Error).message).toBe('not an OPML document: no <opml> root element');
  });

  it('cuts off a feed that takes longer than the deadline, and keeps parsing the next one', async () => {
    // A small feed parses in a few ms; 20 MB of valid RSS takes seconds. The
    // deadline sits between the two, so it is the size that trips it.
    const fast = new FeedPool({ threads: 1, timeoutMs: 250 });
    try {
      const small = rss(20);
      expect((await fast.parseFeed(small)).items).toHaveLength(20);
      const huge = rss(60_000);
      expect(huge.byteLength).toBeGreaterThan(20_000_000);
      const started = performance.now();
      const error = await fast
        .parseFeed(huge, { url: 'https://news.test/huge.xml' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedTimeoutError);
      expect(error).toMatchObject({
        url: 'https://news.test/huge.xml',
        timeoutMs: 250,
        message: 'the feed took longer than 250 ms to parse',
      });
      // Cut off near the deadline, not after the whole parse.
      expect(performance.now() - started).toBeLessThan(5_000);
      // The thread was replaced: the pool goes on.
      expect((await fast.parseFeed(small)).items).toHaveLength(20);
      expect(fast.threads).toBe(1);
    } finally {
      await fast.close();
    }
  });

  it('cuts off an OPML document that takes longer than the deadline', async () => {
    const fast = new FeedPool({ threads: 1, timeoutMs: 1 });
    try {
      const outlines = Array.from(
        { length: 200_000 },
        (_, i) => `<outline type="rss" text="Feed ${i}" xmlUrl="https://f${i}.test/rss"/>`,
      );
      const error = await fast
        .parseOpml(`<opml version="2.0"><body>${outlines.join('')}</body></opml>`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedTimeoutError);
      expect(error).toMatchObject({ url: undefined, timeoutMs: 1, document: 'opml' });
      expect((error as Error).message).toBe('the OPML document took longer than 1 ms to parse');
    } finally {
      await fast.close();
    }
  });

  it('starts the deadline when a thread takes the feed up, not while it waits its turn', async () => {
    // Each feed alone is well inside the deadline (fifteen times its median parse
    // time here); forty of them one after the other on the one thread are far
    // outside it. None may fail for having waited its turn.
    const medium = rss(1_000);
    const warm = new FeedPool({ threads: 1, timeoutMs: 60_000 });
    const times: number[] = [];
    try {
      // The first task also waits for the thread to start; the deadline never counts that.
      await warm.parseFeed(medium);
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await warm.parseFeed(medium);
        times.push(performance.now() - started);
      }
    } finally {
      await warm.close();
    }
    const median = times.sort((a, b) => a - b)[2]!;
    const timeoutMs = Math.ceil(median * 15);
    const queued = new FeedPool({ threads: 1, timeoutMs });
    try {
      await queued.parseFeed(medium);
      const started = performance.now();
      const parsed = await Promise.all(Array.from({ length: 40 }, () => queued.parseFeed(medium)));
      const elapsed = performance.now() - started;
      expect(elapsed, 'the forty parses together should outlast one deadline').toBeGreaterThan(timeoutMs);
      for (const feed of parsed) expect(feed.items).toHaveLength(1_000);
    } finally {
      await queued.close();
    }
  });
});
