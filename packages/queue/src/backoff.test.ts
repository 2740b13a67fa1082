import { randomUUID } from 'node:crypto';
import { FetchError, MAX_RETRY_AFTER_SECONDS } from '@tidings/http';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { describe, expect, it } from 'vitest';
import { Queues, RETRY_AFTER_BACKOFF, retryDelay, startWorker } from './index';

const busy = (retryAfterSeconds?: number) =>
  new FetchError('HTTP 429', {
    code: 'HTTP_STATUS',
    url: 'https://busy.test/a',
    permanent: false,
    status: 429,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });

describe('retryDelay', () => {
  const backoff = { delay: 2000, jitter: 0.5 };

  it('is BullMQ’s jittered exponential without a Retry-After', () => {
    expect(retryDelay(1, backoff, new Error('reset'), () => 0)).toBe(2000);
    expect(retryDelay(1, backoff, new Error('reset'), () => 1)).toBe(1000);
    expect(retryDelay(4, backoff, busy(), () => 0)).toBe(16_000);
    expect(retryDelay(4, backoff, busy(), () => 0.999)).toBeGreaterThanOrEqual(8000);
  });

  it('never retries sooner than the Retry-After, jittered above it', () => {
    expect(retryDelay(1, backoff, busy(120), () => 0)).toBe(120_000);
    expect(retryDelay(1, backoff, busy(120), () => 1)).toBe(180_000);
    // A Retry-After shorter than the exponential delay changes nothing.
    expect(retryDelay(10, backoff, busy(60), () => 0)).toBe(2000 * 2 ** 9);
  });

  it('caps the Retry-After it honours', () => {
    expect(retryDelay(1, backoff, busy(365 * 24 * 3600), () => 0)).toBe(MAX_RETRY_AFTER_SECONDS * 1000);
  });
});

describe('the Retry-After back-off in a worker, against a real Redis', () => {
  const { redis } = useTestRedis('backoff-test');

  it('runs the next attempt no sooner than the Retry-After the failure carried', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const runs: number[] = [];
    const worker = startWorker(
      'parseArticle',
      async () => {
        runs.push(Date.now());
        if (runs.length === 1) throw busy(1);
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
    const articleId = 'b'.repeat(32);
    // A 10 ms exponential back-off: only the Retry-After can make the retry wait a second.
    await queues.queue('articles').add(
      'parse-article',
      {
        articleId,
        url: 'https://busy.test/a',
        feedId: 'f',
        discoveredAt: new Date().toISOString(),
        item: {},
      },
      { jobId: articleId, attempts: 3, backoff: { type: RETRY_AFTER_BACKOFF, delay: 10, jitter: 0.5 } },
    );
    await waitFor(() => (runs.length === 2 ? true : undefined), { timeoutMs: 10_000 });
    await worker.close();
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(1000);
    expect(runs[1]! - runs[0]!).toBeLessThan(3000);
    await queues.close();
  });
});
