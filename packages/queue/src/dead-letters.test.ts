import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listDeadLetters, PermanentError, Queues, replayDeadLetters, startWorker } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');

describe('dead letters against a real Redis', () => {
  const { redis } = useTestRedis();
  let queues: Queues;
  const prefix = `t-${randomUUID()}`;

  beforeAll(async () => {
    queues = new Queues(redis(), prefix);
  });
  afterAll(async () => {
    await queues.close();
  });

  it('lists failed jobs with their reason, and replays them by id or all', async () => {
    const base = { feedId: 'feed-1', discoveredAt: new Date().toISOString(), item: {} };
    await queues.addBulk(
      'parseArticle',
      [1, 2, 3].map((n) => ({ ...base, articleId: articleId(n), url: `https://x.test/${n}` })),
    );
    let failing = true;
    const worker = startWorker(
      'parseArticle',
      async (p) => {
        if (failing) throw new PermanentError(`HTTP 410 for ${p.url}`, 'HTTP_STATUS');
        return { status: 'done' };
      },
      {
        connection: redis(),
        prefix,
        concurrency: 3,
        logger: createLogger('t', 'silent'),
        metrics: createMetrics('t'),
        stage: 'parse',
      },
    );
    await waitFor(async () => (await queues.counts()).articles.failed === 3);

    const { deadLetters, total } = await listDeadLetters(queues, { limit: 2, offset: 0 });
    expect(total).toBe(3);
    expect(deadLetters).toHaveLength(2);
    expect(deadLetters[0]).toMatchObject({
      queue: 'articles',
      name: 'parse-article',
      feedId: 'feed-1',
      reason: expect.stringMatching(/^HTTP 410 for https:\/\/x\.test\/\d$/),
    });
    expect((await listDeadLetters(queues, { limit: 10, offset: 2 })).deadLetters).toHaveLength(1);

    failing = false;
    expect(await replayDeadLetters(queues, [articleId(1), 'no-such-job'])).toBe(1);
    await waitFor(async () => (await queues.counts()).articles.failed === 2);
    expect(await replayDeadLetters(queues)).toBe(2);
    await waitFor(async () => (await queues.counts()).articles.failed === 0);
    await worker.close();
  });

  it('loads only the jobs of the page asked for, however deep it is', async () => {
    const local = new Queues(redis(), `t-${randomUUID()}`);
    const base = { feedId: 'feed-2', discoveredAt: new Date().toISOString(), item: {} };
    await local.addBulk(
      'parseArticle',
      Array.from({ length: 30 }, (_, n) => ({
        ...base,
        articleId: articleId(100 + n),
        url: `https://y.test/${n}`,
      })),
    );
    const worker = startWorker(
      'parseArticle',
      async (p) => {
        throw new PermanentError(`HTTP 404 for ${p.url}`, 'HTTP_STATUS');
      },
      {
        connection: redis(),
        prefix: local.prefix,
        concurrency: 1,
        logger: createLogger('t', 'silent'),
        metrics: createMetrics('t'),
        stage: 'parse',
      },
    );
    try {
      await waitFor(async () => (await local.counts()).articles.failed === 30);
      const everything = await listDeadLetters(local, { limit: 30, offset: 0 });
      const articles = local.queue('articles');
      const getJob = vi.spyOn(articles, 'getJob');
      const getFailed = vi.spyOn(articles, 'getFailed');
      const page = await listDeadLetters(local, { limit: 5, offset: 20 });
      expect(page.total).toBe(30);
      expect(page.deadLetters.map((d) => d.id)).toEqual(
        everything.deadLetters.slice(20, 25).map((d) => d.id),
      );
      expect(getJob).toHaveBeenCalledTimes(5);
      expect(getFailed).not.toHaveBeenCalled();
      const times = everything.deadLetters.map((d) => d.failedAt ?? '');
      expect(times).toEqual([...times].sort().reverse());
    } finally {
      await worker.close();
      await local.close();
    }
  });
});
