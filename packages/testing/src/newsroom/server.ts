/**
 * The newsroom over HTTP: one server per loopback host, all on one port.
 * Feeds get ETag / Last-Modified and 304s (unless made validatorless), article pages 200 (also under
 * their tracking-parameter links), anything else 404. Counts requests by
 * path (for tests) and by kind (for benchmarks).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog, CatalogFeed } from './catalog';
import { notModified } from './conditional';
import { encode } from './encoding';
import { feedContentType, renderFeed } from './feeds';
import type { PageCache } from './pages';

/** Requests served so far. */
export interface NewsroomStats {
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

export interface NewsroomHandler {
  handle(host: number, req: IncomingMessage, res: ServerResponse): void;
  requestCount(path: string): number;
  stats(): NewsroomStats;
}

interface FeedDocument {
  /** The feed's count of changes identifies a version: it changes with every publish and edit. */
  version: number;
  body: Buffer;
  etag: string;
  lastModified: string;
  contentType: string;
}

/** Path and query of a request as a CMS sees it: tracking parameters ignored, like real sites. */
function routeOf(url: URL): string {
  const query = new URLSearchParams(url.search);
  for (const name of [...query.keys()]) {
    if (name.startsWith('utm_') || name === 'fbclid' || name === 'gclid') query.delete(name);
  }
  const rest = query.toString();
  return rest ? `${url.pathname}?${rest}` : url.pathname;
}

const NOT_FOUND = Buffer.from('<!DOCTYPE html><title>Not found</title><h1>Page not found</h1>\n');

/** Routes requests for the catalog's feeds and pages. */
export function createHandler(
  catalog: Catalog,
  pages: PageCache,
  itemsPerFeed: number,
  startMs: number,
): NewsroomHandler {
  const byPath = new Map<string, number>();
  const byPathAndQuery = new Map<string, number>();
  const documents = new Map<CatalogFeed, FeedDocument>();
  const counts = { feed200: 0, feed304: 0, pages: 0, bytes: 0, notFound: 0 };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  const documentOf = (feed: CatalogFeed): FeedDocument => {
    const cached = documents.get(feed);
    if (cached?.version === feed.changes) return cached;
    const items = feed.items
      .slice(-itemsPerFeed)
      .reverse()
      .map((index) => {
        const article = catalog.articles[index]!;
        return {
          link: article.site.feedLink(article.url),
          guid: article.site.guid(article.serial, article.url),
          title: article.title,
          summary: article.header.summary,
          author: article.header.author,
          publishedAtMs: article.publishedAtMs,
        };
      });
    const updatedMs = feed.lastModifiedMs || startMs;
    const body = encode(renderFeed(feed.info, items, updatedMs), feed.info.charset);
    const document = {
      version: feed.changes,
      body,
      etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 24)}"`,
      lastModified: new Date(updatedMs).toUTCString(),
      contentType: feedContentType(feed.info, feed.charsetInHeader),
    };
    documents.set(feed, document);
    return document;
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body?: Buffer,
  ) => {
    res.writeHead(status, body ? { ...headers, 'Content-Length': String(body.length) } : headers);
    if (body && req.method !== 'HEAD') {
      counts.bytes += body.length;
      res.end(body);
    } else res.end();
  };

  const handle = (host: number, req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://newsroom.invalid');
    bump(byPath, url.pathname);
    if (url.search) bump(byPathAndQuery, url.pathname + url.search);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const text = { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' };
      send(req, res, 405, text, Buffer.from('Method not allowed\n'));
      return;
    }
    const feed = catalog.feedAt(host, url.pathname);
    if (feed) {
      const doc = documentOf(feed);
      if (!feed.validators) {
        // A server that ignores If-None-Match / If-Modified-Since and sends no validators.
        counts.feed200++;
        send(req, res, 200, { 'Content-Type': doc.contentType }, doc.body);
        return;
      }
      const validators = { ETag: doc.etag, 'Last-Modified': doc.lastModified };
      if (notModified(req.headers, doc.etag, doc.lastModified)) {
        counts.feed304++;
        send(req, res, 304, validators);
      } else {
        counts.feed200++;
        send(req, res, 200, { ...validators, 'Content-Type': doc.contentType }, doc.body);
      }
      return;
    }
    const article = catalog.articleAt(host, routeOf(url));
    if (article) {
      counts.pages++;
      const type = article.site.pageCharsetInHeader
        ? `text/html; charset=${article.site.charset === 'utf-8' ? 'utf-8' : 'EUC-KR'}`
        : 'text/html';
      send(req, res, 200, { 'Content-Type': type }, pages.page(article));
      return;
    }
    counts.notFound++;
    send(req, res, 404, { 'Content-Type': 'text/html; charset=utf-8' }, NOT_FOUND);
  };

  const requestCount = (path: string): number => {
    const target = new URL(path, 'http://newsroom.invalid');
    return target.search
      ? (byPathAndQuery.get(target.pathname + target.search) ?? 0)
      : (byPath.get(target.pathname) ?? 0);
  };

  return { handle, requestCount, stats: () => ({ ...counts, ...pages.stats() }) };
}

/** Listening servers, one per address, and stopping them all. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * Binds one server per address; the first picks a free port and every other
 * address reuses it. Requests are passed to `handle` with the host's index,
 * which is attached later (article URLs contain the port, so the catalog can
 * only be written once the servers listen); until then they get 503.
 */
export async function listen(
  addresses: string[],
  handle: () => NewsroomHandler | undefined,
): Promise<Listening> {
  const servers: Server[] = [];
  let port = 0;
  try {
    for (const [host, address] of addresses.entries()) {
      const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
        const handler = handle();
        if (handler) handler.handle(host, req, res);
        else res.writeHead(503).end();
      });
      servers.push(server);
      port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, address, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    }
  } catch (error) {
    // Another process holds the port on some address: give back the ones already bound.
    for (const server of servers) server.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            // Kept-alive client sockets would otherwise hold close() open for seconds.
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
    return closing;
  };
  return { port, close };
}
