/**
 * Who publishes in the newsroom: the three classic sites tests know by name,
 * or any number of generated publishers spread over loopback hosts. Both are
 * one Site shape, so the catalog, the feeds and the server treat them alike.
 */
import type { ClassicChrome, ClassicTemplateName } from './classic-pages';
import type { Charset } from './encoding';
import type { FeedFormat } from './feeds';
import { slugify } from './markup';
import { bookOf, type Language } from './prose';
import {
  articlePath,
  type Site as Publisher,
  siteName,
  type TemplateName,
  templateFor,
} from './publisher-pages';
import { seedFrom } from './random';

/** What a path needs to know about its article. */
export interface PathInput {
  /** Position in the whole newsroom, publish order. */
  index: number;
  /** The site's own article number (classic sites start theirs at 1001, 2001, 300001). */
  serial: number;
  title: string;
  publishedAtMs: number;
}

/** One site: identity, wire formats, URL scheme and the template its pages use. */
export interface NewsroomSite {
  index: number;
  slug: string;
  name: string;
  description: string;
  language: Language;
  charset: Charset;
  /** Which loopback host serves it, and its `http://host:port`. */
  host: number;
  origin: string;
  /** Page Content-Type names the charset; when not, only the page's `<meta>` does. */
  pageCharsetInHeader: boolean;
  /** The site's `k`-th feed (a site may have several sections): path, format, charset in the header or not. */
  feed(
    k: number,
    feedIndex: number,
  ): { path: string; format: FeedFormat; title: string; charsetInHeader: boolean };
  articlePath(article: PathInput): string;
  /** The link as the feed shows it for the canonical `url`. */
  feedLink(url: string): string;
  guid(serial: number, url: string): string;
  /** Serial of the site's first article. */
  firstSerial: number;
  template:
    | { classic: ClassicTemplateName; chrome: ClassicChrome; imagePath(serial: number): string }
    | { publisher: Publisher };
}

const datePath = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
const fixedFeed = (path: string, format: FeedFormat, title: string, charsetInHeader: boolean) => () => ({
  path,
  format,
  title,
  charsetInHeader,
});

/** The three classic sites on one origin, in a fixed order (the order matters for determinism). */
export function classicSites(origin: string): NewsroomSite[] {
  const chrome = (slug: ClassicTemplateName, language: Language) => bookOf(language).classicSites[slug]!;
  return [
    {
      index: 0,
      slug: 'daily-planet',
      name: 'Daily Planet',
      description: 'Local news, politics and culture from the Daily Planet newsroom.',
      language: 'en',
      charset: 'utf-8',
      host: 0,
      origin,
      pageCharsetInHeader: true,
      feed: fixedFeed('/daily-planet/rss.xml', 'rss', 'Daily Planet', true),
      articlePath: (a) => `/daily-planet/news/${datePath(a.publishedAtMs)}/${slugify(a.title)}`,
      // Feed links carry tracking parameters, as many CMS feeds do, so canonicalisation is exercised.
      feedLink: (url) => `${url}?utm_source=rss&utm_medium=feed`,
      guid: (serial) => `daily-planet-article-${serial}`,
      firstSerial: 1001,
      template: {
        classic: 'daily-planet',
        chrome: chrome('daily-planet', 'en'),
        imagePath: (serial) => `/daily-planet/images/2026/${serial}-lead.jpg`,
      },
    },
    {
      index: 1,
      slug: 'metro-wire',
      name: 'Metro Wire',
      description: 'The city, block by block.',
      language: 'en',
      charset: 'utf-8',
      host: 0,
      origin,
      pageCharsetInHeader: true,
      feed: fixedFeed('/metro-wire/feeds/all.atom', 'atom', 'Metro Wire', true),
      articlePath: (a) => `/metro-wire/stories/${a.serial}-${slugify(a.title)}.html`,
      feedLink: (url) => url,
      guid: (serial) => `tag:metro-wire.example,2026:story-${serial}`,
      firstSerial: 2001,
      template: {
        classic: 'metro-wire',
        chrome: chrome('metro-wire', 'en'),
        imagePath: (serial) => `/metro-wire/media/${serial}/lead.jpg`,
      },
    },
    {
      index: 2,
      slug: 'hankyung-ilbo',
      name: '한경일보',
      description: '한경일보 최신 뉴스',
      language: 'ko',
      charset: 'euc-kr',
      host: 0,
      origin,
      // Deliberately without a charset: the XML declaration and <meta http-equiv> are the only clues.
      pageCharsetInHeader: false,
      feed: fixedFeed('/hankyung-ilbo/rss/allArticle.xml', 'rss', '한경일보', false),
      articlePath: (a) => `/hankyung-ilbo/news/articleView.html?idxno=${a.serial}`,
      feedLink: (url) => url,
      guid: (_serial, url) => url,
      firstSerial: 300001,
      template: {
        classic: 'hankyung-ilbo',
        chrome: chrome('hankyung-ilbo', 'ko'),
        imagePath: (serial) => `/hankyung-ilbo/news/photo/202601/${serial}_1_v150.jpg`,
      },
    },
  ];
}

