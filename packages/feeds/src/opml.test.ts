import { describe, expect, it } from 'vitest';
import { FeedListError } from './errors';
import { parseOpml, toOpml } from './opml';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="News">
      <outline text="Korea">
        <outline type="rss" text="연합뉴스" title="Yonhap" xmlUrl="https://www.yna.co.kr/rss/news.xml" htmlUrl="https://www.yna.co.kr/"/>
      </outline>
      <outline type="rss" text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml?edition=uk&x=1" category="/World/Europe,uk"/>
    </outline>
    <outline type="rss" text="Top level" xmlurl="http://top.example.com/feed"/>
    <outline text="No URL here"/>
    <outline type="rss" text="https://untitled.example.com/rss" xmlUrl="https://untitled.example.com/rss"/>
  </body>
</opml>`;

describe('parseOpml', () => {
  it('reads nested outlines, keeping folders and categories as tags', () => {
    expect(parseOpml(OPML)).toEqual([
      { url: 'https://www.yna.co.kr/rss/news.xml', title: 'Yonhap', categories: ['News', 'Korea'] },
      {
        url: 'https://feeds.bbci.co.uk/news/rss.xml?edition=uk&x=1',
        title: 'BBC',
        categories: ['News', 'World', 'Europe', 'uk'],
      },
      { url: 'http://top.example.com/feed', title: 'Top level' },
      { url: 'https://untitled.example.com/rss' },
    ]);
  });

  it('reads OPML 1.0 without a head', () => {
    const xml =
      '<opml version="1.0"><body><outline title="A" xmlUrl="http://a.example.com/rss"/></body></opml>';
    expect(parseOpml(xml)).toEqual([{ url: 'http://a.example.com/rss', title: 'A' }]);
  });

  it('returns nothing for an OPML document without feeds', () => {
    expect(parseOpml('<opml version="2.0"><head/><body/></opml>')).toEqual([]);
  });

  it.each([
    ['an RSS feed', '<rss version="2.0"><channel/></rss>'],
    ['plain text', 'hello'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseOpml(text)).toThrow(FeedListError);
  });
});

describe('toOpml', () => {
  const feeds = [
    { url: 'https://a.example.com/rss?x=1&y=2', title: 'A & "B" <C>' },
    { url: 'https://b.example.com/atom' },
  ];

  it('writes escaped OPML 2.0', () => {
    const xml = toOpml(feeds, 'Export & co');
    expect(xml).toContain('<opml version="2.0">');
    expect(xml).toContain('<title>Export &amp; co</title>');
    expect(xml).toContain('xmlUrl="https://a.example.com/rss?x=1&amp;y=2"');
    expect(xml).toContain('title="A &amp; &quot;B&quot; &lt;C&gt;"');
  });

  it('round-trips through parseOpml', () => {
    expect(parseOpml(toOpml(feeds))).toEqual(feeds);
  });

  it('keeps tags as categories', () => {
    const tagged = [{ url: 'https://c.example.com/feed', tags: ['World', 'Korea/Seoul'] }];
    expect(parseOpml(toOpml(tagged))).toEqual([
      { url: 'https://c.example.com/feed', categories: ['World', 'Korea Seoul'] },
    ]);
  });
});
