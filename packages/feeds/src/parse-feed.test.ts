import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from './errors';
import { parseFeed } from './parse-feed';

const FEED_URL = 'https://feeds.example.com/path/feed.xml';

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url));
}

async function parseFailure(body: Uint8Array): Promise<FeedParseError> {
  try {
    await parseFeed(body, { url: FEED_URL });
  } catch (error) {
    expect(error).toBeInstanceOf(FeedParseError);
    return error as FeedParseError;
  }
  throw new Error('expected a FeedParseError');
}

describe('parseFeed formats', () => {
  it('reads RSS 2.0 with content, dc, media and enclosure', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), { url: FEED_URL });
    expect(feed).toEqual({
      title: 'The Daily Example',
      link: 'https://news.example.com/',
      language: 'en-us',
      updatedAt: '2024-05-07T09:30:00.000Z',
      items: [
        {
          guid: 'urn:example:article:1001',
          title: 'City council approves new budget',
          link: 'https://news.example.com/politics/budget-2024?utm_source=rss&utm_medium=feed',
          publishedAt: '2024-05-07T06:15:00.000Z',
          author: 'Jane Reporter',
          summary: 'The council voted 7–2 in favour.',
          contentHtml: '<p>The council voted 7&ndash;2 in favour.</p><p>Full story follows.</p>',
          categories: ['Politics', 'Budget'],
          imageUrl: 'https://cdn.example.com/img/budget.jpg',
        },
        {
          guid: 'https://news.example.com/weather/storm',
          title: 'Storm & floods hit the coast',
          link: 'https://feeds.example.com/weather/storm',
          publishedAt: '2024-05-06T22:00:00.000Z',
          author: 'Weather Desk',
          summary: 'Heavy rain flooded roads.',
          contentHtml: '<p>Heavy rain <b>flooded</b> roads.</p>',
          imageUrl: 'https://cdn.example.com/img/storm.png',
        },
        {
          title: 'Library reopens',
          link: 'https://news.example.com/culture/library',
          publishedAt: '2024-05-05T01:00:00.000Z',
          summary: 'The library reopened after renovation.',
          contentHtml: 'The library reopened after renovation.',
          imageUrl: 'https://cdn.example.com/img/library-thumb.jpg',
        },
      ],
    });
  });

  it('reads Atom 1.0 with html and xhtml constructs', async () => {
    const feed = await parseFeed(fixture('atom.xml'), { url: FEED_URL });
    expect(feed).toEqual({
      title: "Le Journal d'Exemple",
      link: 'https://journal.example.org/',
      language: 'fr',
      updatedAt: '2024-05-07T08:00:00.000Z',
      items: [
        {
          guid: 'tag:journal.example.org,2024:budget',
          title: 'Le budget adopté',
          link: 'https://journal.example.org/2024/05/budget',
          publishedAt: '2024-05-07T06:00:00.000Z',
          updatedAt: '2024-05-07T07:00:00.000Z',
          author: 'Marie Dupont',
          summary: 'Le conseil a voté le budget.',
          contentHtml:
            '<div xmlns="http://www.w3.org/1999/xhtml"><p>Le conseil a voté <strong>le budget</strong>.</p></div>',
          categories: ['politique'],
          imageUrl: 'https://journal.example.org/img/budget.jpg',
        },
        {
          guid: 'tag:journal.example.org,2024:orages',
          title: 'Météo : orages',
          link: 'https://journal.example.org/2024/05/orages',
          publishedAt: '2024-05-06T18:30:00.000Z',
          updatedAt: '2024-05-06T18:30:00.000Z',
          author: 'Rédaction',
          contentHtml: '<p>Des orages sont attendus.</p>',
        },
      ],
    });
  });

  it('reads a namespace-prefixed Atom document', async () => {
    const feed = await parseFeed(fixture('atom-prefixed.xml'), { url: FEED_URL });
    expect(feed).toEqual({
      title: 'Prefixed Atom',
      link: 'https://prefixed.example.net/',
      updatedAt: '2024-05-01T12:00:00.000Z',
      items: [
        {
          guid: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
          title: 'First prefixed entry',
          link: 'https://feeds.example.com/path/posts/1',
          publishedAt: '2024-05-01T11:00:00.000Z',
          author: 'Pat Prefix',
          summary: 'A summary with markup.',
          contentHtml: '<p>A summary with <a href="https://feeds.example.com/path/x">markup</a>.</p>',
          imageUrl: 'https://prefixed.example.net/thumb.jpg',
        },
      ],
    });
  });

  it('reads Atom 0.3 (issued, modified, escaped content)', async () => {
    const feed = await parseFeed(fixture('atom03.xml'));
    expect(feed.link).toBe('https://old.example.com/');
    expect(feed.items).toEqual([
      {
        guid: 'tag:old.example.com,2004:1',
        title: 'An 0.3 entry',
        link: 'https://old.example.com/1',
        publishedAt: '2004-04-30T14:00:00.000Z',
        updatedAt: '2004-04-30T15:00:00.000Z',
        contentHtml: '<p>Escaped body</p>',
      },
    ]);
  });

  it('reads RSS 1.0 (RDF) with items beside the channel', async () => {
    const feed = await parseFeed(fixture('rdf.xml'), { url: FEED_URL });
    expect(feed).toEqual({
      title: 'RDF Example News',
      link: 'https://rdf.example.com/',
      language: 'ja',
      updatedAt: '2024-05-03T00:00:00.000Z',
      items: [
        {
          guid: 'https://rdf.example.com/a/1',
          title: '東京で会議',
          link: 'https://rdf.example.com/a/1',
          publishedAt: '2024-05-02T23:00:00.000Z',
          author: '山田太郎',
          summary: '国際会議が開かれました。',
          contentHtml: '国際会議が開かれました。',
          categories: ['国際'],
        },
        {
          guid: 'https://rdf.example.com/a/2',
          title: 'Second RDF item',
          link: 'https://rdf.example.com/a/2',
          publishedAt: '2024-05-02T20:00:00.000Z',
          contentHtml: '<p>Encoded body</p>',
        },
      ],
    });
  });

  it('reads JSON Feed 1.1', async () => {
    const feed = await parseFeed(fixture('jsonfeed.json'), { url: 'https://json.example.com/feed.json' });
    expect(feed).toEqual({
      title: 'JSON Example',
      link: 'https://json.example.com/',
      language: 'en',
      // JSON Feed has no feed-level date: the newest item date stands in.
      updatedAt: '2024-05-02T17:00:00.000Z',
      items: [
        {
          guid: 'https://json.example.com/posts/2',
          title: 'Second post',
          link: 'https://json.example.com/posts/2?fbclid=abc',
          publishedAt: '2024-05-02T15:00:00.000Z',
          updatedAt: '2024-05-02T17:00:00.000Z',
          author: 'Alex Writer',
          summary: 'A short summary',
          contentHtml: '<p>Hello <b>world</b></p>',
          categories: ['tech', 'news'],
          imageUrl: 'https://json.example.com/images/2.png',
        },
        {
          guid: '1',
          link: 'https://json.example.com/posts/1',
          author: 'Feed Author',
          contentHtml: 'Plain text body with &lt;angle&gt; brackets',
        },
      ],
    });
  });

  it('reads JSON Feed 1.0 (single author)', async () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1',
      title: 'One',
      author: { name: 'Solo' },
      items: [{ id: 'a', url: 'https://one.example.com/a', content_text: 'x' }],
    });
    const feed = await parseFeed(Buffer.from(json));
    expect(feed.items).toEqual([
      { guid: 'a', link: 'https://one.example.com/a', author: 'Solo', contentHtml: 'x' },
    ]);
  });
});

