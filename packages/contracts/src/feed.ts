import { z } from 'zod';

/** What an operator gives to add a feed (API body, FEEDS_FILE entry, OPML outline). */
export const FeedInput = z.object({
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().trim().min(1).max(300).optional(),
  /** A fixed poll interval. Without it the interval adapts to how often the feed publishes. */
  intervalSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
  /** Free labels, e.g. the OPML folders the feed was filed under. */
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});
export type FeedInput = z.infer<typeof FeedInput>;

/** Outcome of the last poll, as shown to operators. */
export const PollStatus = z.enum(['ok', 'not-modified', 'error']);
export type PollStatus = z.infer<typeof PollStatus>;

const instant = z.iso.datetime({ offset: true });

/** A registered feed with its health, as stored in Redis and returned by the API. */
export const Feed = z
  .object({
    id: z.string(),
    url: z.url(),
    title: z.string().optional(),
    tags: z.array(z.string()),
    /** The interval the feed is polled at when healthy. */
    intervalSeconds: z.number().int().positive(),
    /** False when the operator fixed the interval; true when it follows the feed's publishing rate. */
    adaptive: z.boolean(),
    createdAt: instant,
    lastPolledAt: instant.optional(),
    lastStatus: PollStatus.optional(),
    /** Human-readable reason of the last failure, cleared by a success. */
    lastError: z.string().optional(),
    consecutiveFailures: z.number().int().nonnegative(),
    /** Start of the current run of failures. */
    failingSince: instant.optional(),
    nextPollAt: instant.optional(),
    itemsSeen: z.number().int().nonnegative(),
    /** A paused feed is kept but not polled, until an operator resumes it. */
    paused: z.boolean(),
    pausedReason: z.string().optional(),
    etag: z.string().optional(),
    lastModified: z.string().optional(),
  })
  // Named in the registry: the API's OpenAPI document refers to it as the component `Feed`.
  .meta({ id: 'Feed', description: 'A registered feed with its health.' });
export type Feed = z.infer<typeof Feed>;

/** How operators see a feed: paused (kept, not polled), failing (its last poll failed) or healthy. */
export type FeedHealth = 'healthy' | 'failing' | 'paused';

export function feedHealth(feed: Pick<Feed, 'paused' | 'lastStatus'>): FeedHealth {
  if (feed.paused) return 'paused';
  return feed.lastStatus === 'error' ? 'failing' : 'healthy';
}

/** Feeds counted by {@link feedHealth}, every state present. */
export function countByHealth(feeds: Array<Pick<Feed, 'paused' | 'lastStatus'>>): Record<FeedHealth, number> {
  const counts: Record<FeedHealth, number> = { healthy: 0, failing: 0, paused: 0 };
  for (const feed of feeds) counts[feedHealth(feed)]++;
  return counts;
}
