/** An article the newsroom has published: what a test expects the pipeline to find. */
export interface NewsroomArticle {
  /** Unique within the newsroom, e.g. `daily-planet-1001`. */
  id: string;
  /** The site slug, e.g. `hankyung-ilbo`. */
  site: string;
  /** Canonical absolute URL of the article page (no tracking parameters). */
  url: string;
  title: string;
  /** Body paragraphs exactly as they appear on the page. */
  paragraphs: string[];
  /** UTC ISO-8601. */
  publishedAt: string;
  language: 'en' | 'ko';
  /**
   * A made-up token (e.g. `zorblax4821`) that occurs once, in the body only,
   * and in no other article: searching for it finds exactly this article.
   */
  keyword: string;
}

/** A feed the newsroom serves. */
export interface NewsroomFeed {
  site: string;
  /** Absolute feed URL. */
  url: string;
  format: 'rss' | 'atom';
  /** The charset the feed and its article pages are encoded in. */
  charset: 'utf-8' | 'euc-kr';
  language: 'en' | 'ko';
}

/** A running local newsroom. */
export interface Newsroom {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  feeds: NewsroomFeed[];
  /** Every article currently published, oldest first per site. */
  articles: NewsroomArticle[];
  /** Publishes a new article on `site`; it appears at the top of that site's feed. */
  publish(site: string): NewsroomArticle;
  /**
   * How many requests reached `path`. A path without a query string counts
   * every request to that path whatever its query; one with a query string
   * (`/x?idxno=1`) counts requests with exactly that query. Absolute URLs are
   * accepted and reduced to their path.
   */
  requestCount(path: string): number;
  /** Stops the server, dropping kept-alive connections. */
  close(): Promise<void>;
}

/** Options for {@link startNewsroom}. */
export interface NewsroomOptions {
  /** Articles each site has published at start (default 3). */
  articlesPerSite?: number;
  /** Same seed, same articles, same bytes (default 1). */
  seed?: number;
}

/** What the newsroom knows about an article beyond its public description. */
export interface StoredArticle extends NewsroomArticle {
  serial: number;
  author: string;
  /** The lead sentence, used as the feed item's description. */
  summary: string;
  /** The item link as the feed shows it, possibly with tracking parameters. */
  feedLink: string;
  guid: string;
  caption: string;
  imageUrl: string;
  /** The nav section the article is filed under. */
  section: string;
  /** Seeds page-only choices (teaser order), so rendering never draws from the site's stream. */
  pageSeed: number;
}
