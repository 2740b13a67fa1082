import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });

/**
 * The clean article the parser produces and the indexer stores: one per
 * canonical URL, keyed by its deterministic id. Dates are UTC ISO-8601.
 */
export const ArticleDocument = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  url: z.url(),
  feedId: z.string(),
  /** Host the article was published on, without `www.`: the `source` filter. */
  source: z.string().min(1),
  siteName: z.string().optional(),
  title: z.string(),
  subtitle: z.string().optional(),
  byline: z.string().optional(),
  publishedAt: isoDate,
  updatedAt: isoDate.optional(),
  /** When the poller first saw the item; the start of the freshness clock. */
  discoveredAt: isoDate,
  language: z.string().min(2),
  leadImage: z.string().optional(),
  captions: z.array(z.string()),
  text: z.string(),
  html: z.string(),
  wordCount: z.number().int().nonnegative(),
  /** Story cluster id: the id of the story's first article; near-duplicates from any source share it. */
  storyId: z.string(),
  /** People, places and organisations the article mentions, one spelling each. */
  people: z.array(z.string()).default([]),
  places: z.array(z.string()).default([]),
  organizations: z.array(z.string()).default([]),
  /**
   * Set when `text` or `html` were cut to the parser's size caps (see
   * `capDocument`); `wordCount` still counts the whole article. Absent on
   * documents that were not cut and on those indexed before the caps.
   */
  truncated: z.boolean().optional(),
});
export type ArticleDocument = z.infer<typeof ArticleDocument>;
