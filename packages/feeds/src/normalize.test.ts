import { describe, expect, it } from 'vitest';
import { normalizeFeed } from './normalize';
import { parseFeed } from './parse-feed';

const FEED_URL = 'https://feeds.example.com/feed.xml';
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/u;

describe('normalizeFeed: dates from the future', () => {
  const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toUTCString();
  const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

  it('drops a date more than a day ahead and takes the next candidate, or none', () => {
    const feed = normalizeFeed(
      {
        updated: ['2200-01-01T00:00:00Z', '2026-11-30T00:00:00Z'],
        items: [
          { title: 'Pinned to the top', published: ['2200-01-01T00:00:00Z'], updated: [inTwoDays] },
          { title: 'Two candidates', published: [inTwoDays, '2026-11-27T09:30:00Z'] },
          { title: 'An hour fast', published: [inAnHour] },
        ],
      },
      FEED_URL,
    );
    expect(feed.updatedAt).toBe('2026-11-30T00:00:00.000Z');
    const [pinned, two, fast] = feed.items;
    expect(pinned).toEqual({ title: 'Pinned to the top' });
    expect(two?.publishedAt).toBe('2026-11-27T09:30:00.000Z');
    expect(fast?.publishedAt).toBe(inAnHour);
  });
});

describe("normalizeFeed: zoneless dates in the site's zone", () => {
  it.each([
    {
      name: 'a ko feed: Korean and dotted dates without a zone are read in Asia/Seoul',
      language: 'ko',
      published: ['2026년 11월 27일 오후 3:30', '2026.11.27 15:30'],
      expected: ['2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
    },
    {
      name: 'a ko-KR feed: RFC 822 without a zone',
      language: 'ko-KR',
      published: ['Fri, 27 Nov 2026 15:30:00', 'Fri, 27 Nov 2026 15:30:00'],
      expected: ['2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
    },
    {
      name: 'an en feed: UTC, and said so',
      language: 'en',
      published: ['2026-11-27 15:30', '2026-11-27 15:30'],
      expected: ['2026-11-27T15:30:00.000Z', 'UTC'],
    },
  ])('$name', ({ language, published, expected }) => {
    const feed = normalizeFeed(
      { language, items: published.map((date, i) => ({ title: `Item ${i}`, published: [date] })) },
      FEED_URL,
    );
    for (const item of feed.items) expect([item.publishedAt, item.dateZone]).toEqual(expected);
  });

  it('reads zoneless items in Seoul time when a feed without a language titles them in Hangul', () => {
    const feed = normalizeFeed(
      { items: [{ title: '서울 첫눈, 평년보다 일주일 빨라', published: ['2026-11-27 15:30'] }] },
      FEED_URL,
    );
    expect(feed.items.map((item) => [item.publishedAt, item.dateZone])).toEqual([
      ['2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
    ]);
  });

  it("reads zoneless items at the offset the feed's other dates state, before its language", () => {
    const feed = normalizeFeed(
      {
        language: 'en',
        updated: ['2026-11-27T18:00:00+09:00'],
        items: [
          { title: 'Stated', published: ['2026-11-27T16:00:00+09:00'] },
          { title: 'Zoneless', published: ['2026-11-27 15:30'] },
        ],
      },
      FEED_URL,
    );
    expect(feed.items.map((item) => [item.publishedAt, item.dateZone])).toEqual([
      ['2026-11-27T07:00:00.000Z', undefined],
      ['2026-11-27T06:30:00.000Z', '+09:00'],
    ]);
  });
});

describe('normalizeFeed: control characters', () => {
  it('strips them from titles, authors, summaries and categories, raw or as references', async () => {
    // JSON Feed escapes and HTML references inside JSON strings, as a CMS might write them.
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Port\u0007 News',
      items: [
        {
          id: '1',
          url: 'https://news.example.com/a',
          title: 'Cranes\u0001 stop &#2;work\u0002 \ud800',
          authors: [{ name: 'Ada\u0000 Park' }],
          summary: 'Repairs \u001f take a\u000bweek', // plain text in JSON Feed
          tags: ['Port\u001b', '\u0003'],
        },
      ],
    });
    const feed = await parseFeed(new TextEncoder().encode(json), { url: FEED_URL });
    const item = feed.items[0]!;
    expect(feed.title).toBe('Port News');
    expect(item).toMatchObject({
      title: 'Cranes stop work \ufffd',
      author: 'Ada Park',
      summary: 'Repairs take a week',
      categories: ['Port'],
    });
    for (const value of [feed.title, item.title, item.author, item.summary, ...(item.categories ?? [])]) {
      expect(value).not.toMatch(CONTROL);
    }
  });
});
