import { randomUUID } from 'node:crypto';
import { FetchError } from '@tidings/http';
import { createLogger, createMetrics, type Metrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DeadLetterReplayer,
  PermanentError,
  Queues,
  RETRY_AFTER_BACKOFF,
  replayDeadLetters,
  startWorker,
  TransientDeadLetters,
  type Worker,
} from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');
const hostOf = (url: string) => new URL(url).host;

/** What a site that is down answers, as the HTTP client reports it. */
const unavailable = (url: string) =>
  new FetchError('HTTP 503', { code: 'HTTP_STATUS', url, permanent: false, status: 503 });

describe('automatic replay of transient dead letters, against a real Redis', () => {
  const { redis } = useTestRedis('replayer-test');
  const closing: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  /** A stack of one parser-like worker: pages of hosts in `down` answer 503, `/gone` pages 410. */
  function stack(options: { probe?: (dependency: string) => Promise<void>; refreshMs?: number } = {}) {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const metrics = createMetrics('test');
    const logs: Array<Record<string, unknown>> = [];
    const logger = createLogger('test', 'info');
    // Keep the replayer's info lines for the test instead of printing them.
    const spy = Object.assign(Object.create(logger), {
      child: () => spy,
      info: (obj: Record<string, unknown>, msg: string) => logs.push({ ...obj, msg }),
      warn: (obj: Record<string, unknown>, msg: string) => logs.push({ ...obj, msg, level: 'warn' }),
    });
    const replayer = replayerFor(queues, metrics, spy, options);
    const down = new Set<string>();
    const runs = new Map<string, number>();
    const worker: Worker = startWorker(
      'parseArticle',
      async (payload) => {
        runs.set(payload.articleId, (runs.get(payload.articleId) ?? 0) + 1);
        if (payload.url?.endsWith('/gone')) throw new PermanentError('HTTP 410', 'HTTP_STATUS');
        if (down.has(hostOf(payload.url ?? ''))) throw unavailable(payload.url ?? '');
        return { status: 'done' };
      },
      {
        connection: redis(),
        prefix,
        concurrency: 4,
        logger: createLogger('test', 'silent'),
        metrics,
        stage: 'parse',
        deadLetters: replayer,
      },
    );
    closing.push(async () => {
      await worker.close();
      await replayer.close();
      await queues.close();
    });
    const add = (n: number, url: string) =>
      queues.queue('articles').add(
        'parse-article',
        { articleId: articleId(n), url, feedId: 'f', discoveredAt: new Date().toISOString(), item: {} },
        // Two quick attempts stand in for the hours of retries.
        { jobId: articleId(n), attempts: 2, backoff: { type: RETRY_AFTER_BACKOFF, delay: 10, jitter: 0.5 } },
      );
    const failed = async (n: number) =>
      queues
        .queue('articles')
        .getFailedCount()
        .then((c) => c === n);
    return { prefix, queues, metrics, logs, replayer, down, runs, add, failed };
  }

  function replayerFor(
    queues: Queues,
    metrics: Metrics,
    logger: ReturnType<typeof createLogger>,
    options: { probe?: (dependency: string) => Promise<void>; refreshMs?: number } = {},
  ): DeadLetterReplayer {
    return new DeadLetterReplayer({
      queues,
      queue: 'articles',
      kind: 'site',
      dependencyOf: (err) => (err instanceof FetchError && !err.permanent ? hostOf(err.url) : undefined),
      logger,
      metrics,
      ...options,
    });
  }

  const replayedMetric = async (metrics: Metrics) =>
    (await metrics.registry.getSingleMetricAsString('tidings_dead_letters_replayed_total')).match(
      /tidings_dead_letters_replayed_total\{queue="articles",dependency="site",service="test"\} (\d+)/,
    )?.[1];

  it('replays the dead letters of a host once it serves again, never a permanent one', async () => {
    const s = stack();
    expect(await replayedMetric(s.metrics)).toBe('0');
    s.down.add('down.test');
    await s.add(1, 'https://down.test/a');
    await s.add(2, 'https://down.test/b');
    await s.add(3, 'https://other.test/gone');
    await s.add(4, 'https://other.test/x');
    await waitFor(() => s.failed(3));
    expect(s.runs.get(articleId(1))).toBe(2);
    expect(s.runs.get(articleId(3))).toBe(1);

    // Other hosts answering, and the one down still down, replay nothing.
    s.replayer.healthy('other.test');
    s.replayer.healthy('elsewhere.test');
    await new Promise((r) => setTimeout(r, 200));
    expect(await s.queues.queue('articles').getFailedCount()).toBe(3);

    s.down.delete('down.test');
    s.replayer.healthy('down.test');
    // Both down.test pages ran again and completed; the 410 stays.
    await waitFor(() => s.failed(1));
    await waitFor(() => s.runs.get(articleId(1)) === 3 && s.runs.get(articleId(2)) === 3);
    expect(s.runs.get(articleId(3))).toBe(1);
    const [left] = await s.queues.queue('articles').getFailed();
    expect(left?.id).toBe(articleId(3));
    await waitFor(async () => (await replayedMetric(s.metrics)) !== '0');
    expect(await replayedMetric(s.metrics)).toBe('2');
    expect(s.logs).toContainEqual(
      expect.objectContaining({
        dependency: 'down.test',
        replayed: 2,
        msg: 'replaying 2 dead letters of down.test: it is back',
      }),
    );
    // Nothing is left waiting: the host's entries and its place in the index are gone.
    expect(await new TransientDeadLetters(s.queues, 'articles').dependencies()).toEqual([]);
    expect(await redis().keys(`{${s.prefix}:*}:dead-letters:*`)).toEqual([]);
  });

  it('records a replayed job that fails again as a dead letter again, with fresh attempts in between', async () => {
    const s = stack();
    s.down.add('flaky.test');
    await s.add(5, 'https://flaky.test/a');
    await waitFor(() => s.failed(1));
    s.replayer.healthy('flaky.test');
    // Replayed with its attempts reset: two more runs, then a dead letter again, recorded again.
    await waitFor(() => s.runs.get(articleId(5)) === 4);
    await waitFor(() => s.failed(1));
    await waitFor(async () =>
      (await new TransientDeadLetters(s.queues, 'articles').dependencies()).includes('flaky.test'),
    );
    const [job] = await s.queues.queue('articles').getFailed();
    expect(job?.attemptsMade).toBe(2);
    s.down.delete('flaky.test');
    // The worker's record put the host back on this process's list: it replays again at once.
    s.replayer.healthy('flaky.test');
    await waitFor(() => s.failed(0));
  });

  it('retries each job once when several processes see the host come back at once', async () => {
    const s = stack();
    s.down.add('many.test');
    for (let n = 10; n < 30; n++) await s.add(n, `https://many.test/${n}`);
    await waitFor(() => s.failed(20));
    s.down.delete('many.test');
    // Two more replayers stand in for two more parser processes.
    const othersMetrics = [createMetrics('test'), createMetrics('test')];
    const others = othersMetrics.map((metrics) =>
      replayerFor(s.queues, metrics, createLogger('test', 'silent')),
    );
    await Promise.all(others.map((r) => r.refresh()));
    for (const r of [s.replayer, ...others]) r.healthy('many.test');
    await Promise.all([s.replayer, ...others].map((r) => r.close()));
    await waitFor(() => s.failed(0));
    await waitFor(() => [...s.runs.values()].reduce((a, b) => a + b) === 60);
    for (const n of s.runs.values()) expect(n).toBe(3);
    // Between them the three counted each replayed job once.
    const counted = await Promise.all([s.metrics, ...othersMetrics].map(replayedMetric));
    expect(counted.reduce((a, b) => a + Number(b), 0)).toBe(20);
  });

  it('replays when its probe finds the dependency back', async () => {
    let up = false;
    const s = stack({
      refreshMs: 100,
      probe: async () => {
        if (!up) throw new Error('still down');
      },
    });
    s.replayer.start();
    s.down.add('probed.test');
    await s.add(40, 'https://probed.test/a');
    await waitFor(() => s.failed(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.queues.queue('articles').getFailedCount()).toBe(1);
    s.down.delete('probed.test');
    up = true;
    await waitFor(() => s.failed(0));
    // The jobs leave the failed set inside the replay; the counter moves once it has returned.
    await waitFor(async () => (await replayedMetric(s.metrics)) !== '0');
    expect(await replayedMetric(s.metrics)).toBe('1');
  });

  it('keeps the entry of a job still active: its worker recorded it and is about to fail it', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = startWorker('parseArticle', () => held.then(() => ({ status: 'done' as const })), {
      connection: redis(),
      prefix,
      concurrency: 1,
      logger: createLogger('test', 'silent'),
      metrics: createMetrics('test'),
      stage: 'parse',
    });
    closing.push(async () => {
      release();
      await worker.close();
      await queues.close();
    });
    const id = articleId(60);
    await queues.add('parseArticle', {
      articleId: id,
      url: 'https://racing.test/a',
      feedId: 'f',
      discoveredAt: new Date().toISOString(),
      item: {},
    });
    await waitFor(async () => (await queues.queue('articles').getActiveCount()) === 1);
    const store = new TransientDeadLetters(queues, 'articles');
    await store.record('racing.test', id);
    expect(await store.replay('racing.test')).toBe(0);
    expect(await store.dependencies()).toEqual(['racing.test']);
    // Once the job is gone (it completed), its entry goes on the next replay.
    release();
    await waitFor(async () => (await queues.queue('articles').getActiveCount()) === 0);
    expect(await store.replay('racing.test')).toBe(0);
    expect(await store.dependencies()).toEqual([]);
  });

  it('forgets dead letters replayed by hand', async () => {
    const s = stack();
    s.down.add('manual.test');
    await s.add(50, 'https://manual.test/a');
    await s.add(51, 'https://manual.test/b');
    await waitFor(() => s.failed(2));
    const store = new TransientDeadLetters(s.queues, 'articles');
    expect(await store.dependencies()).toEqual(['manual.test']);
    s.down.delete('manual.test');
    expect(await replayDeadLetters(s.queues, [articleId(50)])).toBe(1);
    await waitFor(() => s.failed(1));
    expect(await store.dependencies()).toEqual(['manual.test']);
    expect(await replayDeadLetters(s.queues)).toBe(1);
    await waitFor(() => s.failed(0));
    expect(await store.dependencies()).toEqual([]);
    expect(await redis().keys(`{${s.prefix}:*}:dead-letters:*`)).toEqual([]);
  });
});
