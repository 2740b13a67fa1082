import { randomUUID } from 'node:crypto';
import { HostBusyError } from '@tidings/http';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { articleDocument, useTestRedis, waitFor } from '@tidings/testing';
import { describe, expect, it } from 'vitest';
import { errorClass, type JobContext, PermanentError, Queues, startWorker, workerRunning } from './index';

describe('startWorker deferral against a real Redis', () => {
  const { redis } = useTestRedis('worker-test');

  it('moves a job that met a busy host to delayed, without spending an attempt', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
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
        connection: redis(),
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

  it('counts failures by error class, keeps per-minute totals, and reports readiness', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const metrics = createMetrics('test');
    const worker = startWorker(
      'parseArticle',
      async (payload) => {
        if (payload.url?.endsWith('/gone')) throw new PermanentError('page answered 410', 'HTTP_STATUS');
        if (payload.url?.endsWith('/flaky'))
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return { status: 'done' };
      },
      {
        connection: redis(),
        prefix,
        concurrency: 2,
        logger: createLogger('test', 'silent'),
        metrics,
        stage: 'parse',
      },
    );
    // Before any job: every outcome is a zero series, so a rate() has something to read.
    expect(await metrics.registry.metrics()).toMatch(
      /tidings_jobs_processed_total\{stage="parse",outcome="permanent_failure",service="test"\} 0/,
    );
    const ready = workerRunning(() => worker);
    await waitFor(async () =>
      (await ready().then(
        () => true,
        () => false,
      ))
        ? true
        : undefined,
    );

    const job = (n: number, path: string) => ({
      articleId: n.toString(16).padStart(32, '0'),
      url: `https://x.test${path}`,
      feedId: 'f',
      discoveredAt: new Date().toISOString(),
      item: {},
    });
    const queue = queues.queue('articles');
    for (const [n, path] of [
      [1, '/a'],
      [2, '/b'],
      [3, '/gone'],
      [4, '/flaky'],
    ] as const) {
      await queue.add('parse-article', job(n, path), { jobId: `job-${n}`, attempts: 1 });
    }
    // Completed jobs are removed at once, so wait on the outcomes the worker counted.
    await waitFor(async () => {
      const values = (await metrics.jobsProcessed.get()).values;
      const done = values.filter(
        (v) =>
          v.labels.outcome === 'completed' ||
          v.labels.outcome === 'permanent_failure' ||
          v.labels.outcome === 'failed',
      );
      return done.reduce((a, v) => a + v.value, 0) === 4 ? true : undefined;
    });

    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /tidings_job_failures_total\{stage="parse",error_class="HTTP_STATUS",service="test"\} 1/,
    );
    expect(text).toMatch(
      /tidings_job_failures_total\{stage="parse",error_class="ECONNRESET",service="test"\} 1/,
    );
    // BullMQ's per-minute counts: all four finished in this minute (or the one before, at a minute's edge).
    const perMinute = (await queues.finishedPerMinute(5)).articles;
    expect(perMinute.completed).toHaveLength(5);
    expect(perMinute.completed.slice(-2).reduce((a, b) => a + b)).toBe(2);
    expect(perMinute.failed.slice(-2).reduce((a, b) => a + b)).toBe(2);
    expect(perMinute.completed.slice(0, 3)).toEqual([0, 0, 0]);

    await worker.close();
    await expect(ready()).rejects.toThrow(/closing|not running/);
    await expect(workerRunning(() => undefined)()).rejects.toThrow('worker not started');
    await queues.close();
  });

  it('jitters retries: index jobs that failed together come back at different times', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const failed = new Set<string>();
    // Every job fails its first attempt at about the same moment, as a batch whose Meilisearch task failed.
    const worker = startWorker(
      'indexArticle',
      async (_payload, context) => {
        failed.add(context.id);
        throw new Error('Meilisearch task failed');
      },
      {
        connection: redis(),
        prefix,
        concurrency: 10,
        logger: createLogger('test', 'silent'),
        metrics: createMetrics('test'),
        stage: 'index',
      },
    );
    // Through Queues.addBulk, so the jobs get the queue's own JOB_OPTIONS back-off.
    await queues.addBulk(
      'indexArticle',
      Array.from({ length: 10 }, (_, n) => ({
        document: articleDocument({ url: `https://jitter.test/${n}`, text: `t${n}` }),
      })),
    );
    const delayed = await waitFor(async () => {
      const jobs = await queues.queue('index').getDelayed();
      return jobs.length === 10 ? jobs : undefined;
    });
    await worker.close();
    expect(failed.size).toBe(10);
    // BullMQ keeps each retry's back-off on the job: without jitter all ten would be exactly 1000 ms.
    const delays = delayed.map((job) => job.delay);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1000);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
    await queues.close();
  });

  it('names errors by a short code or class, never by message', () => {
    expect(errorClass(new PermanentError('x', 'EXTRACT'))).toBe('EXTRACT');
    expect(errorClass(Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' }))).toBe(
      'UND_ERR_CONNECT_TIMEOUT',
    );
    expect(errorClass(new TypeError('bad'))).toBe('TypeError');
    expect(errorClass(new Error('https://x.test/a failed'))).toBe('Error');
    expect(errorClass(Object.assign(new Error('x'), { code: 'https://x.test/a failed with spaces' }))).toBe(
      'Error',
    );
    expect(errorClass('a string')).toBe('Error');
  });
});
