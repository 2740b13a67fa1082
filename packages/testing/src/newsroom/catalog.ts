/**
 * The newsroom's editorial state: its sites and feeds, which articles exist,
 * where they live, and publishing more. Content is deterministic: titles,
 * keywords and bodies follow from (seed, article index); dates from
 * `startMs` for the initial articles and from a simulated or the real clock
 * for those published later. Bodies are not kept: a page is rebuilt from the
 * article's header when asked for (30,000 stories would not fit comfortably).
 */
import type { FeedFormat, FeedInfo } from './feeds';
import { createRandom, seedFrom } from './random';
import type { NewsroomSite } from './sites';
import { type StoryHeader, storyHeader } from './story';

const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60_000;

/** A feed of the newsroom and its items. */
export interface CatalogFeed {
  index: number;
  site: NewsroomSite;
  path: string;
  url: string;
  format: FeedFormat;
  info: FeedInfo;
  charsetInHeader: boolean;
  /** Article indices, oldest first. */
  items: number[];
  /** Strictly increasing with every publish and edit, so If-Modified-Since never hides one. */
  lastModifiedMs: number;
  /** Items listed or edited so far: a new value is a new version of the feed document. */
  changes: number;
  /** Served with ETag and Last-Modified and answering conditional GETs with 304; else always 200, no validators. */
  validators: boolean;
}

/** What the newsroom keeps per article; the body is rewritten from `header` on demand. */
export interface CatalogArticle {
  index: number;
  id: string;
  serial: number;
  site: NewsroomSite;
  feed: CatalogFeed;
  path: string;
  url: string;
  /** The header's title, made unique within the newsroom, as first published. */
  firstTitle: string;
  /** The title now: `firstTitle`, with its revision mark once edited. */
  title: string;
  header: StoryHeader;
  publishedAtMs: number;
  /** Times the article was edited at its source (0: as first published). */
  revision: number;
}

export interface CatalogOptions {
  seed: number;
  sites: NewsroomSite[];
  feeds: number;
  /** Share of feeds served without validators (0–1). */
  validatorlessShare: number;
  initialArticles: number;
  /** The initial articles are dated over the 24 hours before this instant. */
  startMs: number;
  /** Publish at `Date.now()` (a benchmark's freshness) rather than on a seeded clock (byte-identical runs). */
  liveClock: boolean;
  onAdd(article: CatalogArticle): void;
}

/** The newsroom's sites, feeds and articles, and publishing more. */
export interface Catalog {
  sites: NewsroomSite[];
  feeds: CatalogFeed[];
  /** Every article, in publish order. */
  articles: CatalogArticle[];
  /** Publishes on the feed (or site slug's first feed; default: the next feed round-robin). */
  publish(target?: number | string): CatalogArticle;
  /** Edits an article in place: a new revision of its headline, in its feed item and on its page. */
  revise(article: CatalogArticle): CatalogArticle;
  /** The article whose page is `path` (with query, tracking parameters removed) on `host`. */
  articleAt(host: number, path: string): CatalogArticle | undefined;
  feedAt(host: number, path: string): CatalogFeed | undefined;
}

