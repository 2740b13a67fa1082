/**
 * The synthetic newsroom: one generator for every test and benchmark that
 * needs news sites, from the end-to-end test's three hand-made sites to the
 * bench's thousands of 100 KB pages over a hundred loopback hosts.
 */
import { type CatalogArticle, createCatalog } from './catalog';
import type { ClassicChrome } from './classic-pages';
import type { Charset } from './encoding';
import type { FeedFormat } from './feeds';
import { createPageCache, type PageOptions, paragraphsOf } from './pages';
import { ENGLISH, KOREAN, type Language } from './prose';
import { PUBLISHER_PAGES } from './publisher-pages';
import { createHandler, listen, type NewsroomHandler, type NewsroomStats } from './server';
import { classicSites, type NewsroomSite, publisherSites } from './sites';
import { SHORT_LENGTH, type StoryLength } from './story';

export type { NewsroomStats } from './server';

/** An article the newsroom has published: what a test or benchmark expects the pipeline to find. */
export interface NewsroomArticle {
  /** Unique within the newsroom, e.g. `daily-planet-1001`. */
  id: string;
  /** The site slug, e.g. `hankyung-ilbo` (generated publishers: `site-7`). */
  site: string;
  /** Index of the feed that lists it. */
  feed: number;
  /** Canonical absolute URL of the article page (no tracking parameters). */
  url: string;
  /** The headline now, on the page and in the feed item (with its revision mark once revised). */
  title: string;
  /** Times the article was edited at its source ({@link Newsroom.revise}); 0 as first published. */
  revision: number;
  /** Body paragraphs exactly as they appear on the page (written on each read, not stored). */
  readonly paragraphs: string[];
  /** UTC ISO-8601. */
  publishedAt: string;
  publishedAtMs: number;
  language: Language;
  charset: Charset;
  /**
   * A made-up token (e.g. `zorblax000482`) that occurs once, in the body only,
   * and in no other article: searching for it finds exactly this article.
   */
  keyword: string;
}

/** A feed the newsroom serves. */
export interface NewsroomFeed {
  site: string;
  /** Absolute feed URL. */
  url: string;
  format: FeedFormat;
  /** The charset the feed and its article pages are encoded in. */
  charset: Charset;
  language: Language;
  /**
   * Whether the feed is served with ETag and Last-Modified and answers a
   * matching conditional GET with 304; when false it always answers 200 with
   * the full document (see {@link NewsroomOptions.validatorlessShare}).
   */
  validators: boolean;
}

/** A running newsroom. */
export interface Newsroom {
  /** Base URL of the first host, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  feeds: NewsroomFeed[];
  /** Every article published so far, in publish order; the same array, kept current. */
  articles: NewsroomArticle[];
  /**
   * Publishes a new article on a site (its slug: on its first feed), on a feed
   * (its index), or on the next feed round-robin; it tops that feed.
   */
  publish(target?: string | number): NewsroomArticle;
  /**
   * Edits a published article at its source, as a correction would: its
   * headline gets a revision mark (`[revised 2]`, Korean `[수정 2]`) in its
   * feed item and on its page, and its feed's validators change. The URL
   * stays. Returns the article as it now reads; `articles` is updated too.
   */
  revise(url: string): NewsroomArticle;
  /** The exact bytes served for an article page. */
  pageBytes(url: string): Buffer;
  /**
   * How many requests reached `path`, on any host. A path without a query
   * string counts every request to that path whatever its query; one with a
   * query string (`/x?idxno=1`) counts requests with exactly that query.
   * Absolute URLs are accepted and reduced to their path.
   */
  requestCount(path: string): number;
  /** Requests served and pages built so far. */
  stats(): NewsroomStats;
  /** Stops the servers, dropping kept-alive connections. */
  close(): Promise<void>;
}

