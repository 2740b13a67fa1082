import {
  DAILY_PLANET_CHROME,
  HANKYUNG_ILBO_CHROME,
  METRO_WIRE_CHROME,
  type SiteChrome,
} from './newsroom-chrome';
import { dailyPlanetRss, type FeedTemplate, hankyungIlboRss, metroWireAtom } from './newsroom-feeds';
import { slugify } from './newsroom-markup';
import { dailyPlanetPage, hankyungIlboPage, metroWirePage, type PageTemplate } from './newsroom-pages';
import type { ProseBook } from './newsroom-prose';
import { ENGLISH_PROSE } from './newsroom-prose-en';
import { KOREAN_PROSE } from './newsroom-prose-ko';

/** One imitated news site: its identity, wire formats, URL scheme and templates. */
export interface SiteDefinition {
  slug: string;
  name: string;
  description: string;
  language: 'en' | 'ko';
  format: 'rss' | 'atom';
  charset: 'utf-8' | 'euc-kr';
  /** Absolute path of the feed. */
  feedPath: string;
  feedContentType: string;
  pageContentType: string;
  chrome: SiteChrome;
  prose: ProseBook;
  staff: string[];
  /**
   * Topic of the site's first article; later ones rotate through the topics,
   * so sites sharing a language don't open with the same story.
   */
  firstTopic: number;
  /** Serial of the site's first article; ids and some URLs carry it. */
  firstSerial: number;
  /** Path (and query, if the CMS uses one) of an article page. */
  articlePath(serial: number, title: string, publishedAt: Date): string;
  imagePath(serial: number): string;
  /** The link as the feed shows it for the canonical `url`. */
  feedLink(url: string): string;
  guid(serial: number, url: string): string;
  page: PageTemplate;
  feed: FeedTemplate;
}

const datePath = (date: Date): string => date.toISOString().slice(0, 10).replace(/-/g, '/');

/** The sites every newsroom serves, in a fixed order (the order matters for determinism). */
export const SITES: SiteDefinition[] = [
  {
    slug: 'daily-planet',
    name: 'Daily Planet',
    description: 'Local news, politics and culture from the Daily Planet newsroom.',
    language: 'en',
    format: 'rss',
    charset: 'utf-8',
    feedPath: '/daily-planet/rss.xml',
    feedContentType: 'application/rss+xml; charset=utf-8',
    pageContentType: 'text/html; charset=utf-8',
    chrome: DAILY_PLANET_CHROME,
    prose: ENGLISH_PROSE,
    staff: ['Clara Whitfield', 'Owen Park', 'Nadia Rahman', 'Jonah Feld'],
    firstTopic: 0,
    firstSerial: 1001,
    articlePath: (_serial, title, publishedAt) =>
      `/daily-planet/news/${datePath(publishedAt)}/${slugify(title)}`,
    imagePath: (serial) => `/daily-planet/images/2026/${serial}-lead.jpg`,
    // Feed links carry tracking parameters, as many CMS feeds do, so canonicalisation is exercised.
    feedLink: (url) => `${url}?utm_source=rss&utm_medium=feed`,
    guid: (serial) => `daily-planet-article-${serial}`,
    page: dailyPlanetPage,
    feed: dailyPlanetRss,
  },
  {
    slug: 'metro-wire',
    name: 'Metro Wire',
    description: 'The city, block by block.',
    language: 'en',
    format: 'atom',
    charset: 'utf-8',
    feedPath: '/metro-wire/feeds/all.atom',
    feedContentType: 'application/atom+xml; charset=utf-8',
    pageContentType: 'text/html; charset=utf-8',
    chrome: METRO_WIRE_CHROME,
    prose: ENGLISH_PROSE,
    staff: ['Beatriz Santos', 'Callum Reid', 'Hannah Novak', 'Isaac Mensah'],
    firstTopic: 3,
    firstSerial: 2001,
    articlePath: (serial, title) => `/metro-wire/stories/${serial}-${slugify(title)}.html`,
    imagePath: (serial) => `/metro-wire/media/${serial}/lead.jpg`,
    feedLink: (url) => url,
    guid: (serial) => `tag:metro-wire.example,2026:story-${serial}`,
    page: metroWirePage,
    feed: metroWireAtom,
  },
  {
    slug: 'hankyung-ilbo',
    name: '한경일보',
    description: '한경일보 최신 뉴스',
    language: 'ko',
    format: 'rss',
    charset: 'euc-kr',
    feedPath: '/hankyung-ilbo/rss/allArticle.xml',
    // Deliberately without a charset: the XML declaration and <meta http-equiv> are the only clues.
    feedContentType: 'application/rss+xml',
    pageContentType: 'text/html',
    chrome: HANKYUNG_ILBO_CHROME,
    prose: KOREAN_PROSE,
    staff: ['김하늘', '이도현', '박소율', '최준호'],
    firstTopic: 0,
    firstSerial: 300001,
    articlePath: (serial) => `/hankyung-ilbo/news/articleView.html?idxno=${serial}`,
    imagePath: (serial) => `/hankyung-ilbo/news/photo/202601/${serial}_1_v150.jpg`,
    feedLink: (url) => url,
    guid: (_serial, url) => url,
    page: hankyungIlboPage,
    feed: hankyungIlboRss,
  },
];
