import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
