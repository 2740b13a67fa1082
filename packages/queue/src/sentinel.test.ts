import { createLogger, createMetrics } from '@tidings/telemetry';
import { startTestRedisSentinel, type TestRedisSentinel, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, Queues, type Redis, startWorker } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');

// Jobs of the articles queue in any state but done.
const unfinished = (queues: Queues) =>
  queues.queue('articles').getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');

// The `host:port` of the node a client is connected to.
async function nodeOf(redis: Redis): Promise<string> {
  const port = /^tcp_port:(\d+)/m.exec(await redis.info('server'))?.[1];
  return `127.0.0.1:${port}`;
}

// Three real sentinels, a master and its replica; REDIS_URL is the sentinel URL and nothing else.
describe('the queues through Redis Sentinel', () => {
  let sentinel: TestRedisSentinel;
  let redis: Redis;
  beforeAll(async () => {
    sentinel = await startTestRedisSentinel();
    redis = createRedis(sentinel.url, 'test');
  }, 90_000);
  afterAll(async () => {
    redis?.disconnect();
    await sentinel?.stop();
  });

  it('reaches the master the sentinels name, logging in to both with the URL’s password', async () => {
    expect(await redis.ping()).toBe('PONG');
    expect((await redis.role())[0]).toBe('master');
    expect(await nodeOf(redis)).toBe(sentinel.master());
  });

  it('keeps adding and working jobs, and loses none, when the master dies and the replica takes over', async () => {
    const prefix = 'sentinel';
    const queues = new Queues(redis, prefix);
    const done = new Set<string>();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = startWorker(
      'parseArticle',
      async (payload) => {
        if (payload.url?.includes('/held/')) await held;
        done.add(payload.articleId);
        return { status: 'done' };
      },
      {
        connection: redis,
        prefix,
        concurrency: 4,
        logger: createLogger('test', 'silent'),
        metrics: createMetrics('test'),
        stage: 'parse',
      },
    );
    const add = (from: number, to: number, path: string) =>
      queues.addBulk(
        'parseArticle',
        Array.from({ length: to - from }, (_, i) => ({
          articleId: articleId(from + i),
          url: `https://up.test/${path}/${from + i}`,
          feedId: 'f',
          discoveredAt: new Date().toISOString(),
          item: {},
        })),
      );
    try {
      const before = await nodeOf(redis);
      await add(0, 10, 'before');
      await waitFor(() => done.size === 10);
      // Ten more: four taken by the worker and held through the failover, six left waiting.
      await add(10, 20, 'held');
      await waitFor(async () => (await queues.queue('articles').getActiveCount()) === 4);
      // Replication is asynchronous, and this tests a failover, not the loss of writes the replica
      // never had: a write of this connection, then WAIT, covers every write made before it.
      await redis.set(`${prefix}:replicated`, '1');
      expect(await redis.wait(1, 10_000)).toBe(1);

      const killed = await sentinel.killMaster();
      expect(killed).toBe(before);
      await add(20, 30, 'after');
      release();
      await waitFor(() => done.size === 30, { timeoutMs: 60_000, what: 'all 30 jobs to be worked' });
      // Completed article jobs are removed at once (JOB_OPTIONS): an empty queue is a finished one.
      await waitFor(async () => Object.values(await unfinished(queues)).every((n) => n === 0), {
        timeoutMs: 30_000,
        what: 'the queue to empty',
      });
      expect(await nodeOf(redis)).toBe(sentinel.master());
      expect(sentinel.master()).not.toBe(before);
    } finally {
      release();
      await worker.close();
      await queues.close();
    }
  }, 120_000);
});
