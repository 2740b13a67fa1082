import { z } from 'zod';

/** What an operator gives to add a feed (API body, FEEDS_FILE entry). */
export const FeedInput = z.object({
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().trim().min(1).max(300).optional(),
  intervalSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
});
export type FeedInput = z.infer<typeof FeedInput>;

/** Outcome of the last poll, as shown to operators. */
export const PollStatus = z.enum(['ok', 'not-modified', 'error']);
export type PollStatus = z.infer<typeof PollStatus>;

/** A registered feed with its health, as stored in Redis and returned by the API. */
export const Feed = z.object({
  id: z.string(),
  url: z.url(),
  title: z.string().optional(),
  intervalSeconds: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  lastPolledAt: z.iso.datetime().optional(),
  lastStatus: PollStatus.optional(),
  lastError: z.string().optional(),
  consecutiveFailures: z.number().int().nonnegative(),
  nextPollAt: z.iso.datetime().optional(),
  itemsSeen: z.number().int().nonnegative(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});
export type Feed = z.infer<typeof Feed>;
