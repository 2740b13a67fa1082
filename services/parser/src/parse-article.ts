import {
  type ArticleDocument,
  capDocument,
  type DocumentCaps,
  type ParseArticlePayload,
} from '@tidings/contracts';
import { toUtcIso, trustedUntil } from '@tidings/dates';
import { type Article, type Entities, type ExtractPool, ExtractTimeoutError } from '@tidings/extract';
import { FetchError, type HttpClient } from '@tidings/http';
import { type JobHandler, PermanentError, type Queues } from '@tidings/queue';
import { decodeSignature, type StoryIndex } from '@tidings/stories';

import type { SiteRuleBook } from './site-rules';

export interface ParseDeps {
  http: HttpClient;
  queues: Queues;
  extractor: ExtractPool;
  siteRules: SiteRuleBook;
  stories: StoryIndex;
  /**
   * Byte caps on the document's text and html (ARTICLE_MAX_TEXT_BYTES,
   * ARTICLE_MAX_HTML_BYTES), applied here so the index job's data in Redis
   * is bounded too; without them documents are queued whole.
   */
  caps?: DocumentCaps;
  /**
   * Told the host of every page that was fetched: the site is up, so the
   * article dead letters waiting on it can be replayed.
   */
  hostAnswered?: (host: string) => void;
}

/**
 * Fetch an article page, extract the clean article (in a worker thread) and
 * queue it for indexing. Pages that can never be parsed (404, not an
 * article, too slow to extract) fail at once; network trouble and 5xx are
 * retried with back-off.
 */
export function parseArticle(deps: ParseDeps): JobHandler<'parseArticle'> {
  return async (job) => {
    const log = { feed_id: job.feedId, article_id: job.articleId, url: job.url };
    try {
      // Interim: feed-only items (no url) get their own path in the fallback chain.
      if (!job.url) throw new PermanentError('feed-only item: no page to fetch', 'EXTRACT');
      const res = await deps.http.fetch(job.url, {
        accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
      });
      deps.hostAnswered?.(new URL(res.url).host);
      if (res.kind !== 'ok')
        throw new PermanentError('page answered 304 to an unconditional request', 'HTTP_STATUS');
      const result = await deps.extractor.run({
        body: res.body,
        contentType: res.contentType,
        url: res.url,
        rules: deps.siteRules.for(res.url),
      });
      if (!result.ok) throw new PermanentError(`no article content: ${result.reason}`, 'EXTRACT');
      const draft = toDocument(job, result.article, result.entities);
      // Assigned before queueing, so a retry after a crash finds the same story (assign is idempotent).
      const story = await deps.stories.assign({
        articleId: draft.id,
        signature: decodeSignature(result.signature),
        publishedAt: draft.publishedAt,
        source: draft.source,
      });
      // Capped after the story is assigned: the signature came from the whole article.
      const whole = { ...draft, storyId: story.storyId };
      const document = deps.caps ? capDocument(whole, deps.caps) : whole;
      // A newer document replaces an index job still pending or failed for the article.
      await deps.queues.supersedeBulk('indexArticle', [{ document }]);
      return {
        status: 'done',
        log: {
          ...log,
          words: document.wordCount,
          language: document.language,
          charset: result.charset,
          story_id: story.storyId,
          story_similarity: story.similarity,
          ...(document.truncated ? { truncated: true, text_bytes: Buffer.byteLength(whole.text) } : {}),
        },
      };
    } catch (err) {
      const failure =
        err instanceof FetchError && err.permanent
          ? new PermanentError(err.message, err.code)
          : err instanceof ExtractTimeoutError
            ? new PermanentError(err.message, 'EXTRACT_TIMEOUT')
            : err;
      Object.assign(failure as object, { log });
      throw failure;
    }
  };
}

/**
 * The indexed document: what the page says first, then what the feed said.
 * The id stays the one derived from the feed's canonical URL even when the
 * page redirected, so a retried job always upserts the same document.
 *
 * A date more than a day after `now` is not believed: `publishedAt` falls
 * back from the page's date to the feed item's, then to `discoveredAt`;
 * `updatedAt` has no fallback and is left out. Extraction and feed parsing
 * already drop such dates; the feed's is judged again because its job may
 * have been queued by an older poller.
 */
export function toDocument(
  job: ParseArticlePayload,
  article: Article,
  entities: Entities = { people: [], places: [], organizations: [] },
  now: number = Date.now(),
): ArticleDocument {
  const notAfter = trustedUntil(now);
  const trusted = (date: string | undefined) => toUtcIso(date, { notAfter });
  const url = job.url ?? job.site ?? '';
  // dateZone follows publishedAt: the page's, else the feed's; none for discoveredAt.
  const pageDate = trusted(article.publishedAt);
  const feedDate = pageDate === undefined ? trusted(job.item.publishedAt) : undefined;
  return {
    id: job.articleId,
    url: job.url,
    feedId: job.feedId,
    source: new URL(url).hostname.replace(/^www\./, ''),
    siteName: article.siteName,
    title: article.title || job.item.title || url,
    subtitle: article.subtitle,
    byline: article.byline ?? job.item.author,
    publishedAt: pageDate ?? feedDate ?? job.discoveredAt,
    dateZone:
      pageDate !== undefined ? article.dateZone : feedDate !== undefined ? job.item.dateZone : undefined,
    updatedAt: trusted(article.updatedAt),
    discoveredAt: job.discoveredAt,
    language: article.language ?? 'und',
    leadImage: article.leadImage,
    captions: article.captions,
    text: article.text,
    html: article.html,
    wordCount: article.wordCount,
    storyId: job.articleId,
    people: entities.people,
    places: entities.places,
    organizations: entities.organizations,
  };
}
