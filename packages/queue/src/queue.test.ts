import { randomUUID } from 'node:crypto';
import { createMetrics, createLogger } from '@tidings/telemetry';
import { startTestRedis, type TestServer, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, FeedRegistry, PermanentError, Queues, type Redis, SeenItems, startWorker } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');

describe('queue package against a real Redis', () => {
  let server: TestServer;
  let redis: Redis;
  let prefix: string;
  let queues: Queues;
  const logger = createLogger('test', 'silent');
  const metrics = createMetrics('test');

  beforeAll(async () => {
    server = await startTestRedis();
    redis = createRedis(server.url, 'test');
  });
  afterAll(async () => {
    await queues?.close();
    redis.disconnect();
    await server.stop();
  });

  it('dedupes jobs by their deterministic id and validates payloads', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    const payload = { articleId: articleId(1), url: 'https://x.test/a', feedId: 'f1', discoveredAt: new Date().toISOString(), item: {} };
    await queues.add('parseArticle', payload);
    await queues.add('parseArticle', payload);
    await queues.addBulk('parseArticle', [payload, { ...payload, articleId: articleId(2), url: 'https://x.test/b' }]);
    expect((await queues.counts()).articles.waiting).toBe(2);
    await expect(queues.add('parseArticle', { ...payload, url: 'not a url' })).rejects.toThrow();
  });

  it('retries transient failures and stops at once on permanent ones', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
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
      { connection: redis, prefix, concurrency: 2, logger, metrics, stage: 'parse' },
    );
    const base = { feedId: 'f', discoveredAt: new Date().toISOString(), item: {} };
    // Override back-off so the retry happens within the test.
    await queues.queue('articles').add('parse-article', { ...base, articleId: articleId(3), url: 'https://x.test/flaky' }, { jobId: articleId(3), attempts: 3, backoff: 10 });
    await queues.add('parseArticle', { ...base, articleId: articleId(4), url: 'https://x.test/gone' });
    await queues.queue('articles').add('parse-article', { bogus: true }, { jobId: 'bad' });
    const counts = await waitFor(async () => {
      const c = (await queues.counts()).articles;
      return c.completed === 1 && c.failed === 2 ? c : undefined;
    });
    expect(counts).toMatchObject({ completed: 1, failed: 2 });
    expect(calls.get(articleId(3))).toBe(2);
    expect(calls.get(articleId(4))).toBe(1);
    const failed = await queues.queue('articles').getFailed();
    expect(failed.map((j) => j.failedReason).sort()).toEqual(['HTTP 410', expect.stringMatching(/^invalid parse-article payload/)].sort());
    await worker.close();
  });

  it('registers a feed once, schedules it, records health and removes it', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis, prefix);
    const registry = new FeedRegistry(redis, queues, prefix);
    const first = await registry.register({ id: 'feed1', url: 'https://x.test/feed.xml', intervalSeconds: 60 });
    const again = await registry.register({ id: 'feed1', url: 'https://x.test/feed.xml', intervalSeconds: 60, title: 'ignored' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(first.feed.nextPollAt).toBeDefined();
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1);

    await registry.recordPoll('feed1', { status: 'error', error: 'HTTP 503' });
    await registry.recordPoll('feed1', { status: 'error', error: 'HTTP 503' });
    expect(await registry.get('feed1')).toMatchObject({ lastStatus: 'error', lastError: 'HTTP 503', consecutiveFailures: 2 });
    await registry.recordPoll('feed1', { status: 'ok', newItems: 3, etag: '"v2"', url: 'https://x.test/moved.xml' });
    const healthy = await registry.get('feed1');
    expect(healthy).toMatchObject({ lastStatus: 'ok', consecutiveFailures: 0, itemsSeen: 3, etag: '"v2"', url: 'https://x.test/moved.xml' });
    expect(healthy?.lastError).toBeUndefined();

    const listed = await registry.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toEqual(await registry.get('feed1'));
    expect(listed[0]?.nextPollAt).toBeDefined();
    expect(await registry.remove('feed1')).toBe(true);
    expect(await registry.get('feed1')).toBeUndefined();
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(0);
  });

  it('remembers seen items', async () => {
    const seen = new SeenItems(redis, `t-${randomUUID()}`);
    expect(await seen.unseen(['a', 'b'])).toEqual(['a', 'b']);
    await seen.markSeen(['a']);
    expect(await seen.unseen(['a', 'b', 'c'])).toEqual(['b', 'c']);
  });
});
