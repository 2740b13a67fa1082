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
   * good enough (the platform's post container, a looser search).
   */
  textSource: TextSource;
}

/** Where an article's text was found on the page. */
export type TextSource = 'page' | 'page-fallback';

/** Options for extractArticle. */
export interface ExtractOptions {
  /** The page's URL: base for relative links and images. */
  url: string;
  /** Operator-written CSS selectors for this page's site: what to drop, what the body is. */
  rules?: SiteRules;
}