describe('parseFeed charsets', () => {
  const korean = '서울시, 내년 예산 40조원 편성… 똠방각하 햏자 복지 분야 크게 늘려';

  function koreanRss(declaration: string): string {
    return `<?xml version="1.0"${declaration}?>
<rss version="2.0"><channel><title>한국 뉴스</title><link>http://news.example.kr/</link>
<item><title>${korean}</title><link>http://news.example.kr/a/1</link>
<description>서울시가 내년도 예산안을 발표했다. 시민들의 삶의 질을 높이기 위한 복지 예산이 크게 늘었다.</description></item>
</channel></rss>`;
  }

  it.each([
    ['only in the XML declaration', ' encoding="euc-kr"', 'text/xml'],
    ['only in the HTTP header', '', 'application/rss+xml; charset=EUC-KR'],
    ['nowhere (detected)', '', undefined],
  ])('reads EUC-KR declared %s, CP949-only syllables included', async (_name, declaration, contentType) => {
    const bytes = iconv.encode(koreanRss(declaration), 'cp949');
    const feed = await parseFeed(bytes, contentType ? { contentType } : {});
    expect(feed.title).toBe('한국 뉴스');
    expect(feed.items[0]?.title).toBe(korean);
    expect(feed.items[0]?.summary).toContain('복지 예산이 크게 늘었다');
  });

  it('reads UTF-16 with a BOM', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode(koreanRss(' encoding="utf-16"'), 'utf-16le'),
    ]);
    const feed = await parseFeed(bytes);
    expect(feed.items[0]?.title).toBe(korean);
  });
});

