import { Jobs } from '@tidings/contracts';
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { Queues } from './producer';
import { TransientDeadLetters } from './transient-dead-letters';

/** Queues whose failures are dead letters: polls fail and retry on their schedule anyway. */
const DEAD_LETTER_QUEUES = [
  Jobs.parseArticle.queue,
  Jobs.indexArticle.queue,
  Jobs.matchBatch.queue,
  Jobs.deliverWebhook.queue,
] as const;
/** The name of a queue whose failures are dead letters. */
export const DeadLetterQueue = z.enum(DEAD_LETTER_QUEUES);

/** A job that will not be tried again: a permanent failure, or one that used up its attempts. */
export const DeadLetter = z
  .object({
    queue: DeadLetterQueue,
    id: z.string().describe('The job id (for an article, the article id).'),
    name: z.string().describe('The job kind.'),
    reason: z.string().describe('Why its last attempt failed.'),
    attempts: z.number().int(),
    failedAt: z.iso.datetime().optional(),
    /** The ids and URL that say what the job was about. */
    feedId: z.string().optional(),
    articleId: z.string().optional(),
    url: z.string().optional(),
    /** A webhook's: the saved search and its channel (the webhook's URL is not shown: it may hold a token). */
    savedSearchId: z.string().optional(),
    channelId: z.string().optional(),
  })
  .meta({ id: 'DeadLetter', description: 'A job that will not be tried again, with the reason it failed.' });
export type DeadLetter = z.infer<typeof DeadLetter>;

/** A page of dead letters, newest first, and how many there are in all. */
export const DeadLetterPage = z
  .object({ deadLetters: z.array(DeadLetter), total: z.number().int() })
  .meta({ id: 'DeadLetterPage', description: 'A page of dead letters, newest first.' });
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

function toDeadLetter(queue: DeadLetter['queue'], job: Job): DeadLetter {
  const data = job.data as {
    feedId?: string;
    articleId?: string;
    url?: string;
    document?: { id: string; url: string; feedId: string };
    channelId?: string;
    alert?: { savedSearchId: string; article: { id: string; url?: string } };
  };
  return {
    queue,
    id: job.id!,
    name: job.name,
    reason: job.failedReason,
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : undefined,
    feedId: data.feedId ?? data.document?.feedId,
    articleId: data.articleId ?? data.document?.id ?? data.alert?.article.id,
    url: data.url ?? data.document?.url ?? data.alert?.article.url,
    savedSearchId: data.alert?.savedSearchId,
    channelId: data.channelId,
  };
}

/**
 * The dead letters of the article, index and webhook queues, newest first, with the
 * reason each failed. BullMQ keeps failed jobs for 14 days (see options.ts).
 *
 * Only the page's jobs are loaded: the order comes from BullMQ's failed sets
 * (sorted by failure time), read as ids and times, so a page deep in 50,000
 * dead letters costs a range of ids, not 50,000 jobs with their documents.
 */
export async function listDeadLetters(
  queues: Queues,
  options: { limit: number; offset: number; queue?: DeadLetter['queue'] },
): Promise<DeadLetterPage> {
  const names = options.queue ? [options.queue] : DEAD_LETTER_QUEUES;
  const last = options.offset + options.limit - 1;
  const perQueue = await Promise.all(
    names.map(async (name) => {
      const queue = queues.queue(name);
      const failedKey = queue.keys.failed as string;
      const [total, range] = await Promise.all([
        queues.connection.zcard(failedKey),
        // Enough of each queue's newest to fill the page after merging by failure time.
        queues.connection.zrevrange(failedKey, 0, last, 'WITHSCORES'),
      ]);
      const entries: Array<{ name: DeadLetter['queue']; id: string; at: number }> = [];
      for (let i = 0; i + 1 < range.length; i += 2)
        entries.push({ name, id: range[i] as string, at: Number(range[i + 1]) });
      return { total, entries };
    }),
  );
  const total = perQueue.reduce((sum, q) => sum + q.total, 0);
  const page = perQueue
    .flatMap((q) => q.entries)
    .sort((a, b) => b.at - a.at)
    .slice(options.offset, options.offset + options.limit);
  const jobs = await Promise.all(page.map(({ name, id }) => queues.queue(name).getJob(id)));
  // A job removed between the two reads (replayed, or aged out) just leaves the page shorter.
  const deadLetters = page.flatMap(({ name }, i) => (jobs[i] ? [toDeadLetter(name, jobs[i])] : []));
  return { deadLetters, total };
}

/**
 * Send dead letters back to their queues as fresh jobs (attempts start over):
 * the given ids, or every one. Resolves to how many were replayed. They are
 * no longer waiting for their dependency to come back, so their entries
 * among the transient dead letters go too.
 */
export async function replayDeadLetters(queues: Queues, ids?: string[]): Promise<number> {
  let replayed = 0;
  for (const name of DEAD_LETTER_QUEUES) {
    const queue = queues.queue(name);
    const waiting = new TransientDeadLetters(queues, name);
    if (!ids) {
      const count = await queue.getFailedCount();
      if (count > 0) await queue.retryJobs({ state: 'failed', count: 1000 });
      await waiting.forget();
      replayed += count;
      continue;
    }
    const retried: string[] = [];
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true });
        retried.push(id);
      }
    }
    if (retried.length > 0) await waiting.forget(retried);
    replayed += retried.length;
  }
  return replayed;
}
