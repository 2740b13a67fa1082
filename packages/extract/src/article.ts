import type { SiteRules } from './rules';

/**
 * A cleaned article as extracted from one page. Optional fields are absent
 * (not empty strings) when the page does not provide them.
 */
export interface Article {
  /** Headline without the site-name prefix or suffix. */
  title: string;
  /** Deck / standfirst, when the page marks one. */
  subtitle?: string;
  /** Author names as the page gives them, comma-separated when several. */
  byline?: string;
  /** First publication, UTC ISO-8601. */
  publishedAt?: string;
  /**
   * Set when the page wrote `publishedAt` without a zone: the zone it was read in, the site's
   * (IANA name or offset, from the page's other dates or its language) or `UTC` when unknown.
   */
  dateZone?: string;
  /** Last modification, UTC ISO-8601. */
  updatedAt?: string;
  siteName?: string;
  /** BCP-47 primary subtag, e.g. "ko", "en". */
  language?: string;
  /** Absolute URL of the main image. */
  leadImage?: string;
  /** Image captions and photo credits, kept out of `text`. */
  captions: string[];
  /** Body as plain text: paragraphs separated by a blank line, whitespace collapsed. */
  text: string;
  /** Body as sanitised HTML with absolute links and images. */
  html: string;
  /** Word count of `text`; see countWords for how CJK text is counted. */
  wordCount: number;
  /**
   * Where `text` was found: `page` by the main-content search or the site's
   * keep rules, `page-fallback` by a fallback when that search found nothing
   * good enough (the platform's post container, a looser search), `feed` in
   * the feed item's own content (`extractFeedArticle`).
   */
  textSource: TextSource;
  /** The page shows only a teaser behind a paywall or consent wall (see paywall.ts). */
  paywalled?: boolean;
}

/** Where an article's text was found: the page (strictly or by a fallback) or the feed item. */
export type TextSource = 'page' | 'page-fallback' | 'feed';

/** Options for extractArticle. */
export interface ExtractOptions {
  /** The page's URL: base for relative links and images. */
  url: string;
  /** Operator-written CSS selectors for this page's site: what to drop, what the body is. */
  rules?: SiteRules;
  /** The fetch time (ms since the epoch): relative dates ("3 hours ago") count back from it. Default now. */
  now?: number;
}
