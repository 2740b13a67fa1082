/**
 * The bench newsroom: F feeds and their article pages served from many
 * loopback hosts (127.0.x.y all reach this machine, one HTTP server per
 * address), as real feeds are spread over many publishers, so per-host
 * politeness limits in the poller and parser apply as in production.
 *
 * Content is deterministic: titles, bodies, keywords, templates and page
 * sizes follow from (seed, article index); dates follow from `startMs` for
 * the initial articles and from the clock for those published later. Pages
 * are built on request and kept in a bounded cache, since 30,000 pages of
 * 100 KB would not fit comfortably in memory; a page that fell out is
 * rebuilt byte for byte.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { type FeedFormat, type FeedInfo, feedContentType, renderFeed } from './feed-documents';
import { articlePath, type Charset, renderPage, type Site, siteName, templateFor } from './pages';
import { type Language, storyHeader } from './prose';
import { seedFrom } from './random';

export interface BenchNewsroomOptions {
  /** F: how many feeds. */
  feeds: number;
  /** Distinct loopback hosts the feeds are spread over (feed f lives on host f mod hosts). */
  hosts: number;
  /** N: articles published before the start, round-robin over the feeds. */
  initialArticles: number;
  /** Same seed (and startMs), same bytes. Default 1. */
  seed?: number;
  /** Share of feeds that are Korean sites (default 0.2); half of those serve EUC-KR, half UTF-8. */
  koreanShare?: number;
  /** How many newest items a feed document lists (default 50). */
  itemsPerFeed?: number;
  /**
   * The initial articles are dated over the 24 hours before this instant
   * (default: now, to the second). Pass a fixed value for byte-identical runs.
   */
  startMs?: number;
  /** Pages kept encoded in memory (default 2,000); the rest are rebuilt on request. */
  pageCacheSize?: number;
}

export interface BenchArticle {
  url: string;
  feed: number;
  language: 'en' | 'ko';
  charset: 'utf-8' | 'euc-kr';
  publishedAtMs: number;
  keyword: string;
  title: string;
}

export interface BenchNewsroomStats {
  feed200: number;
  feed304: number;
  pages: number;
  /** Body bytes sent, feeds and pages. */
  bytes: number;
  notFound: number;
  /** Pages built (cache misses, including pageBytes calls) and the time spent building them. */
  pagesGenerated: number;
  generateMs: number;
}

export interface BenchNewsroom {
  feedUrls: string[];
  /** Every article published so far, in publish order. */
  articles: BenchArticle[];
  /** Publishes one article now on `feed` (default: the next feed round-robin); it tops that feed's document. */
  publish(feed?: number): BenchArticle;
  /** The exact bytes served for an article page. */
  pageBytes(url: string): Buffer;
  /** Requests served so far. */
  stats(): BenchNewsroomStats;
  close(): Promise<void>;
}

/** What the newsroom keeps per article: what feeds show; the page is rebuilt from the index. */
interface Article {
  public: BenchArticle;
  index: number;
  site: Site;
  summary: string;
  author: string;
}

interface Feed {
  index: number;
  site: Site;
  path: string;
  url: string;
  info: FeedInfo;
  /** Article indices, oldest first. */
  items: number[];
  lastModifiedMs: number;
  /** Serves the charset in Content-Type, or leaves it to the XML declaration. */
  charsetInHeader: boolean;
  document?: { body: Buffer; etag: string; lastModified: string; contentType: string };
}

const DAY_MS = 24 * 3600 * 1000;

/** 127.0.x.y for host h, as bench/feeds.ts numbers them: 250 hosts per third octet. */
export const hostAddress = (h: number): string => `127.0.${1 + Math.floor(h / 250)}.${1 + (h % 250)}`;

const FEED_NAMES: Record<Language, string[]> = {
  en: ['news', 'politics', 'business', 'world', 'climate', 'science', 'sport', 'culture', 'opinion', 'local'],
  ko: ['allArticle', 'S1N1', 'S1N2', 'S1N3', 'S1N4', 'S1N5', 'S1N6', 'S1N7', 'S1N8', 'S1N9'],
};

function feedPath(site: Site, format: FeedFormat, k: number): string {
  const name = FEED_NAMES[site.language][k] ?? `section-${k}`;
  if (format === 'json') return `/feeds/${name}.json`;
  return format === 'atom' ? `/atom/${name}.xml` : `/rss/${name}.xml`;
}

/**
 * A feed's format: English feeds are mostly RSS, a third Atom, one in eleven
 * JSON Feed; EUC-KR feeds are RSS (the XML declaration carries the charset);
 * UTF-8 Korean feeds are RSS or Atom.
 */
function formatOf(feed: number, site: Site): FeedFormat {
  if (site.language === 'ko') return site.charset === 'euc-kr' || feed % 3 !== 2 ? 'rss' : 'atom';
  const r = feed % 11;
  return r < 6 ? 'rss' : r < 10 ? 'atom' : 'json';
}

