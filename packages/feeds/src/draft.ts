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
  /**
   * The xml:base attributes above and on the item, outermost first (root, channel, item); each
   * may be relative to the one before it.
   */
  bases?: string[];
  /** xml:base on the element the link, content or summary came from (relative to the item's). */
  linkBase?: string;
  contentBase?: string;
  summaryBase?: string;
}

/** Feed-level fields as found in the document. */
export interface DraftFeed {
  title?: string;
  link?: string;
  language?: string;
  updated?: string[];
  /** The xml:base attributes down to the element holding the feed's fields, outermost first. */
  bases?: string[];
  /** xml:base on the feed's link element. */
  linkBase?: string;
  /** RSS `<ttl>` (minutes) and the syndication module's update schedule, as written. */
  ttl?: string;
  updatePeriod?: string;
  updateFrequency?: string;
  items: DraftItem[];
}
