import { z } from 'zod';
import { DeliverWebhookPayload } from './alert';
import { ArticleDocument } from './article';
import { ID_PATTERN } from './ids';

/**
 * The job graph, in one place. Each queue carries exactly one kind of job;
 * payloads carry ids and what the next stage needs, never page bodies.
 *
 *   feeds    ─ poll-feed        (poller)  → articles
 *   articles ─ parse-article    (parser)  → index
 *   index    ─ index-article    (indexer) → Meilisearch → matches
 *   matches  ─ match-batch      (matcher) → saved searches matched → alerts, webhooks
 *   webhooks ─ deliver-webhook  (api)     → a saved search's webhook URL
 */
export const QueueName = {
  feeds: 'feeds',
  articles: 'articles',
  index: 'index',
  matches: 'matches',
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const PollFeedPayload = z.object({ feedId: z.string().min(1) });
export type PollFeedPayload = z.infer<typeof PollFeedPayload>;

/**
 * What the poller learned from the feed item; the parser falls back to it.
 * `content` is the fullest HTML the feed carried for the item (unsanitised,
 * capped by the poller at FEED_CONTENT_MAX_BYTES): the article's text when
 * the page has none to give (a paywall, a page the extractor cannot read,
 * an item with no link at all).
 */
export const FeedItemHint = z.object({
  title: z.string().optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  /** Set when the feed wrote `publishedAt` without a zone: the zone it was read in (see ArticleDocument.dateZone). */
  dateZone: z.string().optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  author: z.string().optional(),
  guid: z.string().optional(),
  summary: z.string().optional(),
  content: z.string().optional(),
  imageUrl: z.url().optional(),
  /** The feed's language (`<language>`, `xml:lang`), for feed-only items. */
  language: z.string().optional(),
});
export type FeedItemHint = z.infer<typeof FeedItemHint>;

/**
 * One article to parse. `url` is absent for a feed-only item (a press
 * release or announcement feed whose items carry their full text and no
 * link): its text comes from `item.content`, its id from its GUID or content
 * hash within the feed (see `feedItemIdFor`), and `site` names the feed's
 * website, which becomes the document's `source`.
 */
export const ParseArticlePayload = z.object({
  articleId: z.string().regex(/^[0-9a-f]{32}$/),
  url: z.url().optional(),
  feedId: z.string().min(1),
  /** The website the feed belongs to (the feed's own link, or the feed URL). */
  site: z.url().optional(),
  discoveredAt: z.iso.datetime({ offset: true }),
  item: FeedItemHint,
});
export type ParseArticlePayload = z.infer<typeof ParseArticlePayload>;

export const IndexArticlePayload = z.object({ document: ArticleDocument });
export type IndexArticlePayload = z.infer<typeof IndexArticlePayload>;

/** Articles in one batch at most: the indexer's batches are far smaller (INDEX_BATCH_SIZE). */
export const MAX_MATCH_BATCH = 1000;

/**
 * A batch the indexer just made searchable, for the matcher: which article
 * went to which index, and when Meilisearch finished the task (the start of
 * the searchable → delivered delay). The matcher reads the documents back
 * from Meilisearch, so the payload stays a few bytes an article.
 */
export const MatchBatchPayload = z.object({
  articles: z
    .array(z.object({ id: z.string().regex(ID_PATTERN), index: z.string().min(1).max(200) }))
    .min(1)
    .max(MAX_MATCH_BATCH),
  searchableAt: z.iso.datetime(),
});
export type MatchBatchPayload = z.infer<typeof MatchBatchPayload>;

/**
 * Every job kind: its queue, its job name, its payload schema, its
 * deterministic job id and, for jobs that may supersede an earlier one, the
 * part of the payload that makes a version (what changes when the article
 * does, not when it was seen).
 */
export const Jobs = {
  pollFeed: { queue: QueueName.feeds, name: 'poll-feed', schema: PollFeedPayload },
  parseArticle: {
    queue: QueueName.articles,
    name: 'parse-article',
    schema: ParseArticlePayload,
    jobId: (p: ParseArticlePayload) => p.articleId,
    version: (p: ParseArticlePayload) => JSON.stringify([p.url, p.item]),
  },
  indexArticle: {
    queue: QueueName.index,
    name: 'index-article',
    schema: IndexArticlePayload,
    jobId: (p: IndexArticlePayload) => p.document.id,
    version: ({ document: { discoveredAt: _seen, ...content } }: IndexArticlePayload) =>
      JSON.stringify(content),
  },
  /** A batch is one event: the same articles made searchable again (an update) are a new batch. */
  matchBatch: {
    queue: QueueName.matches,
    name: 'match-batch',
    schema: MatchBatchPayload,
    jobId: (p: MatchBatchPayload) => `${Date.parse(p.searchableAt)}-${p.articles[0]!.id}`,
  },
  /** One alert to one webhook: a matched batch that is matched again never sends it twice. */
  deliverWebhook: {
    queue: QueueName.webhooks,
    name: 'deliver-webhook',
    schema: DeliverWebhookPayload,
    jobId: (p: DeliverWebhookPayload) => `${p.alert.id}-${p.channelId}`,
  },
} as const;