describe('parseFeed on broken input', () => {
  it('repairs junk before the root, bare &, HTML entities and a DOCTYPE', async () => {
    const feed = await parseFeed(fixture('broken-entities.xml'), { url: FEED_URL });
    expect(feed.title).toBe('Café News & More');
    expect(feed.link).toBe('http://broken.example.com/?a=1&b=2');
    expect(feed.items).toEqual([
      {
        title: 'Prices up 5% at R&D lab — report',
        link: 'http://broken.example.com/story?id=1&utm_source=feed',
        publishedAt: '2024-05-01T10:00:00.000Z',
        // &boom; was declared in the removed DOCTYPE: it stays literal text, never expanded.
        summary: 'Café owners say "no" &boom; &unknownthing; AT&T',
        contentHtml: 'Café owners\u00a0say "no" &boom; &unknownthing; AT&T',
      },
      {
        title: 'Second & final',
        link: 'http://broken.example.com/story?id=2',
        summary: 'Kept as is: AT&T',
        contentHtml: 'Kept as is: AT&T &nbsp;',
      },
    ]);
  });

  it('drops only the bad date of an Atom entry', async () => {
    const feed = await parseFeed(fixture('bad-date-atom.xml'));
    expect(feed.items).toEqual([
      {
        guid: 'good',
        title: 'Good date',
        link: 'https://dates.example.com/good',
        publishedAt: '2024-04-30T10:00:00.000Z',
        updatedAt: '2024-04-30T11:00:00.000Z',
      },
      { guid: 'bad', title: 'Bad date', link: 'https://dates.example.com/bad' },
    ]);
  });

  it("drops only the bad date of an RSS item and reads zoneless dates at the feed's stated offset", async () => {
    const feed = await parseFeed(fixture('bad-date-rss.xml'));
    expect(feed.items.map((item) => [item.title, item.publishedAt, item.dateZone])).toEqual([
      ['Fine', '2024-05-01T01:00:00.000Z', undefined],
      ['Broken', undefined, undefined],
      ['Zoneless', '2024-05-01T01:00:00.000Z', '+09:00'],
    ]);
  });

  it('recovers the complete items of a truncated document', async () => {
    const feed = await parseFeed(fixture('truncated.xml'));
    expect(feed.title).toBe('Cut off');
    expect(feed.items.map((item) => item.link)).toEqual([
      'https://cut.example.com/1',
      'https://cut.example.com/2',
    ]);
  });

  it('reads items of an RSS document without <channel>', async () => {
    const feed = await parseFeed(fixture('no-channel.xml'));
    expect(feed).toEqual({
      title: 'No channel',
      link: 'https://nochannel.example.com/',
      items: [{ title: 'Loose item', link: 'https://nochannel.example.com/loose' }],
    });
  });

  it('keeps unescaped HTML inside a description', async () => {
    const feed = await parseFeed(fixture('raw-html-description.xml'));
    expect(feed.items[0]).toMatchObject({
      title: 'Unescaped markup',
      summary: 'First line second line para & more',
      contentHtml: 'First line<br>second line<p>para &amp; more',
    });
  });

  it('drops duplicate items', async () => {
    const item = '<item><guid>same</guid><title>Twice</title><link>https://dup.example.com/1</link></item>';
    const xml = `<rss version="2.0"><channel><title>Dup</title>${item}${item}</channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml));
    expect(feed.items).toHaveLength(1);
  });

  it('never expands entities or reads external entities', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rss version="2.0"><channel><title>&c;</title>
<item><title>Secret: &xxe;</title><link>https://x.example.com/1</link></item></channel></rss>`;
    const feed = await parseFeed(Buffer.from(xml));
    expect(feed.title).toBe('&c;');
    expect(feed.items[0]?.title).toBe('Secret: &xxe;');
  });
});

