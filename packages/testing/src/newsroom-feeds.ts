import { escapeAttribute as attr, rfc822, escapeText as text } from './newsroom-markup';
import type { StoredArticle } from './newsroom-types';

/** What a feed template needs; `articles` are newest first. */
export interface FeedInput {
  siteName: string;
  description: string;
  home: string;
  feedUrl: string;
  articles: StoredArticle[];
}

/** Renders a feed document as a string; the server encodes it in the site's charset. */
export type FeedTemplate = (input: FeedInput) => string;

const latest = (input: FeedInput): Date =>
  new Date(input.articles[0]?.publishedAt ?? '2026-01-01T00:00:00.000Z');

/** RSS 2.0 in UTF-8, descriptions as escaped text, no `content:encoded`: the page is the only full text. */
export const dailyPlanetRss: FeedTemplate = (input) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${text(input.siteName)}</title>
<link>${text(input.home)}</link>
<description>${text(input.description)}</description>
<language>en-us</language>
<lastBuildDate>${rfc822(latest(input))}</lastBuildDate>
<atom:link href="${attr(input.feedUrl)}" rel="self" type="application/rss+xml"/>
${input.articles
  .map(
    (article) => `<item>
<title>${text(article.title)}</title>
<link>${text(article.feedLink)}</link>
<guid isPermaLink="false">${text(article.guid)}</guid>
<pubDate>${rfc822(new Date(article.publishedAt))}</pubDate>
<dc:creator>${text(article.author)}</dc:creator>
<description>${text(article.summary)}</description>
</item>`,
  )
  .join('\n')}
</channel>
</rss>
`;

/** Atom 1.0 with tag: ids, alternate links and text summaries. */
export const metroWireAtom: FeedTemplate = (input) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>${text(input.siteName)}</title>
<subtitle>${text(input.description)}</subtitle>
<id>tag:metro-wire.example,2026:feed</id>
<link rel="self" type="application/atom+xml" href="${attr(input.feedUrl)}"/>
<link rel="alternate" type="text/html" href="${attr(input.home)}"/>
<updated>${latest(input).toISOString()}</updated>
<author><name>${text(input.siteName)}</name></author>
${input.articles
  .map(
    (article) => `<entry>
<title type="text">${text(article.title)}</title>
<link rel="alternate" type="text/html" href="${attr(article.feedLink)}"/>
<id>${text(article.guid)}</id>
<published>${article.publishedAt}</published>
<updated>${article.publishedAt}</updated>
<author><name>${text(article.author)}</name></author>
<summary type="text">${text(article.summary)}</summary>
</entry>`,
  )
  .join('\n')}
</feed>
`;

/** RSS 2.0 as a Korean CMS writes it: CDATA text, permalink guids, dates in +0900. */
export const hankyungIlboRss: FeedTemplate = (input) => `<?xml version="1.0" encoding="euc-kr"?>
<rss version="2.0">
<channel>
<title>${text(input.siteName)}</title>
<link>${text(input.home)}</link>
<description><![CDATA[${input.description}]]></description>
<language>ko</language>
<pubDate>${rfc822(latest(input), 9 * 60)}</pubDate>
${input.articles
  .map(
    (article) => `<item>
<title><![CDATA[${article.title}]]></title>
<link>${text(article.feedLink)}</link>
<guid isPermaLink="true">${text(article.guid)}</guid>
<pubDate>${rfc822(new Date(article.publishedAt), 9 * 60)}</pubDate>
<author>${text(article.author)} 기자</author>
<description><![CDATA[${article.summary}]]></description>
</item>`,
  )
  .join('\n')}
</channel>
</rss>
`;
