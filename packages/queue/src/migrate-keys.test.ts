import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { Queue, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { migrateQueueKeys, QueueKeyConflictError, Queues, startWorker, TransientDeadLetters } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');
const parsePayload = (n: number) => ({
  articleId: articleId(n),
  url: `https://news.test/${n}`,
  feedId: 'f',
  discoveredAt: new Date().toISOString(),
  item: {},
});

describe('migrating the queues to hash-tagged prefixes, against a real Redis', () => {
  const { redis } = useTestRedis('migrate-test');

  /** Queues as the version before hash tags laid them out: every queue under the bare prefix. */
  async function oldLayout(prefix: string) {
    const old = (name: string) => new Queue(name, { connection: redis(), prefix });
    const articles = old('articles');
    await articles.add('parse-article', parsePayload(2), { jobId: articleId(2) });
    const failing = new Worker(
      'articles',
      async () => {
        throw new Error('HTTP 503');
      },
      { connection: redis(), prefix },
    );
    await waitFor(async () => (await articles.getFailedCount()) === 1);
    await failing.close();
    await articles.add('parse-article', parsePayload(1), { jobId: articleId(1) });
    const feeds = old('feeds');
    await feeds.upsertJobScheduler(
      'feed:f',
      { every: 300_000 },
      { name: 'poll-feed', data: { feedId: 'f' } },
    );
    await redis().zadd(`${prefix}:dead-letters:{articles}:waiting`, Date.now(), 'down.test');
    await redis().zadd(`${prefix}:dead-letters:{articles}:waiting:down.test`, Date.now(), articleId(2));
    await Promise.all([articles.close(), feeds.close()]);
  }

  it('keeps waiting jobs, failed jobs, schedulers and dead-letter records, and runs once', async () => {
    const prefix = `t-${randomUUID()}`;
    await oldLayout(prefix);
    const report = await migrateQueueKeys(redis(), prefix);
    expect(report.find((r) => r.queue === 'articles')?.renamed).toBeGreaterThan(3);
    expect(await redis().keys(`${prefix}:*`)).toEqual([]);
    expect((await migrateQueueKeys(redis(), prefix)).every((r) => r.renamed === 0)).toBe(true);

    const queues = new Queues(redis(), prefix);
    expect((await queues.queue('articles').getFailed()).map((j) => j.id)).toEqual([articleId(2)]);
    expect(await queues.queue('feeds').getJobScheduler('feed:f')).toMatchObject({ every: 300_000 });
    expect(await new TransientDeadLetters(queues, 'articles').dependencies()).toEqual(['down.test']);
    const done: string[] = [];
    const worker = startWorker(
      'parseArticle',
      async (payload) => {
        done.push(payload.articleId);
        return { status: 'done' };
      },
      {
        connection: redis(),
        prefix,
        concurrency: 1,
        logger: createLogger('test', 'silent'),
        metrics: createMetrics('test'),
        stage: 'parse',
      },
    );
    try {
      await waitFor(() => done.length === 1);
      expect(done).toEqual([articleId(1)]);
    } finally {
      await worker.close();
      await queues.close();
    }
  });

  it('refuses a queue that already has keys in the new layout too', async () => {
    const prefix = `t-${randomUUID()}`;
    await oldLayout(prefix);
    const queues = new Queues(redis(), prefix);
    await queues.add('parseArticle', parsePayload(3));
    await queues.close();
    await expect(migrateQueueKeys(redis(), prefix)).rejects.toBeInstanceOf(QueueKeyConflictError);
  });
});