/** Options for {@link startNewsroom}; the defaults make the small, fixed test newsroom. */
export interface NewsroomOptions {
  /** Same seed (and start time), same articles, same bytes (default 1). */
  seed?: number;
  /**
   * `'classic'` (default): three hand-made sites on 127.0.0.1 — `daily-planet`
   * (English RSS 2.0 with `utm_*` links), `metro-wire` (English Atom, JSON-LD
   * pages) and `hankyung-ilbo` (Korean RSS and pages in EUC-KR/CP949, the
   * charset declared only inside the documents), small pages whose every
   * boilerplate phrase is in BOILERPLATE. A number: that many generated
   * publishers, one per host, in five page templates (broadsheet, wire,
   * magazine; Korean portal and paper, EUC-KR or UTF-8), RSS, Atom and JSON Feed.
   */
  sites?: 'classic' | number;
  /** Generated publishers only: share of Korean sites (default 0.2). */
  koreanShare?: number;
  /**
   * Generated publishers only: loopback hosts, 127.0.x.y (default 1, which is
   * 127.0.0.1). Sites beyond the host count are not allowed: a site is a host.
   */
  hosts?: number;
  /** Feeds, over the sites round-robin (default one per site). */
  feeds?: number;
  /** Articles each site has published at start (default 3). */
  articlesPerSite?: number;
  /** Or: articles published at start in all, round-robin over the feeds. */
  articles?: number;
  /** How many newest items a feed lists (default 50); older articles stay online. */
  itemsPerFeed?: number;
  /**
   * Share of feeds (0–1, default 0) served as some real servers serve them:
   * no ETag or Last-Modified, and 200 with the full document to every GET,
   * conditional or not, so a poller re-downloads and re-parses them on every
   * poll. They are spread evenly over the feeds (½: every odd-numbered feed);
   * `feeds[i].validators` tells which.
   */
  validatorlessShare?: number;
  /** The initial articles are dated over the 24 hours before this (default 2026-01-15T09:00Z). */
  startMs?: number;
  /** publish() dates articles at `Date.now()` (default false: a seeded clock, minutes after the last). */
  liveClock?: boolean;
  /** Pages kept encoded in memory (default 2,000); the rest are rebuilt on request. */
  pageCacheSize?: number;
  /** Generated publishers' page sizes in bytes (default 54–146 KiB). */
  pageBytes?: [min: number, max: number];
  /** Story length on generated publishers' pages (default 400–1,200 words). */
  storyWords?: [min: number, max: number];
}

const DEFAULT_START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

/** 127.0.0.1 for a single host; else 127.0.x.y for host h, 250 hosts per third octet. */
export const hostAddress = (h: number, hosts: number): string =>
  hosts === 1 ? '127.0.0.1' : `127.0.${1 + Math.floor(h / 250)}.${1 + (h % 250)}`;

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** The public view of an article; `paragraphs` is written when read. */
function describe(article: CatalogArticle, pageOptions: PageOptions): NewsroomArticle {
  const view = {
    id: article.id,
    site: article.site.slug,
    feed: article.feed.index,
    url: article.url,
    title: article.title,
    revision: article.revision,
    publishedAt: new Date(article.publishedAtMs).toISOString(),
    publishedAtMs: article.publishedAtMs,
    language: article.site.language,
    charset: article.site.charset,
    keyword: article.header.keyword,
  };
  // Enumerable, so that JSON and deep equality see it like any other field.
  return Object.defineProperty(view, 'paragraphs', {
    enumerable: true,
    get: () => paragraphsOf(article, pageOptions),
  }) as NewsroomArticle;
}

/**
 * Starts the newsroom on loopback. Feeds answer conditional GETs with 304;
 * pages are served under their canonical and their tracking-parameter links.
 * Content, dates included, is deterministic for a given seed and start time.
 */
