/**
 * What a format reader extracts, before normalisation: raw strings straight from the document.
 * Every reader (rss-parser, the lenient XML reader, JSON Feed) produces this shape, so the rules
 * for links, dates and text live in one place (normalize.ts).
 */
export interface DraftItem {
  guid?: string;
  title?: string;
  link?: string;
  /** Date candidates, best first: the first readable one is used, so one bad date drops only itself. */
  published?: string[];
  updated?: string[];
  author?: string;
  /** Teaser markup: RSS description, Atom summary. */
  summaryHtml?: string;
  /** Full markup: content:encoded, Atom content, JSON content_html. */
  contentHtml?: string;
  categories?: string[];
  /** Candidate image URLs, best first. */
  images?: string[];
  /** xml:base in effect for the item, if the document set one. */
  base?: string;
}

/** Feed-level fields as found in the document. */
export interface DraftFeed {
  title?: string;
  link?: string;
  language?: string;
  updated?: string[];
  /** xml:base of the feed element. */
  base?: string;
  /** RSS `<ttl>` (minutes) and the syndication module's update schedule, as written. */
  ttl?: string;
  updatePeriod?: string;
  updateFrequency?: string;
  items: DraftItem[];
}