describe('parseFeed failures', () => {
  it.each([
    ['an HTML page', fixture('page.html'), /HTML page/],
    ['an empty body', new Uint8Array(0), /empty/],
    ['a blank body', Buffer.from('  \n\t '), /blank/],
    ['plain text', Buffer.from('Service temporarily unavailable'), /neither XML nor JSON/],
    ['JSON that is not a feed', Buffer.from('{"error": "not found"}'), /not a JSON Feed/],
    ['invalid JSON', Buffer.from('{"version": '), /invalid JSON/],
    ['XML of another kind', Buffer.from('<?xml version="1.0"?><svg><rect/></svg>'), /root is <svg>/],
  ])('throws FeedParseError for %s', async (_name, body, reason) => {
    const error = await parseFailure(body);
    expect(error.reason).toMatch(reason);
  });
});

describe('update hints', () => {
  const rss = (extra: string, ns = '') =>
    new TextEncoder().encode(
      `<?xml version="1.0"?><rss version="2.0"${ns}><channel><title>T</title><link>https://h.test/</link>${extra}<item><title>a</title><link>https://h.test/a</link></item></channel></rss>`,
    );
  const sy = ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"';

  it.each([
    ['ttl in minutes', rss('<ttl>60</ttl>'), 3600],
    [
      'sy:updatePeriod hourly, twice',
      rss('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>', sy),
      1800,
    ],
    ['sy:updatePeriod daily, frequency absent', rss('<sy:updatePeriod>daily</sy:updatePeriod>', sy), 86_400],
    ['the longer of ttl and sy', rss('<ttl>5</ttl><sy:updatePeriod>hourly</sy:updatePeriod>', sy), 3600],
    ['garbage', rss('<ttl>soon</ttl>'), undefined],
    ['none', rss(''), undefined],
  ])('%s', async (_name, body, expected) => {
    expect((await parseFeed(body)).updateIntervalSeconds).toBe(expected);
  });

  it('is read by the lenient reader too', async () => {
    // Without <channel> rss-parser finds nothing and the lenient reader takes over.
    const body = new TextEncoder().encode(
      `<rss version="2.0"><title>T</title><ttl>30</ttl><item><title>a</title><link>https://h.test/a</link></item></rss>`,
    );
    expect((await parseFeed(body)).updateIntervalSeconds).toBe(1800);
  });
});