/** Builds the catalog: feed f belongs to site f mod sites; article i goes to feed i mod feeds. */
export function createCatalog(options: CatalogOptions): Catalog {
  const { seed, sites } = options;
  const key = (host: number, path: string) => `${host} ${path}`;
  const feedRoutes = new Map<string, CatalogFeed>();
  const articleRoutes = new Map<string, CatalogArticle>();
  const feeds: CatalogFeed[] = [];
  for (let f = 0; f < options.feeds; f++) {
    const site = sites[f % sites.length]!;
    const { path, format, title, charsetInHeader } = site.feed(Math.floor(f / sites.length), f);
    const url = site.origin + path;
    const home =
      site.template && 'classic' in site.template ? `${site.origin}/${site.slug}/` : `${site.origin}/`;
    const info: FeedInfo = {
      title,
      description: site.description,
      home,
      feedUrl: url,
      language: site.language,
      format,
      charset: format === 'json' ? 'utf-8' : site.charset,
    };
    const feed: CatalogFeed = {
      index: f,
      site,
      path,
      url,
      format,
      info,
      charsetInHeader,
      items: [],
      lastModifiedMs: 0,
      changes: 0,
      // Spread evenly, as Korean sites are: feed f is one when ⌊(f+1)·share⌋ steps up (share ½: the odd feeds).
      validators:
        Math.floor((f + 1) * options.validatorlessShare) === Math.floor(f * options.validatorlessShare),
    };
    feeds.push(feed);
    feedRoutes.set(key(site.host, path), feed);
  }

  const articles: CatalogArticle[] = [];
  const serials = new Map<NewsroomSite, number>();
  const titles = new Set<string>();
  /**
   * Per headline and language: every numbered variant below this part is
   * already a title. The story book repeats headlines (40,000 articles hold
   * over 300 of one), and counting up from part 2 each time made building a
   * bench-sized catalog quadratic; starting here skips only variants the
   * loop would have rejected anyway, so the titles chosen are unchanged.
   */
  const firstFreePart = new Map<string, number>();
  /** A headline no other article has, whose page path is free too (slugs can collide where titles don't). */
  const uniqueTitle = (title: string, site: NewsroomSite, pathOf: (title: string) => string): string => {
    const variant = (part: number) =>
      site.language === 'ko' ? `${title}(${part}보)` : `${title} (update ${part})`;
    const memo = `${site.language} ${title}`;
    let candidate = title;
    for (
      let part = firstFreePart.get(memo) ?? 2;
      titles.has(candidate) || articleRoutes.has(key(site.host, pathOf(candidate)));
      part++
    ) {
      candidate = variant(part);
    }
    titles.add(candidate);
    let free = firstFreePart.get(memo) ?? 2;
    while (titles.has(variant(free))) free++;
    firstFreePart.set(memo, free);
    return candidate;
  };

  const touch = (feed: CatalogFeed, changedAtMs: number) => {
    feed.changes++;
    feed.lastModifiedMs = Math.max(feed.lastModifiedMs + 1000, Math.floor(changedAtMs / 1000) * 1000);
  };

  const add = (feed: CatalogFeed, publishedAtMs: number): CatalogArticle => {
    const { site } = feed;
    const index = articles.length;
    const serial = serials.get(site) ?? site.firstSerial;
    serials.set(site, serial + 1);
    const header = storyHeader(seed, index, site.language);
    const pathOf = (title: string) => site.articlePath({ index, serial, title, publishedAtMs });
    const title = uniqueTitle(header.title, site, pathOf);
    const path = pathOf(title);
    const article: CatalogArticle = {
      index,
      id: `${site.slug}-${serial}`,
      serial,
      site,
      feed,
      path,
      url: site.origin + path,
      firstTitle: title,
      title,
      header,
      publishedAtMs,
      revision: 0,
    };
    articles.push(article);
    articleRoutes.set(key(site.host, path), article);
    feed.items.push(index);
    touch(feed, publishedAtMs);
    options.onAdd(article);
    return article;
  };

  const initial = options.initialArticles;
  for (let i = 0; i < initial; i++) {
    const ageSeconds = Math.round(((initial - i) * DAY_MS) / initial / 1000);
    add(feeds[i % feeds.length]!, options.startMs - ageSeconds * 1000);
  }

  let nextFeed = initial % feeds.length;
  const clock = createRandom(seedFrom(seed, 'clock'));
  let lastPublishedMs = articles.at(-1)?.publishedAtMs ?? options.startMs;
  const feedOf = (target: number | string | undefined): CatalogFeed => {
    if (target === undefined) {
      const feed = feeds[nextFeed]!;
      nextFeed = (nextFeed + 1) % feeds.length;
      return feed;
    }
    const feed =
      typeof target === 'number' ? feeds[target] : feeds.find((candidate) => candidate.site.slug === target);
    if (!feed) {
      const known =
        typeof target === 'number' ? `0–${feeds.length - 1}` : sites.map((s) => s.slug).join(', ');
      throw new Error(`unknown newsroom site or feed "${target}"; known: ${known}`);
    }
    return feed;
  };

  return {
    sites,
    feeds,
    articles,
    publish: (target) => {
      const feed = feedOf(target);
      // A seeded clock a few minutes on from the last publish keeps runs byte-identical.
      lastPublishedMs = options.liveClock ? Date.now() : lastPublishedMs + clock.int(5, 45) * MINUTE_MS;
      return add(feed, lastPublishedMs);
    },
    revise: (article) => {
      // Marked on the first headline, so each revision's title is new and no other article's.
      article.revision++;
      article.title = `${article.firstTitle} [${article.site.language === 'ko' ? '수정' : 'revised'} ${article.revision}]`;
      titles.add(article.title);
      touch(article.feed, options.liveClock ? Date.now() : lastPublishedMs);
      return article;
    },
    articleAt: (host, path) => articleRoutes.get(key(host, path)),
    feedAt: (host, path) => feedRoutes.get(key(host, path)),
  };
}
