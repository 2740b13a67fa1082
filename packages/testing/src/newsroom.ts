import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCatalog } from './newsroom-catalog';
import { createNewsroomHandler, type NewsroomHandler } from './newsroom-server';
import type { Newsroom, NewsroomArticle, NewsroomOptions, StoredArticle } from './newsroom-types';

export { BOILERPLATE } from './newsroom-chrome';
export type { Newsroom, NewsroomArticle, NewsroomFeed, NewsroomOptions } from './newsroom-types';

/** The public view of an article: exactly the fields of NewsroomArticle, with its own arrays. */
function describe(article: StoredArticle): NewsroomArticle {
  const { id, site, url, title, paragraphs, publishedAt, language, keyword } = article;
  return { id, site, url, title, paragraphs: [...paragraphs], publishedAt, language, keyword };
}

/**
 * Starts a local HTTP server on 127.0.0.1 (a free port) imitating several
 * news sites: `daily-planet` (English RSS 2.0, UTF-8, feed links with
 * `utm_*` parameters), `metro-wire` (English Atom 1.0, JSON-LD pages) and
 * `hankyung-ilbo` (Korean RSS 2.0 and pages in EUC-KR/CP949, the charset
 * declared only inside the documents). Pages carry realistic boilerplate,
 * every phrase of which is listed in BOILERPLATE. Feeds answer conditional
 * GETs with 304. Content, dates included, is deterministic for a given seed.
 */
export async function startNewsroom(options: NewsroomOptions = {}): Promise<Newsroom> {
  const articlesPerSite = options.articlesPerSite ?? 3;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(articlesPerSite) || articlesPerSite < 0) {
    throw new Error(`articlesPerSite must be a non-negative integer, got ${articlesPerSite}`);
  }

  // Article URLs contain the port, so the catalog can only be written once the server listens.
  let handler: NewsroomHandler | undefined;
  const server = createServer((req, res) => {
    if (handler) handler.handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const catalog = createCatalog(base, seed, articlesPerSite);
  const ready = createNewsroomHandler(catalog, base);
  handler = ready;

  let closing: Promise<void> | undefined;
  return {
    url: base,
    feeds: catalog.sites.map((site) => ({
      site: site.slug,
      url: base + site.feedPath,
      format: site.format,
      charset: site.charset,
      language: site.language,
    })),
    get articles() {
      return catalog.all().map(describe);
    },
    publish: (site) => describe(catalog.publish(site)),
    requestCount: (path) => ready.requestCount(path),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Kept-alive client sockets would otherwise hold close() open for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