/** RFC 9110 §13.2.2: If-None-Match (weak comparison) when present, else If-Modified-Since. */
function notModified(headers: IncomingHttpHeaders, etag: string, lastModifiedMs: number): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  }
  const since = headers['if-modified-since'] ? Date.parse(headers['if-modified-since']) : Number.NaN;
  return !Number.isNaN(since) && lastModifiedMs <= since;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

export async function startBenchNewsroom(options: BenchNewsroomOptions): Promise<BenchNewsroom> {
  const feedCount = positiveInteger('feeds', options.feeds);
  const hostCount = Math.min(positiveInteger('hosts', options.hosts), feedCount);
  const initial = options.initialArticles;
  if (!Number.isInteger(initial) || initial < 0)
    throw new Error(`initialArticles must be >= 0, got ${initial}`);
  if (hostCount > 250 * 254) throw new Error('at most 63,500 hosts fit in 127.0.x.y');
  const seed = options.seed ?? 1;
  const koreanShare = options.koreanShare ?? 0.2;
  const itemsPerFeed = positiveInteger('itemsPerFeed', options.itemsPerFeed ?? 50);
  const cacheSize = positiveInteger('pageCacheSize', options.pageCacheSize ?? 2000);
  const startMs = options.startMs ?? Math.floor(Date.now() / 1000) * 1000;

  const servers: Server[] = [];
  const listen = (server: Server, port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  // Handlers are attached once the catalogue (whose URLs contain the port) exists.
  let handle: (host: number, req: IncomingMessage, res: ServerResponse) => void = (_h, _req, res) =>
    void res.writeHead(503).end();
  let port = 0;
  try {
    for (let h = 0; h < hostCount; h++) {
      const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => handle(h, req, res));
      servers.push(server);
      // The first server picks a free port; every other address reuses it.
      port = await listen(server, port, hostAddress(h));
    }
  } catch (error) {
    // Another process holds the port on some address: give back the ones already bound.
    for (const server of servers) server.close();
    throw error;
  }

  // Korean hosts are spread evenly (host h is Korean when ⌊(h+1)·share⌋ steps up).
  // They alternate EUC-KR / UTF-8, and templates go portal, paper, paper, portal…,
  // so that any two Korean hosts already cover both templates and both charsets.
  const sites: Site[] = [];
  let korean = 0;
  let english = 0;
  for (let h = 0; h < hostCount; h++) {
    const isKorean = Math.floor((h + 1) * koreanShare) > Math.floor(h * koreanShare);
    const language: Language = isKorean ? 'ko' : 'en';
    const charset: Charset = isKorean && korean % 2 === 0 ? 'euc-kr' : 'utf-8';
    const template = isKorean
      ? templateFor('ko', korean + Math.floor(korean / 2))
      : templateFor('en', english++);
    if (isKorean) korean++;
    const siteSeed = seedFrom(seed, 'site', h);
    sites.push({
      index: h,
      origin: `http://${hostAddress(h)}:${port}`,
      name: siteName(seed, h, language, template),
      language,
      charset,
      template,
      seed: siteSeed,
    });
  }

  const feeds: Feed[] = [];
  const routes = new Map<string, { feed: Feed } | { article: number }>();
  const routeKey = (host: number, path: string) => `${host} ${path}`;
  for (let f = 0; f < feedCount; f++) {
    const site = sites[f % hostCount]!;
    const k = Math.floor(f / hostCount);
    const format = formatOf(f, site);
    const path = feedPath(site, format, k);
    const url = site.origin + path;
    const info: FeedInfo = {
      title: `${site.name} – ${FEED_NAMES[site.language][k] ?? `section ${k}`}`,
      description: site.language === 'ko' ? `${site.name} 최신 기사` : `The latest stories from ${site.name}`,
      home: `${site.origin}/`,
      feedUrl: url,
      language: site.language,
      format,
      charset: format === 'json' ? 'utf-8' : site.charset,
    };
    // A host's feeds alternate, so that a single EUC-KR host already shows both ways.
    const charsetInHeader = k % 2 === 0;
    const feed: Feed = { index: f, site, path, url, info, items: [], lastModifiedMs: 0, charsetInHeader };
    feeds.push(feed);
    routes.set(routeKey(site.index, path), { feed });
  }

  const articles: Article[] = [];
  const add = (feedIndex: number, publishedAtMs: number): Article => {
    const feed = feeds[feedIndex]!;
    const { site } = feed;
    const index = articles.length;
    const header = storyHeader(seed, index, site.language);
    const path = articlePath(site, index, header.title, publishedAtMs);
    const article: Article = {
      index,
      site,
      summary: header.summary,
      author: header.author,
      public: {
        url: site.origin + path,
        feed: feedIndex,
        language: site.language,
        charset: site.charset,
        publishedAtMs,
        keyword: header.keyword,
        title: header.title,
      },
    };
    articles.push(article);
    routes.set(routeKey(site.index, path), { article: index });
    feed.items.push(index);
    // Strictly increasing, so If-Modified-Since never hides a publish within the same second.
    feed.lastModifiedMs = Math.max(feed.lastModifiedMs + 1000, Math.floor(publishedAtMs / 1000) * 1000);
    feed.document = undefined;
    return article;
  };
  for (let i = 0; i < initial; i++) {
    const ageSeconds = Math.round(((initial - i) * DAY_MS) / initial / 1000);
    add(i % feedCount, startMs - ageSeconds * 1000);
  }
  let nextFeed = initial % feedCount;

  const feedDocument = (feed: Feed) => {
    if (feed.document) return feed.document;
    const newest = feed.items.slice(-itemsPerFeed).reverse();
    const items = newest.map((i) => {
      const a = articles[i]!;
      return {
        url: a.public.url,
        title: a.public.title,
        summary: a.summary,
        author: a.author,
        publishedAtMs: a.public.publishedAtMs,
      };
    });
    const text = renderFeed(feed.info, items, feed.lastModifiedMs || startMs);
    feed.document = {
      body: feed.info.charset === 'euc-kr' ? iconv.encode(text, 'euc-kr') : Buffer.from(text, 'utf8'),
      // The number of items ever listed identifies a version: it changes with every publish.
      etag: `"${seed.toString(36)}-${feed.index}-${feed.items.length}"`,
      lastModified: new Date(feed.lastModifiedMs || startMs).toUTCString(),
      contentType: feedContentType(feed.info, feed.charsetInHeader),
    };
    return feed.document;
  };

  // Map iteration order is insertion order: re-inserting on a hit makes it an LRU.
  const pageCache = new Map<number, Buffer>();
  const counts: BenchNewsroomStats = {
    feed200: 0,
    feed304: 0,
    pages: 0,
    bytes: 0,
    notFound: 0,
    pagesGenerated: 0,
    generateMs: 0,
  };
  const page = (index: number): Buffer => {
    const cached = pageCache.get(index);
    if (cached) {
      pageCache.delete(index);
      pageCache.set(index, cached);
      return cached;
    }
    const started = performance.now();
    const article = articles[index]!;
    const { site } = article;
    const { bytes } = renderPage(site, {
      index,
      url: article.public.url,
      publishedAtMs: article.public.publishedAtMs,
      header: storyHeader(seed, index, site.language),
    });
    counts.generateMs += performance.now() - started;
    counts.pagesGenerated++;
    pageCache.set(index, bytes);
    if (pageCache.size > cacheSize) pageCache.delete(pageCache.keys().next().value!);
    return bytes;
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body?: Buffer,
  ) => {
    if (body) headers['Content-Length'] = String(body.length);
    res.writeHead(status, headers);
    if (body && req.method !== 'HEAD') {
      counts.bytes += body.length;
      res.end(body);
    } else res.end();
  };

  handle = (host, req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, { Allow: 'GET, HEAD' });
      return;
    }
    const route = routes.get(routeKey(host, req.url ?? '/'));
    if (!route) {
      counts.notFound++;
      send(
        req,
        res,
        404,
        { 'Content-Type': 'text/html; charset=utf-8' },
        Buffer.from('<!DOCTYPE html><title>Not found</title>\n'),
      );
      return;
    }
    if ('feed' in route) {
      const doc = feedDocument(route.feed);
      const validators = { ETag: doc.etag, 'Last-Modified': doc.lastModified };
      if (notModified(req.headers, doc.etag, route.feed.lastModifiedMs || startMs)) {
        counts.feed304++;
        send(req, res, 304, validators);
      } else {
        counts.feed200++;
        send(req, res, 200, { ...validators, 'Content-Type': doc.contentType }, doc.body);
      }
      return;
    }
    const article = articles[route.article]!;
    counts.pages++;
    // Half the EUC-KR sites say so only in the page's <meta>, as many Korean servers do.
    const type =
      article.site.charset === 'utf-8'
        ? 'text/html; charset=utf-8'
        : article.site.index % 4 < 2
          ? 'text/html'
          : 'text/html; charset=EUC-KR';
    send(req, res, 200, { 'Content-Type': type }, page(route.article));
  };

  const byUrl = (url: string): number => {
    const parsed = new URL(url);
    const site = sites.find((s) => s.origin === parsed.origin);
    const route = site && routes.get(routeKey(site.index, parsed.pathname + parsed.search));
    if (!route || !('article' in route)) throw new Error(`no article at ${url}`);
    return route.article;
  };

  // Published articles, exposed as the array itself so that `articles` stays current without copying.
  const published: BenchArticle[] = articles.map((a) => a.public);
  let closing: Promise<void> | undefined;
  return {
    feedUrls: feeds.map((f) => f.url),
    articles: published,
    publish(feed) {
      const target = feed ?? nextFeed;
      if (!Number.isInteger(target) || target < 0 || target >= feedCount)
        throw new Error(`no feed ${target}`);
      if (feed === undefined) nextFeed = (nextFeed + 1) % feedCount;
      const article = add(target, Date.now());
      published.push(article.public);
      return article.public;
    },
    pageBytes: (url) => page(byUrl(url)),
    stats: () => ({ ...counts }),
    close() {
      closing ??= Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve, reject) => {
              server.close((error) => (error ? reject(error) : resolve()));
              // Kept-alive client sockets would otherwise hold close() open.
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined);
      return closing;
    },
  };
}
