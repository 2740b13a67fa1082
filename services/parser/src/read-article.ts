import type { ParseArticlePayload } from '@tidings/contracts';
import {
  type Article,
  type Entities,
  type ExtractPool,
  ExtractTimeoutError,
  type FeedContentResult,
  type PageResult,
  type TextSource,
} from '@tidings/extract';
import { FetchError, type HttpClient } from '@tidings/http';
import { PermanentError } from '@tidings/queue';
import type { SiteRuleBook } from './site-rules';

/** The article text chosen for a job, with what the index and the story need of it. */
export interface Reading {
  source: TextSource;
  article: Article;
  entities: Entities;
  /** Story fingerprint of the text, base64. */
  signature: string;
  /** The page showed only a teaser behind a paywall or consent wall. */
  paywalled: boolean;
  /** The page's charset, when the text came from the page. */
  charset?: string;
  /** Why the feed's text was taken, for the log line. */
  fallback?: string;
}

export interface ReadDeps {
  http: HttpClient;
  extractor: ExtractPool;
  siteRules: SiteRuleBook;
  /**
   * Told the host of every page that was fetched: the site is up, so the
   * article dead letters waiting on it can be replayed.
   */
  hostAnswered?: (host: string) => void;
}

/**
 * A page whose text is under this share of the feed's article text (in
 * characters) was cut short: a metered or soft paywall, "continue reading"
 * after the lead, a consent wall showing an excerpt. The feed's
 * `content:encoded` is the same article, so the two should be about equal
 * (each loses a little to cleaning, the page may lack an embed); under half
 * is no cleaning difference but a missing article.
 */
export const PAGE_SHARE_OF_FEED = 0.5;

// Media types an article page is never served as; anything text, HTML or XML
// (or a server that does not say) is given to the extractor.
function isNotHtml(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type || type === 'application/octet-stream') return false;
  return !(type.startsWith('text/') || type.includes('html') || type.includes('xml'));
}

/**
 * The article text for a job, down the chain page → page-fallback → feed:
 *
 * - No url (a feed-only item): the feed item's content.
 * - The page fetch fails permanently (404, 410, another 4xx, not HTML, blocked
 *   by the address policy, too large), or its extraction finds no article
 *   text or runs past its deadline: the feed's text when it has article text,
 *   else the page's failure stands. Transient failures (network, timeouts,
 *   429, 5xx) are thrown as they are: the job is retried, and the page read
 *   when the site is back.
 * - The page shows only a teaser behind a wall (`article.paywalled`): the
 *   feed's text when it has more, flagged `paywalled`; else the teaser,
 *   flagged.
 * - The page's text is under {@link PAGE_SHARE_OF_FEED} of the feed's: the feed's.
 *
 * The feed's content is read only when one of these asks for it.
 *
 * @throws PermanentError (`EXTRACT`) when neither the page nor the feed has article text.
 */
export async function readArticle(deps: ReadDeps, job: ParseArticlePayload): Promise<Reading> {
  if (!job.url) {
    if (!job.site) throw new PermanentError('feed-only item without a site: no source to name', 'EXTRACT');
    const feed = await readFeed(deps, job);
    if (!feed) throw new PermanentError(`feed-only item without article text: ${feedNote(job)}`, 'EXTRACT');
    return feed;
  }

  let page: PageResult;
  try {
    page = await readPage(deps, job.url);
  } catch (err) {
    const permanent = toPermanent(err);
    if (!permanent) throw err;
    const feed = await readFeed(deps, job, `page failed: ${permanent.message}`);
    if (feed) return feed;
    throw permanent;
  }

  if (!page.ok) {
    const paywalled = page.paywalled === true;
    const feed = await readFeed(deps, job, `no article text on the page: ${page.reason}`);
    if (feed) return { ...feed, paywalled };
    throw new PermanentError(`no article content: ${page.reason}; ${feedNote(job)}`, 'EXTRACT');
  }

  const { article, entities, signature, charset } = page;
  const fromPage: Reading = {
    source: article.textSource,
    article,
    entities,
    signature,
    charset,
    paywalled: article.paywalled === true,
  };
  const content = job.item.content ?? '';
  // Text is never longer than its HTML: a feed under twice the page's length cannot be twice its text.
  const mayBeLonger = content.length * PAGE_SHARE_OF_FEED > article.text.length;
  if (!fromPage.paywalled && !mayBeLonger) return fromPage;

  const feed = await readFeed(
    deps,
    job,
    fromPage.paywalled ? 'the page shows a teaser behind a wall' : 'the page has under half the feed text',
  );
  if (!feed) return fromPage;
  const longer = fromPage.paywalled
    ? feed.article.text.length > article.text.length
    : article.text.length < feed.article.text.length * PAGE_SHARE_OF_FEED;
  return longer ? { ...feed, paywalled: fromPage.paywalled } : fromPage;
}

async function readPage(deps: ReadDeps, url: string): Promise<PageResult> {
  const res = await deps.http.fetch(url, {
    accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  });
  deps.hostAnswered?.(new URL(res.url).host);
  if (res.kind !== 'ok')
    throw new PermanentError('page answered 304 to an unconditional request', 'HTTP_STATUS');
  if (isNotHtml(res.contentType))
    throw new PermanentError(`page is not HTML: ${res.contentType}`, 'NOT_HTML');
  return deps.extractor.run({
    body: res.body,
    contentType: res.contentType,
    url: res.url,
    rules: deps.siteRules.for(res.url),
  });
}

/** The failure as a permanent one when a retry could not help; undefined for a transient failure. */
export function toPermanent(err: unknown): PermanentError | undefined {
  if (err instanceof PermanentError) return err;
  if (err instanceof FetchError && err.permanent) return new PermanentError(err.message, err.code);
  if (err instanceof ExtractTimeoutError) return new PermanentError(err.message, 'EXTRACT_TIMEOUT');
  return undefined;
}

/**
 * The feed item's content as the article, or undefined when it has no
 * article text (none, a teaser, or too slow to read).
 */
async function readFeed(
  deps: ReadDeps,
  job: ParseArticlePayload,
  fallback?: string,
): Promise<Reading | undefined> {
  const html = job.item.content;
  const baseUrl = job.url ?? job.site;
  if (!html?.trim() || !baseUrl) return undefined;
  let result: FeedContentResult;
  try {
    result = await deps.extractor.runFeed({
      html,
      baseUrl,
      title: job.item.title,
      language: job.item.language,
    });
  } catch (err) {
    if (err instanceof ExtractTimeoutError) return undefined;
    throw err;
  }
  if (!result.ok) return undefined;
  const { item } = job;
  return {
    source: 'feed',
    // The feed's own image and dates: the content has none of its own.
    article: {
      ...result.article,
      leadImage: item.imageUrl ?? result.article.leadImage,
      publishedAt: item.publishedAt,
      updatedAt: item.updatedAt,
      dateZone: item.dateZone,
    },
    entities: result.entities,
    signature: result.signature,
    paywalled: false,
    ...(fallback ? { fallback } : {}),
  };
}

function feedNote(job: ParseArticlePayload): string {
  const content = job.item.content;
  return content?.trim() ? 'the feed item has no article text either' : 'the feed item has no content';
}
