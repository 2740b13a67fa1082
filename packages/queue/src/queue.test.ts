import { randomUUID } from 'node:crypto';
import { createMetrics, createLogger } from '@tidings/telemetry';
import { waitFor } from '@tidings/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedRegistry, PermanentError, Queues, SeenItems, startWorker } from './index';
import { useTestRedis } from './test-redis';

const articleId = (n: number) => n.toString(16).padStart(32, '0');

describe('queue package against a real Redis', () => {
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
    const payload = { articleId: articleId(1), url: 'https://x.test/a', feedId: 'f1', discoveredAt: new Date().toISOString(), item: {} };
    await queues.add('parseArticle', payload);
    await queues.add('parseArticle', payload);
    await queues.addBulk('parseArticle', [payload, { ...payload, articleId: articleId(2), url: 'https://x.test/b' }]);
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
    await queues.queue('articles').add('parse-article', { ...base, articleId: articleId(3), url: 'https://x.test/flaky' }, { jobId: articleId(3), attempts: 3, backoff: 10 });
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
    expect(failed.map((j) => j.failedReason).sort()).toEqual(['HTTP 410', expect.stringMatching(/^invalid parse-article payload/)].sort());
    await worker.close();
  });

  it('registers a feed once, schedules it, records health, pauses, resumes and removes it', async () => {
    prefix = `t-${randomUUID()}`;
    queues = new Queues(redis(), prefix);
    const registry = new FeedRegistry(redis(), queues, prefix);
    const first = await registry.register({ id: 'feed1', url: 'https://x.test/feed.xml', defaultIntervalSeconds: 300, tags: ['world'] });
    const again = await registry.register({ id: 'feed1', url: 'https://x.test/feed.xml', defaultIntervalSeconds: 300, title: 'ignored' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(first.feed).toMatchObject({ adaptive: true, intervalSeconds: 300, tags: ['world'], paused: false, title: undefined });
    expect(Date.parse(first.feed.nextPollAt!)).toBeLessThanOrEqual(Date.now());
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1);
    const fixed = await registry.register({ id: 'feed2', url: 'https://x.test/fixed.xml', defaultIntervalSeconds: 300, intervalSeconds: 60 });
    expect(fixed.feed).toMatchObject({ adaptive: false, intervalSeconds: 60 });

    const inAMinute = new Date(Date.now() + 60_000);
    await registry.recordPoll('feed1', { status: 'error', error: 'HTTP 503' }, { kind: 'next', at: inAMinute, intervalSeconds: 300 });
    await registry.recordPoll('feed1', { status: 'error', error: 'HTTP 503' }, { kind: 'next', at: inAMinute, intervalSeconds: 300 });
    const failing = await registry.get('feed1');
    expect(failing).toMatchObject({ lastStatus: 'error', lastError: 'HTTP 503', consecutiveFailures: 2, nextPollAt: inAMinute.toISOString() });
    expect(failing?.failingSince).toBeDefined();

    await registry.recordPoll('feed1', { status: 'error', error: 'HTTP 410' }, { kind: 'pause', reason: 'failing since then: HTTP 410' });
    expect(await registry.get('feed1')).toMatchObject({ paused: true, pausedReason: 'failing since then: HTTP 410', nextPollAt: undefined });
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1); // only feed2's

    const resumed = await registry.resume('feed1');
    expect(resumed).toMatchObject({ paused: false, consecutiveFailures: 0 });
    expect(resumed?.nextPollAt).toBeDefined();

    await registry.recordPoll('feed1', { status: 'ok', newItems: 3, etag: '"v2"', url: 'https://x.test/moved.xml', title: 'X News' }, { kind: 'next', at: inAMinute, intervalSeconds: 1800 });
    const healthy = await registry.get('feed1');
    expect(healthy).toMatchObject({ lastStatus: 'ok', consecutiveFailures: 0, itemsSeen: 3, etag: '"v2"', url: 'https://x.test/moved.xml', title: 'X News', intervalSeconds: 1800 });
    expect(healthy?.lastError).toBeUndefined();
    expect(healthy?.failingSince).toBeUndefined();

    const listed = await registry.list();
    expect(listed).toHaveLength(2);
    expect(listed.find((f) => f.id === 'feed1')).toEqual(await registry.get('feed1'));
    expect(await registry.remove('feed1')).toBe(true);
    expect(await registry.get('feed1')).toBeUndefined();
    expect(await queues.queue('feeds').getJobSchedulersCount()).toBe(1);
  });

  it('remembers seen items by id and GUID, and notices changed ones', async () => {
    const seen = new SeenItems(redis(), `t-${randomUUID()}`);
    expect(await seen.classify([{ articleId: 'a', fingerprint: '1' }, { articleId: 'b', fingerprint: '1' }])).toEqual({ fresh: ['a', 'b'], changed: [] });
    await seen.remember('feed', [{ articleId: 'a', fingerprint: '1', guid: 'urn:item:a' }]);
    expect(await seen.classify([{ articleId: 'a', fingerprint: '1' }, { articleId: 'b', fingerprint: '1' }])).toEqual({ fresh: ['b'], changed: [] });
    expect(await seen.classify([{ articleId: 'a', fingerprint: '2' }])).toEqual({ fresh: [], changed: ['a'] });
    expect(await seen.articlesForGuids('feed', ['urn:item:a', 'urn:item:z'])).toEqual(['a', undefined]);
    expect(await seen.articlesForGuids('other-feed', ['urn:item:a'])).toEqual([undefined]);
  });
});
