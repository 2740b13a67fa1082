import { createHash } from 'node:crypto';

/**
 * Deterministic id for anything keyed by a URL: the first 128 bits of the
 * SHA-256 of the canonical URL, hex-encoded. Stable across processes and
 * releases, so it can be the BullMQ jobId and the Meilisearch primary key at
 * once — re-queuing or re-indexing the same URL can never make a second copy.
 */
export function idFromUrl(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 32);
}

/** Id of an article: see {@link idFromUrl}. Pass the canonical article URL. */
export const articleIdFor = idFromUrl;

/**
 * Id of a feed-only item (no link): its GUID, or failing that a hash of its
 * content, within its feed. Prefixed so it can never equal a URL's id.
 */
export function feedItemIdFor(feedId: string, guidOrContentHash: string): string {
  return idFromUrl(`tidings:feed-item:${feedId}:${guidOrContentHash}`);
}

/** Id of a feed: see {@link idFromUrl}. Pass the canonical feed URL. */
export const feedIdFor = idFromUrl;

/** Shape of every id produced by {@link idFromUrl}. */
export const ID_PATTERN = /^[0-9a-f]{32}$/;
