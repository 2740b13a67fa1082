import { randomUUID } from 'node:crypto';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { PermanentError, Queues, startWorker } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');

describe('queues and workers against a real Redis', () => {
  const { redis } = useTestRedis();
  let prefix: string;
  let queues: Queues;
  const logger = createLogger('test', 'silent');
  const metrics = createMetrics('test');

  afterAll(async () => {
    await queues?.close();
  });

  it('dedupes jobs by their deterministic id and validates payloads', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis(), prefix);
    const payload = {
      articleId: articleId(1),
      url: 'https://x.test/a',
      feedId: 'f1',
      discoveredAt: new Date().toISOString(),
      item: {},
    };
    await queues.add('parseArticle', payload);
    await queues.add('parseArticle', payload);
    await queues.addBulk('parseArticle', [
      payload,
      { ...payload, articleId: articleId(2), url: 'https://x.test/b' },
    ]);
    expect((await queues.counts()).articles.waiting).toBe(2);
    await expect(queues.add('parseArticle', { ...payload, url: 'not a url' })).rejects.toThrow();
  });

  it('retries transient failures and stops at once on permanent ones', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis(), prefix);
    const calls = new Map<string, number>();
    const worker = startWorker(
      'parseArticle',
      async (p) => {
        const n = (calls.get(p.articleId) ?? 0) + 1;
        calls.set(p.articleId, n);
        if (p.url.endsWith('/gone')) throw new PermanentError('HTTP 410', 'HTTP_STATUS');
        if (p.url.endsWith('/flaky') && n < 2) throw new Error('ECONNRESET');
        return { status: 'done' };
      },
      { connection: redis(), prefix, concurrency: 2, logger, metrics, stage: 'parse' },
    );
    const base = { feedId: 'f', discoveredAt: new Date().toISOString(), item: {} };
    // Override back-off so the retry happens within the test.
    await queues
      .queue('articles')
      .add(
        'parse-article',
        { ...base, articleId: articleId(3), url: 'https://x.test/flaky' },
        { jobId: articleId(3), attempts: 3, backoff: 10 },
      );
    await queues.add('parseArticle', { ...base, articleId: articleId(4), url: 'https://x.test/gone' });
    await queues.queue('articles').add('parse-article', { bogus: true }, { jobId: 'bad' });
    // Completed article jobs are removed at once; failed ones stay as dead letters.
    const counts = await waitFor(async () => {
      const c = (await queues.counts()).articles;
      return c.failed === 2 && (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0 ? c : undefined;
    });
    expect(counts).toMatchObject({ completed: 0, failed: 2 });
    expect(await queues.queue('articles').getJob(articleId(3))).toBeUndefined();
    expect(calls.get(articleId(3))).toBe(2);
    expect(calls.get(articleId(4))).toBe(1);
    const failed = await queues.queue('articles').getFailed();
    expect(failed.map((j) => j.failedReason).sort()).toEqual(
      ['HTTP 410', expect.stringMatching(/^invalid parse-article payload/)].sort(),
    );
    await worker.close();
  });
});