const FEED_NAMES: Record<Language, string[]> = {
  en: ['news', 'politics', 'business', 'world', 'climate', 'science', 'sport', 'culture', 'opinion', 'local'],
  ko: ['allArticle', 'S1N1', 'S1N2', 'S1N3', 'S1N4', 'S1N5', 'S1N6', 'S1N7', 'S1N8', 'S1N9'],
};

/**
 * A feed's format: English feeds are mostly RSS, a third Atom, one in eleven
 * JSON Feed; EUC-KR feeds are RSS (the XML declaration carries the charset);
 * UTF-8 Korean feeds are RSS or Atom.
 */
function formatOf(feed: number, language: Language, charset: Charset): FeedFormat {
  if (language === 'ko') return charset === 'euc-kr' || feed % 3 !== 2 ? 'rss' : 'atom';
  const r = feed % 11;
  return r < 6 ? 'rss' : r < 10 ? 'atom' : 'json';
}

/**
 * `count` generated publishers, site `h` on host `h`. Korean sites are spread
 * evenly (site h is Korean when ⌊(h+1)·share⌋ steps up); they alternate
 * EUC-KR / UTF-8, and templates go portal, paper, paper, portal…, so that any
 * two Korean sites already cover both templates and both charsets.
 */
export function publisherSites(
  count: number,
  seed: number,
  koreanShare: number,
  originOf: (host: number) => string,
): NewsroomSite[] {
  const sites: NewsroomSite[] = [];
  let korean = 0;
  let english = 0;
  for (let h = 0; h < count; h++) {
    const isKorean = Math.floor((h + 1) * koreanShare) > Math.floor(h * koreanShare);
    const language: Language = isKorean ? 'ko' : 'en';
    const charset: Charset = isKorean && korean % 2 === 0 ? 'euc-kr' : 'utf-8';
    const template: TemplateName = isKorean
      ? templateFor('ko', korean + Math.floor(korean / 2))
      : templateFor('en', english++);
    if (isKorean) korean++;
    const name = siteName(seed, h, language, template);
    const publisher: Publisher = {
      index: h,
      origin: originOf(h),
      name,
      language,
      charset,
      template,
      seed: seedFrom(seed, 'site', h),
    };
    sites.push({
      index: h,
      slug: `site-${h}`,
      name,
      description: language === 'ko' ? `${name} 최신 기사` : `The latest stories from ${name}`,
      language,
      charset,
      host: h,
      origin: publisher.origin,
      // Half the EUC-KR sites say so only in the page's <meta>, as many Korean servers do.
      pageCharsetInHeader: charset === 'utf-8' || h % 4 >= 2,
      feed: (k, feedIndex) => {
        const format = formatOf(feedIndex, language, charset);
        const feedName = FEED_NAMES[language][k] ?? `section-${k}`;
        const path =
          format === 'json'
            ? `/feeds/${feedName}.json`
            : format === 'atom'
              ? `/atom/${feedName}.xml`
              : `/rss/${feedName}.xml`;
        // A site's feeds alternate, so that a single EUC-KR site already shows both ways.
        return {
          path,
          format,
          title: `${name} – ${feedName.replace('-', ' ')}`,
          charsetInHeader: k % 2 === 0,
        };
      },
      articlePath: (a) => articlePath(publisher, a.index, a.title, a.publishedAtMs),
      feedLink: (url) => url,
      guid: (_serial, url) => url,
      firstSerial: 1,
      template: { publisher },
    });
  }
  return sites;
}
