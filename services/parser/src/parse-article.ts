import {
  type ArticleDocument,
  capDocument,
  type DocumentCaps,
  type ParseArticlePayload,
} from '@tidings/contracts';
import { toUtcIso, trustedUntil } from '@tidings/dates';
import type { Article, Entities, TextSource } from '@tidings/extract';
import { type JobHandler, PermanentError, type Queues } from '@tidings/queue';
import { decodeSignature, type StoryIndex } from '@tidings/stories';
import { type ReadDeps, readArticle, toPermanent } from './read-article';

export interface ParseDeps extends ReadDeps {
  queues: Queues;
  stories: StoryIndex;
  /**
   * Byte caps on the document's text and html (ARTICLE_MAX_TEXT_BYTES,
   * ARTICLE_MAX_HTML_BYTES), applied here so the index job's data in Redis
   * is bounded too; without them documents are queued whole.
   */
  caps?: DocumentCaps;
  /** Told where each queued document's text came from (the `tidings_parse_text_source_total` counter). */
  textSourceUsed?: (source: TextSource) => void;
}

/**
 * Read an article (the page, in a worker thread, or the feed item's own
 * text when the page has none to give: see `readArticle`) and queue it for
 * indexing. A job that can never succeed (no article text in page or feed,
 * a feed-only item without one) fails at once; network trouble and 5xx are
 * retried with back-off.
 */
export function parseArticle(deps: ParseDeps): JobHandler<'parseArticle'> {
  return async (job) => {
    const log = { feed_id: job.feedId, article_id: job.articleId, url: job.url };
    try {
      const reading = await readArticle(deps, job);
      const draft = {
        ...toDocument(job, reading.article, reading.entities),
        textSource: reading.source,
        ...(reading.paywalled ? { paywalled: true } : {}),
      };
      // Assigned before queueing, so a retry after a crash finds the same story (assign is idempotent).
      const story = await deps.stories.assign({
        articleId: draft.id,
        signature: decodeSignature(reading.signature),
        publishedAt: draft.publishedAt,
        source: draft.source,
      });
      // Capped after the story is assigned: the signature came from the whole article.
      const whole = { ...draft, storyId: story.storyId };
      const document = deps.caps ? capDocument(whole, deps.caps) : whole;
      // A newer document replaces an index job still pending or failed for the article.
      await deps.queues.supersedeBulk('indexArticle', [{ document }]);
      deps.textSourceUsed?.(reading.source);
      return {
        status: 'done',
        log: {
          ...log,
          text_source: reading.source,
          ...(reading.fallback ? { fallback: reading.fallback } : {}),
          ...(reading.paywalled ? { paywalled: true } : {}),
          words: document.wordCount,
          language: document.language,
          ...(reading.charset ? { charset: reading.charset } : {}),
          story_id: story.storyId,
          story_similarity: story.similarity,
          ...(document.truncated ? { truncated: true, text_bytes: Buffer.byteLength(whole.text) } : {}),
        },
      };
    } catch (err) {
      const failure = toPermanent(err) ?? err;
      Object.assign(failure as object, { log });
      throw failure;
    }
  };
}

/**
 * The indexed document: what the page says first, then what the feed said.
 * The id stays the one derived from the feed's canonical URL even when the
 * page redirected, so a retried job always upserts the same document. A
 * feed-only item has no `url`; its `source` is the host of the feed's site.
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
  // dateZone follows publishedAt: the page's, else the feed's; none for discoveredAt.
  const pageDate = trusted(article.publishedAt);
  const feedDate = pageDate === undefined ? trusted(job.item.publishedAt) : undefined;
  return {
    id: job.articleId,
    ...(job.url ? { url: job.url } : {}),
    feedId: job.feedId,
    source: sourceOf(job),
    siteName: article.siteName,
    title: article.title || job.item.title || job.url || '',
    subtitle: article.subtitle,
    byline: article.byline ?? job.item.author,
    publishedAt: pageDate ?? feedDate ?? job.discoveredAt,
    dateZone:
      pageDate !== undefined ? article.dateZone : feedDate !== undefined ? job.item.dateZone : undefined,
    updatedAt: trusted(article.updatedAt),
    discoveredAt: job.discoveredAt,
    language: article.language ?? 'und',
    leadImage: article.leadImage ?? job.item.imageUrl,
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

/** Host the article was published on, without `www.`: the page's, or for a feed-only item the feed's site's. */
function sourceOf(job: ParseArticlePayload): string {
  const home = job.url ?? job.site;
  if (!home) throw new PermanentError('feed-only item without a site: no source to name', 'EXTRACT');
  return new URL(home).hostname.replace(/^www\./, '');
}
