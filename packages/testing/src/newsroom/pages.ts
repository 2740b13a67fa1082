/**
 * Article pages as bytes: the classic templates (small pages, fixed chrome)
 * or the publishers' (padded pages, drawn chrome), encoded in the site's
 * charset and kept in a bounded LRU cache. A page that fell out is rebuilt
 * byte for byte, since everything on it follows from the seed.
 */
import type { CatalogArticle } from './catalog';
import { CLASSIC_TEMPLATES } from './classic-pages';
import { encode } from './encoding';
import { type PageSize, renderPage } from './publisher-pages';
import { seedFrom } from './random';
import { type StoryLength, writeStory } from './story';

/** Pages built so far (cache misses) and the time spent building them. */
export interface PageCacheStats {
  pagesGenerated: number;
  generateMs: number;
}

export interface PageCache {
  page(article: CatalogArticle): Buffer;
  /** Drops an article's page, so an edited article is built anew. */
  forget(article: CatalogArticle): void;
  stats(): PageCacheStats;
}

export interface PageOptions {
  seed: number;
  /** Pages kept encoded in memory; the rest are rebuilt on request. */
  cacheSize: number;
  publisherPages: PageSize;
  classicStory: StoryLength;
}

/** The paragraphs an article's page shows: the story written from its header. */
export function paragraphsOf(article: CatalogArticle, options: PageOptions): string[] {
  const length = 'classic' in article.site.template ? options.classicStory : options.publisherPages.story;
  return writeStory(article.header, length).paragraphs;
}

function build(article: CatalogArticle, options: PageOptions): Buffer {
  const { site } = article;
  if ('publisher' in site.template) {
    return renderPage(
      site.template.publisher,
      {
        index: article.index,
        url: article.url,
        publishedAtMs: article.publishedAtMs,
        header: { ...article.header, title: article.title },
      },
      options.publisherPages,
    ).bytes;
  }
  const { classic, chrome, imagePath } = site.template;
  const ordinal = article.serial - site.firstSerial;
  const html = CLASSIC_TEMPLATES[classic]({
    article: {
      id: article.id,
      url: article.url,
      title: article.title,
      summary: article.header.summary,
      author: article.header.author,
      section: article.header.section,
      publishedAtMs: article.publishedAtMs,
      paragraphs: paragraphsOf(article, options),
      // Captions in turn, so a handful of articles puts every caption on some page.
      caption: chrome.captions[ordinal % chrome.captions.length]!,
      imageUrl: site.origin + imagePath(article.serial),
      pageSeed: seedFrom(options.seed, article.id),
    },
    chrome,
    siteName: site.name,
    home: `${site.origin}/${site.slug}/`,
    feedUrl: site.origin + site.feed(0, site.index).path,
  });
  return encode(html, site.charset);
}

/** A page cache: Map iteration order is insertion order, so re-inserting on a hit makes it an LRU. */
export function createPageCache(options: PageOptions): PageCache {
  const cache = new Map<number, Buffer>();
  const counts: PageCacheStats = { pagesGenerated: 0, generateMs: 0 };
  return {
    page(article) {
      const cached = cache.get(article.index);
      if (cached) {
        cache.delete(article.index);
        cache.set(article.index, cached);
        return cached;
      }
      const started = performance.now();
      const bytes = build(article, options);
      counts.generateMs += performance.now() - started;
      counts.pagesGenerated++;
      cache.set(article.index, bytes);
      if (cache.size > options.cacheSize) cache.delete(cache.keys().next().value!);
      return bytes;
    },
    forget: (article) => cache.delete(article.index),
    stats: () => ({ ...counts }),
  };
}
