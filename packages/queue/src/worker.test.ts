import { randomUUID } from 'node:crypto';
import { HostBusyError } from '@tidings/http';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { startTestRedis, type TestServer, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, type JobContext, Queues, type Redis, startWorker } from './index';

describe('startWorker deferral against a real Redis', () => {
  let server: TestServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = createRedis(server.url, 'worker-test');
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('moves a job that met a busy host to delayed, without spending an attempt', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis, prefix);
    const metrics = createMetrics('test');
    const runs: Array<{ at: number; attempt: number }> = [];
    const worker = startWorker(
      'parseArticle',
      async (_payload, context: JobContext) => {
        runs.push({ at: Date.now(), attempt: context.attempt });
        if (runs.length <= 2) throw new HostBusyError('news.example', 300);
        return { status: 'done' };
      },
      {
        connection: redis,
        prefix,
        concurrency: 1,
        logger: createLogger('test', 'silent'),
        metrics,
        stage: 'parse',
      },
    );
    const articleId = 'a'.repeat(32);
    const payload = {
      articleId,
      url: 'https://news.example/a',
      feedId: 'f',
      discoveredAt: new Date().toISOString(),
      item: {},
    };
    // One attempt only: a deferral that burned it would fail the job instead of running it again.
    await queues
      .queue('articles')
      .add('parse-article', payload, { jobId: articleId, attempts: 1, removeOnComplete: false });

    const counts = await waitFor(async () => {
      const c = (await queues.counts()).articles;
      return c.completed === 1 ? c : undefined;
    });
    await worker.close();

    expect(counts).toMatchObject({ completed: 1, failed: 0, delayed: 0 });
    expect(runs.map((r) => r.attempt)).toEqual([1, 1, 1]);
    // Each comeback waited at least the gate's suggestion: the job really sat in the delayed set.
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThanOrEqual(290);
    }
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/tidings_jobs_processed_total\{stage="parse",outcome="deferred",service="test"\} 2/);
    expect(text).toMatch(
      /tidings_jobs_processed_total\{stage="parse",outcome="completed",service="test"\} 1/,
    );
    await queues.close();
  });
});
