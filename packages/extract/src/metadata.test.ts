import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom';
import { readMetadata } from './metadata';

const URL_ = 'https://planet.example/news/2026/01/story.html';

function page(head: string, body = '<p>Body.</p>', lang = ''): string {
  return `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head>${head}</head><body>${body}</body></html>`;
}

function ld(data: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
}

describe('readMetadata: JSON-LD', () => {
  it('follows @graph and @id references to authors and publisher', () => {
    const head = ld({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': '#site', name: 'Planet Website' },
        { '@type': 'Organization', '@id': '#org', name: 'Daily Planet' },
        {
          '@type': ['NewsArticle'],
          headline: 'Mayor opens new bridge',
          author: [{ '@id': '#p1' }, { '@type': 'Person', name: 'Jimmy Olsen' }],
          publisher: { '@id': '#org' },
          datePublished: '2026-01-05T10:00:00+09:00',
          dateModified: '2026-01-05T12:30:00+09:00',
          image: ['/img/bridge.jpg', 'https://cdn.planet.example/b.jpg'],
          inLanguage: 'en-US',
        },
        { '@type': 'Person', '@id': '#p1', name: 'Lois Lane' },
      ],
    });
    expect(readMetadata(parseDocument(page(head)), URL_)).toEqual({
      title: 'Mayor opens new bridge',
      subtitle: undefined,
      byline: 'Lois Lane, Jimmy Olsen',
      publishedAt: '2026-01-05T01:00:00.000Z',
      updatedAt: '2026-01-05T03:30:00.000Z',
      siteName: 'Daily Planet',
      leadImage: 'https://planet.example/img/bridge.jpg',
      languageHints: ['en-US'],
    });
  });

  it('finds a BlogPosting in a top-level array and tolerates raw newlines in strings', () => {
    const head = `<script type="application/ld+json">[
      {"@type": "BreadcrumbList", "itemListElement": []},
      {"@type": "BlogPosting", "headline": "Ten years of
 home brewing", "author": "Clark Kent", "datePublished": "2025-12-24"}
    ]</script>`;
    const meta = readMetadata(parseDocument(page(head)), URL_);
    expect(meta).toMatchObject({
      title: 'Ten years of home brewing',
      byline: 'Clark Kent',
      publishedAt: '2025-12-24T00:00:00.000Z',
    });
  });

  it('ignores JSON-LD that describes no article', () => {
    const head = `${ld({ '@type': 'Organization', name: 'Not an article' })}<title>Real title</title>`;
    expect(readMetadata(parseDocument(page(head)), URL_).title).toBe('Real title');
  });
});

describe('readMetadata: OpenGraph, Twitter cards and meta tags', () => {
  it('reads Twitter cards when OpenGraph is missing', () => {
    const head = `<meta name="twitter:title" content="Bridge opens"><meta name="twitter:image" content="https://cdn.planet.example/t.jpg">`;
    expect(readMetadata(parseDocument(page(head)), URL_)).toMatchObject({
      title: 'Bridge opens',
      leadImage: 'https://cdn.planet.example/t.jpg',
    });
  });

  it.each([
    {
      name: 'article:published_time',
      head: '<meta property="article:published_time" content="2026-01-05T10:00:00Z">',
    },
    { name: 'meta pubdate', head: '<meta name="pubdate" content="2026-01-05T10:00:00Z">' },
    { name: 'meta date', head: '<meta name="date" content="2026-01-05 10:00:00">' },
    {
      name: 'itemprop datePublished',
      head: '<meta itemprop="datePublished" content="2026-01-05T19:00:00+09:00">',
    },
    {
      name: '<time datetime>',
      head: '',
      body: '<p>Body <time datetime="2026-01-05T10:00:00Z">Jan 5</time></p>',
    },
  ])('publishedAt from $name', ({ head, body }) => {
    expect(readMetadata(parseDocument(page(head, body)), URL_).publishedAt).toBe('2026-01-05T10:00:00.000Z');
  });

  it('skips an invalid date and takes the next source', () => {
    const head = `<meta property="article:published_time" content="yesterday"><meta name="pubdate" content="2026-01-05T10:00:00Z">`;
    expect(readMetadata(parseDocument(page(head)), URL_).publishedAt).toBe('2026-01-05T10:00:00.000Z');
  });

  it('skips a date more than a day ahead of the clock and takes the next source', () => {
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const head =
      ld({ '@type': 'NewsArticle', datePublished: '2200-01-01T00:00:00Z', dateModified: inTwoDays }) +
      `<meta property="article:published_time" content="${inTwoDays}">` +
      '<meta name="pubdate" content="2026-01-05T10:00:00Z">' +
      `<meta property="article:modified_time" content="${inAnHour}">`;
    expect(readMetadata(parseDocument(page(head)), URL_)).toMatchObject({
      publishedAt: '2026-01-05T10:00:00.000Z',
      updatedAt: inAnHour, // a clock an hour fast is believed
    });
  });

  it('skips an author URL and reads the rel=author link', () => {
    const head = '<meta property="article:author" content="https://facebook.example/lois">';
    const body = '<p>By <a rel="author" href="/staff/lois">Lois Lane</a></p>';
    expect(readMetadata(parseDocument(page(head, body)), URL_).byline).toBe('Lois Lane');
  });

  it('strips "By" from a meta byline', () => {
    const head = '<meta name="byl" content="By Lois Lane and Jimmy Olsen">';
    expect(readMetadata(parseDocument(page(head)), URL_).byline).toBe('Lois Lane and Jimmy Olsen');
  });

  it('strips the site name from <title> and reads the deck from markup', () => {
    const head =
      '<title>Mayor opens new bridge over the river | Daily Planet</title><meta property="og:site_name" content="Daily Planet">';
    const body =
      '<h1>Mayor opens new bridge</h1><p class="sub_title">Traffic on the old crossing is expected to halve</p><p>Body.</p>';
    expect(readMetadata(parseDocument(page(head, body)), URL_)).toMatchObject({
      title: 'Mayor opens new bridge over the river',
      subtitle: 'Traffic on the old crossing is expected to halve',
      siteName: 'Daily Planet',
    });
  });

  it('collects language declarations in order of trust', () => {
    const head =
      '<meta property="og:locale" content="ko_KR"><meta http-equiv="content-language" content="ko">';
    expect(readMetadata(parseDocument(page(head, '<p>x</p>', 'en')), URL_).languageHints).toEqual([
      'en',
      'ko_KR',
      'ko',
    ]);
  });

  it('falls back to the first <h1> when there is no title at all', () => {
    expect(readMetadata(parseDocument(page('', '<h1>Only a heading</h1>')), URL_).title).toBe(
      'Only a heading',
    );
  });
});

