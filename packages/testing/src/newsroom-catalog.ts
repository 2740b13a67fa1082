import { inventKeyword, writeStory } from './newsroom-prose';
import { createRandom, type Random, seedFrom } from './newsroom-random';
import { SITES, type SiteDefinition } from './newsroom-sites';
import type { StoredArticle } from './newsroom-types';

/** Articles known to exist at start are spread over the day before this instant. */
const BASE_TIME = Date.UTC(2026, 0, 15, 9, 0, 0);
const MINUTE = 60_000;
/** Like real feeds, only the newest items are listed; older articles stay online. */
export const FEED_LENGTH = 50;

interface SiteState {
  site: SiteDefinition;
  random: Random;
  /** Oldest first. */
  articles: StoredArticle[];
  nextSerial: number;
  lastPublishedAt: number;
  /** Bumped on every publish, so the server knows its cached feed is stale. */
  version: number;
}

/** The newsroom's editorial state: which articles exist, where they live, and publishing more. */
export interface Catalog {
  sites: SiteDefinition[];
  publish(slug: string): StoredArticle;
  /** All articles, oldest first per site, sites in their fixed order. */
  all(): StoredArticle[];
  /** The site's articles newest first, as its feed lists them, and the feed's version. */
  feedOf(slug: string): { articles: StoredArticle[]; version: number };
  /** The article whose page is at `pathAndQuery` (tracking parameters already removed). */
  articleAt(pathAndQuery: string): StoredArticle | undefined;
}

/**
 * Builds the catalog. Each site draws from its own random stream, so
 * publishing on one site never changes what another site publishes next.
 */
export function createCatalog(baseUrl: string, seed: number, articlesPerSite: number): Catalog {
  const keywords = new Set<string>();
  const titles = new Set<string>();
  const byPath = new Map<string, StoredArticle>();
  const states = new Map<string, SiteState>();

  SITES.forEach((site, index) => {
    const random = createRandom(seedFrom(seed, site.slug));
    states.set(site.slug, {
      site,
      random,
      articles: [],
      nextSerial: site.firstSerial,
      // Stagger sites by a few minutes so that feeds never share timestamps.
      lastPublishedAt: BASE_TIME - 24 * 60 * MINUTE + index * 7 * MINUTE,
      version: 0,
    });
  });

  const uniqueKeyword = (random: Random): string => {
    for (;;) {
      const keyword = inventKeyword(random);
      // Reject substrings too, so `text.includes(keyword)` can only match its own article.
      const clashes = [...keywords].some((known) => known.includes(keyword) || keyword.includes(known));
      if (!clashes) {
        keywords.add(keyword);
        return keyword;
      }
    }
  };

  /** A headline no other article has, whose page path is free too (slugs can collide where titles don't). */
  const uniqueTitle = (title: string, site: SiteDefinition, pathOf: (title: string) => string): string => {
    let candidate = title;
    for (let part = 2; titles.has(candidate) || byPath.has(pathOf(candidate)); part++) {
      candidate = site.language === 'ko' ? `${title}(${part}보)` : `${title} (update ${part})`;
    }
    titles.add(candidate);
    return candidate;
  };

  const create = (state: SiteState, minutesLater: number): StoredArticle => {
    const { site, random } = state;
    const serial = state.nextSerial++;
    const keyword = uniqueKeyword(random);
    const story = writeStory(random, site.prose, keyword, site.firstTopic + (serial - site.firstSerial));
    const published = new Date(state.lastPublishedAt + minutesLater * MINUTE);
    state.lastPublishedAt = published.getTime();
    const title = uniqueTitle(story.title, site, (candidate) =>
      site.articlePath(serial, candidate, published),
    );
    const path = site.articlePath(serial, title, published);
    const url = baseUrl + path;
    const id = `${site.slug}-${serial}`;
    const article: StoredArticle = {
      id,
      site: site.slug,
      url,
      title,
      paragraphs: story.paragraphs,
      publishedAt: published.toISOString(),
      language: site.language,
      keyword,
      serial,
      author: random.pick(site.staff),
      summary: story.summary,
      feedLink: site.feedLink(url),
      guid: site.guid(serial, url),
      caption: site.chrome.captions[(serial - site.firstSerial) % site.chrome.captions.length]!,
      imageUrl: baseUrl + site.imagePath(serial),
      section: random.pick(site.chrome.nav),
      pageSeed: seedFrom(seed, id),
    };
    byPath.set(path, article);
    state.articles.push(article);
    state.version++;
    return article;
  };

  const stateOf = (slug: string): SiteState => {
    const state = states.get(slug);
    if (!state) throw new Error(`unknown newsroom site "${slug}"; known: ${[...states.keys()].join(', ')}`);
    return state;
  };

  for (const state of states.values()) {
    for (let i = 0; i < articlesPerSite; i++) create(state, state.random.int(20, 150));
  }

  return {
    sites: SITES,
    publish: (slug) => {
      const state = stateOf(slug);
      return create(state, state.random.int(5, 45));
    },
    all: () => [...states.values()].flatMap((state) => state.articles),
    feedOf: (slug) => {
      const state = stateOf(slug);
      return { articles: state.articles.slice(-FEED_LENGTH).reverse(), version: state.version };
    },
    articleAt: (pathAndQuery) => byPath.get(pathAndQuery),
  };
}
