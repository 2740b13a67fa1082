/** One entry of a feed, normalised: absolute http(s) links, dates as UTC ISO-8601, text trimmed. */
export interface FeedItem {
  guid?: string;
  title?: string;
  /** Absolute URL of the article, resolved against the feed URL. */
  link?: string;
  publishedAt?: string;
  /**
   * Set when the feed wrote `publishedAt` without a zone: the zone it was read in, the site's
   * (an offset the feed's other dates state, else its language's) or `UTC` when unknown.
   */
  dateZone?: string;
  updatedAt?: string;
  author?: string;
  /** Plain-text teaser (description / summary with markup removed). */
  summary?: string;
  /**
   * The fullest HTML the feed carries for the item (content:encoded, Atom content, or description),
   * relative `href`/`src` made absolute against the xml:base in effect (else the feed URL). Not sanitised.
   */
  contentHtml?: string;
  categories?: string[];
  /** Absolute URL of the item's lead image (media:*, enclosure, itunes:image). */
  imageUrl?: string;
}

/** A feed document reduced to what the pipeline uses. */
export interface ParsedFeed {
  /** Feed title; empty string when the feed has none. */
  title: string;
  /** Website the feed belongs to (absolute); falls back to the feed URL, or empty string. */
  link: string;
  language?: string;
  /** The newest of the feed's own dates; when it states none, the newest date of its items. */
  updatedAt?: string;
  /**
   * How often the publisher says to check, in seconds: RSS `<ttl>` (minutes)
   * or `sy:updatePeriod` / `sy:updateFrequency`, whichever is longer.
   */
  updateIntervalSeconds?: number;
  items: FeedItem[];
}

/** Options for {@link parseFeed}. */
export interface ParseFeedOptions {
  /** Where the feed was fetched from; relative links resolve against it. */
  url?: string;
  /** HTTP Content-Type, used for its charset. */
  contentType?: string;
}

/** A feed to subscribe to, as listed in OPML or a feeds file. */
export interface FeedSource {
  /** The feed URL as written in the list (not canonicalised or validated). */
  url: string;
  title?: string;
  intervalSeconds?: number;
  /** OPML folder names and `category` attributes, kept as tags. */
  categories?: string[];
}