describe("readMetadata: dates in the site's zone", () => {
  // The fetch time relative dates count back from.
  const now = Date.parse('2026-11-27T12:00:00Z');
  const read = (html: string) => readMetadata(parseDocument(html), URL_, { now });

  it.each([
    {
      name: 'a Korean page: <time> text without a zone is read in Asia/Seoul',
      html: page('', '<p>입력 <time>2026년 11월 27일 오후 3:30</time></p>', 'ko'),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: 'Asia/Seoul',
    },
    {
      name: 'og:locale ko_KR names the zone when <html lang> is a template default',
      html: page(
        '<meta property="og:locale" content="ko_KR"><meta property="article:published_time" content="2026-11-27 15:30:00">',
        '<p>Body.</p>',
        'en',
      ),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: 'Asia/Seoul',
    },
    {
      name: "JSON-LD states +09:00: the zoneless meta date is read at the page's offset",
      html: page(
        `${ld({ '@type': 'NewsArticle', headline: 'H', dateModified: '2026-11-27T18:00:00+09:00' })}` +
          '<meta property="article:published_time" content="2026-11-27T15:30:00">',
        '<p>Body.</p>',
        'en',
      ),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: '+09:00',
    },
    {
      name: 'an English page with a zoneless date: UTC, and said so',
      html: page(
        '<meta property="article:published_time" content="2026-11-27T15:30:00">',
        '<p>Body.</p>',
        'en',
      ),
      publishedAt: '2026-11-27T15:30:00.000Z',
      dateZone: 'UTC',
    },
    {
      name: 'a Hangul title names Seoul when the template declares lang="en"',
      html: page(
        '<title>서울 첫눈, 평년보다 일주일 빨라</title><meta property="article:published_time" content="2026-11-27 15:30">',
        '<p>Body.</p>',
        'en',
      ),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: 'Asia/Seoul',
    },
    {
      name: 'a kana title names Tokyo when nothing is declared',
      html: page(
        '<title>東京で初雪、平年より早く観測された</title><meta property="article:published_time" content="2026-11-27 15:30">',
      ),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: 'Asia/Tokyo',
    },
    {
      name: 'a title in Han characters alone names no zone',
      html: page(
        '<title>北京初雪</title><meta property="article:published_time" content="2026-11-27 15:30">',
      ),
      publishedAt: '2026-11-27T15:30:00.000Z',
      dateZone: 'UTC',
    },
    {
      name: 'a stated zone: no dateZone',
      html: page(
        '<meta property="article:published_time" content="2026-11-27T15:30:00+09:00">',
        '<p>B.</p>',
        'ko',
      ),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: undefined,
    },
    {
      name: 'a <time> whose datetime is a placeholder shows the date in its text',
      html: page('', '<p><time datetime="0000-00-00">2026.11.27 15:30</time></p>', 'ko-KR'),
      publishedAt: '2026-11-27T06:30:00.000Z',
      dateZone: 'Asia/Seoul',
    },
    {
      name: 'a relative date in visible text counts back from the fetch time',
      html: page('', '<p>Posted <time>3 hours ago</time></p>', 'en'),
      publishedAt: '2026-11-27T09:00:00.000Z',
      dateZone: undefined,
    },
  ])('$name', ({ html, publishedAt, dateZone }) => {
    const meta = read(html);
    expect(meta.publishedAt).toBe(publishedAt);
    expect(meta.dateZone).toBe(dateZone);
  });

  it('does not read a relative form in a machine field (a placeholder there)', () => {
    const html = page('<meta property="article:published_time" content="3 hours ago">', '<p>Body.</p>', 'en');
    expect(read(html).publishedAt).toBeUndefined();
  });
});
