import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });

/**
 * The clean article the parser produces and the indexer stores: one per
 * canonical URL, keyed by its deterministic id. Dates are UTC ISO-8601.
 */
export const ArticleDocument = z
  .object({
    id: z.string().regex(/^[0-9a-f]{32}$/),
    /** The article's page. Absent for a feed-only item (no link in the feed): its text came from the feed. */
    url: z.url().optional(),
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
    /**
     * Where `text` came from: `page` (the main-content search found the body),
     * `page-fallback` (the page, read with looser thresholds after the strict
     * search found nothing good enough), or `feed` (the feed item's own
     * content: the page had no article text, showed only a paywall or consent
     * teaser, or there is no page). Absent on documents indexed before it
     * existed, which all came from the page.
     */
    textSource: z.enum(['page', 'page-fallback', 'feed']).optional(),
    /**
     * Set when the page showed only a teaser behind a paywall or consent wall.
     * The text then came from the feed (`textSource: 'feed'`) when the feed
     * item carried the article, else it is the page's teaser.
     */
    paywalled: z.boolean().optional(),
    /**
     * Set when `publishedAt` was written without a time zone: the zone it was
     * read in, an IANA name (`Asia/Seoul`) or offset (`+09:00`) known for the
     * site, or `UTC` when the site's zone could not be known. Absent when the
     * date stated its zone.
     */
    dateZone: z.string().optional(),
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
  })
  // Named in the registry: the API's OpenAPI document refers to it as the component `Article`.
  .meta({ id: 'Article', description: 'A clean article, as the parser produced it and the index holds it.' });
export type ArticleDocument = z.infer<typeof ArticleDocument>;
