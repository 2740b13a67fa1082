import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from './newsroom-catalog';
import { notModified } from './newsroom-conditional';
import { encodeAs } from './newsroom-encoding';
import type { SiteDefinition } from './newsroom-sites';
import type { StoredArticle } from './newsroom-types';

/** Serves a catalog over HTTP and remembers which paths were asked for. */
export interface NewsroomHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  requestCount(path: string): number;
}

interface CachedFeed {
  version: number;
  body: Buffer;
  etag: string;
  lastModified: string;
}

/** Path and query of a request as the newsroom's CMS sees it: tracking parameters ignored, like real sites. */
function routeOf(url: URL): string {
  const query = new URLSearchParams(url.search);
  for (const name of [...query.keys()]) {
    if (name.startsWith('utm_') || name === 'fbclid' || name === 'gclid') query.delete(name);
  }
  const rest = query.toString();
  return rest ? `${url.pathname}?${rest}` : url.pathname;
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: Buffer,
): void {
  res.writeHead(status, body ? { ...headers, 'Content-Length': String(body.length) } : headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

const NOT_FOUND = Buffer.from('<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>\n');

/**
 * Routes feed paths to feeds (with ETag / Last-Modified and 304s), article
 * paths to pages, anything else to 404. Encoded bodies are cached: pages
 * never change, feeds change only when the catalog's version moves.
 */
export function createNewsroomHandler(catalog: Catalog, base: string): NewsroomHandler {
  const byPath = new Map<string, number>();
  const byPathAndQuery = new Map<string, number>();
  const feeds = new Map<string, CachedFeed>();
  const pages = new Map<string, Buffer>();
  const home = (site: SiteDefinition) => `${base}/${site.slug}/`;
  const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

  const feedOf = (site: SiteDefinition): CachedFeed => {
    const { articles, version } = catalog.feedOf(site.slug);
    const cached = feeds.get(site.slug);
    if (cached?.version === version) return cached;
    const document = site.feed({
      siteName: site.name,
      description: site.description,
      home: home(site),
      feedUrl: base + site.feedPath,
      articles,
    });
    const body = encodeAs(document, site.charset);
    const feed: CachedFeed = {
      version,
      body,
      etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 24)}"`,
      lastModified: new Date(articles[0]?.publishedAt ?? '2026-01-01T00:00:00Z').toUTCString(),
    };
    feeds.set(site.slug, feed);
    return feed;
  };

  const pageOf = (site: SiteDefinition, article: StoredArticle): Buffer => {
    let page = pages.get(article.id);
    if (!page) {
      const document = site.page({
        article,
        chrome: site.chrome,
        siteName: site.name,
        home: home(site),
        feedUrl: base + site.feedPath,
      });
      page = encodeAs(document, site.charset);
      pages.set(article.id, page);
    }
    return page;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://newsroom.invalid');
    bump(byPath, url.pathname);
    if (url.search) bump(byPathAndQuery, url.pathname + url.search);

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(
        req,
        res,
        405,
        { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
        Buffer.from('Method not allowed\n'),
      );
      return;
    }
    const feedSite = catalog.sites.find((site) => site.feedPath === url.pathname);
    if (feedSite) {
      const feed = feedOf(feedSite);
      const validators = { ETag: feed.etag, 'Last-Modified': feed.lastModified };
      if (notModified(req.headers, feed.etag, feed.lastModified)) send(req, res, 304, validators);
      else send(req, res, 200, { ...validators, 'Content-Type': feedSite.feedContentType }, feed.body);
      return;
    }
    const article = catalog.articleAt(routeOf(url));
    const articleSite = article && catalog.sites.find((site) => site.slug === article.site);
    if (article && articleSite) {
      send(req, res, 200, { 'Content-Type': articleSite.pageContentType }, pageOf(articleSite, article));
      return;
    }
    send(req, res, 404, { 'Content-Type': 'text/html; charset=utf-8' }, NOT_FOUND);
  };

  const requestCount = (path: string): number => {
    const target = new URL(path, 'http://newsroom.invalid');
    return target.search
      ? (byPathAndQuery.get(target.pathname + target.search) ?? 0)
      : (byPath.get(target.pathname) ?? 0);
  };

  return { handle, requestCount };
}
