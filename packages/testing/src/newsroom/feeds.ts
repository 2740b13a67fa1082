/**
 * Feed documents of the newsroom: RSS 2.0 (as English and Korean CMSs write
 * it), Atom 1.0 and JSON Feed 1.1. Items carry a title, link, id, date,
 * author and the lead sentence as description; no `content:encoded`, since
 * the full text is only on the page and the pipeline has to fetch it.
 */
import type { Charset } from './encoding';
import { attr, esc, iso, KST, rfc822 } from './markup';
import type { Language } from './prose';

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedItem {
  /** The link as the feed shows it: the page's URL, on some sites with tracking parameters. */
  link: string;
  /** The item's id: the page URL, or a site's own (`tag:` URIs, CMS keys). */
  guid: string;
  title: string;
  summary: string;
  author: string;
  publishedAtMs: number;
}

export interface FeedInfo {
  title: string;
  description: string;
  /** The site's home page, ending in `/`. */
  home: string;
  feedUrl: string;
  language: Language;
  format: FeedFormat;
  /** Korean feeds in EUC-KR declare it in the XML declaration. */
  charset: Charset;
}

/** Renders a feed with `items` newest first; `updatedMs` is the feed's own last change. */
export function renderFeed(info: FeedInfo, items: FeedItem[], updatedMs: number): string {
  if (info.format === 'json') return jsonFeed(info, items);
  if (info.format === 'atom') return atom(info, items, updatedMs);
  return info.language === 'ko' ? koreanRss(info, items, updatedMs) : englishRss(info, items, updatedMs);
}

function englishRss(info: FeedInfo, items: FeedItem[], updatedMs: number): string {
  const entries = items.map(
    (item) => `<item>
<title>${esc(item.title)}</title>
<link>${esc(item.link)}</link>
<guid isPermaLink="${item.guid === item.link}">${esc(item.guid)}</guid>
<pubDate>${rfc822(item.publishedAtMs)}</pubDate>
<dc:creator>${esc(item.author)}</dc:creator>
<description>${esc(item.summary)}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${esc(info.title)}</title>
<link>${esc(info.home)}</link>
<description>${esc(info.description)}</description>
<language>en-gb</language>
<lastBuildDate>${rfc822(updatedMs)}</lastBuildDate>
<atom:link href="${attr(info.feedUrl)}" rel="self" type="application/rss+xml"/>
${entries.join('\n')}
</channel>
</rss>
`;
}

/** As Korean CMSs write RSS: CDATA text, KST dates, "이름 기자" authors, the charset in the declaration. */
function koreanRss(info: FeedInfo, items: FeedItem[], updatedMs: number): string {
  const entries = items.map(
    (item) => `<item>
<title><![CDATA[${item.title}]]></title>
<link>${esc(item.link)}</link>
<guid isPermaLink="${item.guid === item.link}">${esc(item.guid)}</guid>
<pubDate>${rfc822(item.publishedAtMs, KST)}</pubDate>
<author>${esc(item.author)} 기자</author>
<description><![CDATA[${item.summary}]]></description>
</item>`,
  );
  return `<?xml version="1.0" encoding="${info.charset === 'euc-kr' ? 'euc-kr' : 'UTF-8'}"?>
<rss version="2.0">
<channel>
<title><![CDATA[${info.title}]]></title>
<link>${esc(info.home)}</link>
<description><![CDATA[${info.description}]]></description>
<language>ko</language>
<pubDate>${rfc822(updatedMs, KST)}</pubDate>
${entries.join('\n')}
</channel>
</rss>
`;
}

function atom(info: FeedInfo, items: FeedItem[], updatedMs: number): string {
  const offset = info.language === 'ko' ? KST : 0;
  const entries = items.map(
    (item) => `<entry>
<title type="text">${esc(item.title)}</title>
<link rel="alternate" type="text/html" href="${attr(item.link)}"/>
<id>${esc(item.guid)}</id>
<published>${iso(item.publishedAtMs, offset)}</published>
<updated>${iso(item.publishedAtMs, offset)}</updated>
<author><name>${esc(item.author)}</name></author>
<summary type="text">${esc(item.summary)}</summary>
</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${info.language}">
<title>${esc(info.title)}</title>
<subtitle>${esc(info.description)}</subtitle>
<id>${esc(info.feedUrl)}</id>
<link rel="self" type="application/atom+xml" href="${attr(info.feedUrl)}"/>
<link rel="alternate" type="text/html" href="${attr(info.home)}"/>
<updated>${iso(updatedMs, offset)}</updated>
${entries.join('\n')}
</feed>
`;
}

function jsonFeed(info: FeedInfo, items: FeedItem[]): string {
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: info.title,
      home_page_url: info.home,
      feed_url: info.feedUrl,
      description: info.description,
      language: info.language,
      items: items.map((item) => ({
        id: item.guid,
        url: item.link,
        title: item.title,
        summary: item.summary,
        date_published: iso(item.publishedAtMs),
        authors: [{ name: item.author }],
      })),
    },
    null,
    1,
  )}\n`;
}

/** The Content-Type a feed is served with; some EUC-KR feeds leave the charset to the XML declaration. */
export function feedContentType(info: FeedInfo, withCharset: boolean): string {
  if (info.format === 'json') return 'application/feed+json; charset=utf-8';
  const type = info.format === 'atom' ? 'application/atom+xml' : 'application/rss+xml';
  if (info.charset === 'euc-kr') return withCharset ? 'text/xml; charset=EUC-KR' : type;
  return `${type}; charset=utf-8`;
}
