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
        if (p.url?.endsWith('/gone')) throw new PermanentError('HTTP 410', 'HTTP_STATUS');
        if (p.url?.endsWith('/flaky') && n < 2) throw new Error('ECONNRESET');
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

  it('supersedes a pending or failed job with a newer payload, and follows a running one', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis(), prefix);
    const articles = queues.queue('articles');
    const item = (n: number, title: string) => ({
      articleId: articleId(n),
      url: `https://x.test/${n}`,
      feedId: 'f',
      discoveredAt: new Date().toISOString(),
      item: { title },
    });

    // Pending: the new payload takes the job's place.
    await queues.add('parseArticle', item(5, 'first'));
    expect(await queues.supersedeBulk('parseArticle', [item(5, 'edited')])).toEqual([articleId(5)]);
    expect((await articles.getJob(articleId(5)))?.data.item.title).toBe('edited');
    expect((await queues.counts()).articles.waiting).toBe(1);

    // Failed (a dead letter): a plain add would be swallowed; superseding queues the update.
    await articles.remove(articleId(5));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    const worker = startWorker(
      'parseArticle',
      async (p) => {
        seen.push(`${p.articleId.slice(-1)}:${p.item.title}`);
        if (p.item.title === 'broken') throw new PermanentError('HTTP 410', 'HTTP_STATUS');
        if (p.item.title === 'slow') await held;
        return { status: 'done' };
      },
      { connection: redis(), prefix, concurrency: 2, logger, metrics, stage: 'parse' },
    );
    await queues.add('parseArticle', item(6, 'broken'));
    await waitFor(async () => (await articles.getFailedCount()) === 1);
    await queues.add('parseArticle', item(6, 'lost'));
    expect(await articles.getWaitingCount()).toBe(0);
    await queues.supersedeBulk('parseArticle', [item(6, 'fixed')]);
    await waitFor(() => seen.includes('6:fixed'));
    expect(await articles.getFailedCount()).toBe(0);

    // Running: it cannot be removed, so the update follows it under a versioned id.
    await queues.add('parseArticle', item(7, 'slow'));
    await waitFor(() => seen.includes('7:slow'));
    const [followUp] = await queues.supersedeBulk('parseArticle', [item(7, 'newer')]);
    expect(followUp).toMatch(new RegExp(`^${articleId(7)}-[0-9a-f]{12}$`));
    expect(await queues.supersedeBulk('parseArticle', [item(7, 'newer')])).toEqual([followUp]);
    release();
    await waitFor(() => seen.includes('7:newer'));
    expect(seen.filter((s) => s.startsWith('7:'))).toEqual(['7:slow', '7:newer']);
    await worker.close();
  });
});
