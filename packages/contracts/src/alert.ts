import { createHash } from 'node:crypto';
import { z } from 'zod';

const instant = z.iso.datetime({ offset: true });

/** Shape of a saved search's id: `ss_` and 16 lowercase hex digits, random. */
export const SAVED_SEARCH_ID_PATTERN = /^ss_[0-9a-f]{16}$/;
/** Shape of a webhook channel's id within its saved search: `ch_` and 8 lowercase hex digits. */
export const CHANNEL_ID_PATTERN = /^ch_[0-9a-f]{8}$/;

/** The article an alert is about: the fields of a search hit that a notification shows. */
export const AlertArticle = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  title: z.string(),
  /** Absent for a feed-only item, as in search hits. */
  url: z.url().optional(),
  source: z.string(),
  publishedAt: instant,
  language: z.string(),
  /** A cropped excerpt around the match; matches wrapped in `<mark>`, everything else HTML-escaped. */
  snippet: z.string(),
  storyId: z.string(),
});
export type AlertArticle = z.infer<typeof AlertArticle>;

/**
 * One story matching one saved search: made once per (saved search, story)
 * by the indexer when the story's first matching article became searchable.
 */
export const Alert = z.object({
  /** Deterministic: {@link alertIdFor} of the saved search and the article. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  savedSearchId: z.string().regex(SAVED_SEARCH_ID_PATTERN),
  article: AlertArticle,
  /** When the article's batch became searchable: the start of the delivery clock. */
  searchableAt: instant,
  matchedAt: instant,
});
export type Alert = z.infer<typeof Alert>;

/** The id of the alert of `articleId` for `savedSearchId`: the same alert however often a batch is matched. */
export function alertIdFor(savedSearchId: string, articleId: string): string {
  return createHash('sha256').update(`${savedSearchId}:${articleId}`).digest('hex').slice(0, 32);
}

/**
 * One POST of an alert to one webhook channel. The URL and secret are not
 * in the job (job data shows in dead letters and the queue board): the
 * worker reads them from the saved search when it sends, so a channel
 * removed meanwhile is not called.
 */
export const DeliverWebhookPayload = z.object({
  channelId: z.string().regex(CHANNEL_ID_PATTERN),
  alert: Alert,
  /** The article's feed, for the delivery's log line (`feed_id`, as every job's); not sent. */
  feedId: z.string().optional(),
});
export type DeliverWebhookPayload = z.infer<typeof DeliverWebhookPayload>;