export async function startNewsroom(options: NewsroomOptions = {}): Promise<Newsroom> {
  const seed = options.seed ?? 1;
  const classic = (options.sites ?? 'classic') === 'classic';
  const siteCount = classic ? 3 : count('sites', options.sites as number, 1);
  const hosts = classic ? 1 : count('hosts', options.hosts ?? siteCount, 1);
  if (!classic && hosts !== siteCount)
    throw new Error(`generated publishers are one per host: sites ${siteCount}, hosts ${hosts}`);
  if (hosts > 250 * 254) throw new Error('at most 63,500 hosts fit in 127.0.x.y');
  const feeds = count('feeds', options.feeds ?? siteCount, siteCount);
  if (options.articles !== undefined && options.articlesPerSite !== undefined)
    throw new Error('give articles or articlesPerSite, not both');
  const initialArticles =
    options.articles !== undefined
      ? count('articles', options.articles, 0)
      : count('articlesPerSite', options.articlesPerSite ?? 3, 0) * siteCount;
  const startMs = options.startMs ?? DEFAULT_START_MS;
  const validatorlessShare = options.validatorlessShare ?? 0;
  if (!(validatorlessShare >= 0 && validatorlessShare <= 1))
    throw new Error(`validatorlessShare must be between 0 and 1, got ${validatorlessShare}`);
  const pageOptions: PageOptions = {
    seed,
    cacheSize: count('pageCacheSize', options.pageCacheSize ?? 2000, 1),
    publisherPages: {
      bytes: options.pageBytes ?? PUBLISHER_PAGES.bytes,
      story: options.storyWords ? { words: options.storyWords } : PUBLISHER_PAGES.story,
    },
    classicStory: SHORT_LENGTH satisfies StoryLength,
  };

  let handler: NewsroomHandler | undefined;
  const addresses = Array.from({ length: hosts }, (_, h) => hostAddress(h, hosts));
  const servers = await listen(addresses, () => handler);
  const originOf = (h: number) => `http://${addresses[h]}:${servers.port}`;
  const sites: NewsroomSite[] = classic
    ? classicSites(originOf(0))
    : publisherSites(siteCount, seed, options.koreanShare ?? 0.2, originOf);

  const published: NewsroomArticle[] = [];
  const catalog = createCatalog({
    seed,
    sites,
    feeds,
    validatorlessShare,
    initialArticles,
    startMs,
    liveClock: options.liveClock ?? false,
    onAdd: (article) => published.push(describe(article, pageOptions)),
  });
  const pages = createPageCache(pageOptions);
  const ready = createHandler(catalog, pages, count('itemsPerFeed', options.itemsPerFeed ?? 50, 1), startMs);
  handler = ready;

  const articleAtUrl = (url: string): CatalogArticle => {
    const parsed = new URL(url);
    const site = sites.find((candidate) => candidate.origin === parsed.origin);
    const article = site && catalog.articleAt(site.host, parsed.pathname + parsed.search);
    if (!article) throw new Error(`no article at ${url}`);
    return article;
  };

  return {
    url: originOf(0),
    feeds: catalog.feeds.map((feed) => ({
      site: feed.site.slug,
      url: feed.url,
      format: feed.format,
      charset: feed.info.charset,
      language: feed.site.language,
      validators: feed.validators,
    })),
    articles: published,
    publish: (target) => published[catalog.publish(target).index]!,
    revise: (url) => {
      const article = catalog.revise(articleAtUrl(url));
      pages.forget(article);
      published[article.index] = describe(article, pageOptions);
      return published[article.index]!;
    },
    pageBytes: (url) => pages.page(articleAtUrl(url)),
    requestCount: (path) => ready.requestCount(path),
    stats: () => ready.stats(),
    close: () => servers.close(),
  };
}

function phrasesOf(chromes: ClassicChrome[]): string[] {
  const phrases = chromes.flatMap((chrome) => [
    ...chrome.nav,
    chrome.breadcrumbHome,
    ...chrome.share,
    chrome.relatedHeading,
    ...chrome.teasers,
    chrome.mostViewedHeading,
    ...chrome.newsletter,
    ...chrome.captions,
    chrome.photoCredit,
    chrome.advertisement,
    ...chrome.footerLinks,
    ...chrome.copyright,
    chrome.scriptMarker,
  ]);
  return [...new Set(phrases)];
}

/**
 * Exact phrases that appear on the classic sites' pages but must never appear
 * in the text extracted from them: navigation labels, share buttons, related
 * and most-viewed teaser headlines, newsletter prompts, photo captions and
 * credits, advertising labels, footer links, copyright lines and an
 * inline-script token.
 */
export const BOILERPLATE: { en: string[]; ko: string[] } = {
  en: phrasesOf(Object.values(ENGLISH.classicSites)),
  ko: phrasesOf(Object.values(KOREAN.classicSites)),
};
