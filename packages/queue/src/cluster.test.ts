import { FetchError } from '@tidings/http';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { articleDocument, startTestRedisCluster, type TestRedisCluster, waitFor } from '@tidings/testing';
import calculateSlot from 'cluster-key-slot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cluster,
  createRedis,
  DeadLetterReplayer,
  listDeadLetters,
  PermanentError,
  perKey,
  Queues,
  queuePrefix,
  RETRY_AFTER_BACKOFF,
  replayDeadLetters,
  startWorker,
  TransientDeadLetters,
  type Worker,
} from './index';

const QUEUES = ['feeds', 'articles', 'index'] as const;
const articleId = (n: number) => n.toString(16).padStart(32, '0');
const hostOf = (url: string) => new URL(url).host;

// Every operation of the adapter on a real Redis Cluster: a multi-key command or script whose keys
// span two slots fails with CROSSSLOT, and so fails this test.
describe('the queues on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let redis: Cluster;
  let prefix: string;
  let masterOfSlot: (slot: number) => string;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    redis = createRedis({ url: 'redis://127.0.0.1', clusterNodes: cluster.nodes }, 'test') as Cluster;
    // Asked of a master: a keyless command may go to a replica the client drops as the slots settle.
    await new Promise((ready) => (redis.status === 'ready' ? ready(undefined) : redis.once('ready', ready)));
    const ranges = await redis.nodes('master')[0]!.cluster('SLOTS');
    masterOfSlot = (slot) => {
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      const master = range?.[2];
      return master ? `${master[0]}:${master[1]}` : 'none';
    };
    // A prefix whose three queues hash to three masters, so each test below spans all of them.
    prefix = Array.from({ length: 200 }, (_, i) => `c${i}`).find(
      (p) => new Set(QUEUES.map((q) => masterOfSlot(calculateSlot(queuePrefix(p, q))))).size === 3,
    )!;
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  it("keeps each queue's keys in one slot, and the three queues on three masters", async () => {
    const queues = new Queues(redis, prefix);
    const masters = new Set<string>();
    for (const name of QUEUES) {
      const queue = queues.queue(name);
      const keys = [
        queue.keys.wait,
        queue.keys.failed,
        queue.keys.meta,
        `${queue.qualifiedName}:${articleId(1)}`,
        `${queuePrefix(prefix, name)}:dead-letters:waiting:some.host`,
      ] as string[];
      const slots = new Set(keys.map((key) => calculateSlot(key)));
      expect(slots.size, name).toBe(1);
      masters.add(masterOfSlot(Number([...slots][0])));
    }
    expect(masters.size).toBe(3);
    await queues.close();
  });

  it('adds, works, fails, lists, replays and supersedes jobs across the three queues', async () => {
    const queues = new Queues(redis, prefix);
    const metrics = createMetrics('test');
    const logger = createLogger('test', 'silent');
    const replayer = new DeadLetterReplayer({
      queues,
      queue: 'articles',
      kind: 'site',
      dependencyOf: (err) => (err instanceof FetchError && !err.permanent ? hostOf(err.url) : undefined),
      logger,
      metrics,
    });
    const down = new Set(['down.test']);
    const runs = new Map<string, number>();
    let indexRuns = 0;
    const common = { connection: redis, prefix, concurrency: 4, logger, metrics };
    const workers: Worker[] = [
      startWorker('pollFeed', async () => ({ status: 'done' }), { ...common, stage: 'poll' }),
      startWorker(
        'parseArticle',
        async (payload) => {
          runs.set(payload.articleId, (runs.get(payload.articleId) ?? 0) + 1);
          const url = payload.url ?? '';
          if (down.has(hostOf(url)))
            throw new FetchError('HTTP 503', { code: 'HTTP_STATUS', url, permanent: false, status: 503 });
          return { status: 'done' };
        },
        { ...common, stage: 'parse', deadLetters: replayer },
      ),
      startWorker(
        'indexArticle',
        async () => {
          indexRuns++;
          throw new PermanentError('rejected by the index', 'INVALID_DOCUMENT');
        },
        { ...common, stage: 'index' },
      ),
    ];
    try {
      const parse = (n: number, url: string) =>
        queues.queue('articles').add(
          'parse-article',
          { articleId: articleId(n), url, feedId: 'f', discoveredAt: new Date().toISOString(), item: {} },
          {
            jobId: articleId(n),
            attempts: 2,
            backoff: { type: RETRY_AFTER_BACKOFF, delay: 10, jitter: 0.5 },
          },
        );
      await queues.add('pollFeed', { feedId: 'f' });
      await parse(1, 'https://down.test/a');
      await parse(2, 'https://down.test/b');
      await queues.addBulk('indexArticle', [{ document: articleDocument({ url: 'https://up.test/x' }) }]);

      await waitFor(async () => {
        const counts = await queues.counts();
        return counts.feeds.completed === 1 && counts.articles.failed === 2 && counts.index.failed === 1;
      });
      // Dead letters of two queues on two masters, merged newest first.
      const listed = await listDeadLetters(queues, { limit: 10, offset: 0 });
      expect(listed.total).toBe(3);
      expect(listed.deadLetters.map((d) => d.queue).sort()).toEqual(['articles', 'articles', 'index']);
      const store = new TransientDeadLetters(queues, 'articles');
      expect(await store.dependencies()).toEqual(['down.test']);

      // The site is back: its dead letters replay on their own (the script of the store runs here).
      down.delete('down.test');
      replayer.healthy('down.test');
      await waitFor(() => runs.get(articleId(1)) === 3 && runs.get(articleId(2)) === 3);
      await waitFor(async () => (await queues.queue('articles').getFailedCount()) === 0);
      expect(await store.dependencies()).toEqual([]);

      // By hand: the index dead letter goes back to its queue (and fails again).
      const indexId = listed.deadLetters.find((d) => d.queue === 'index')!.id;
      expect(await replayDeadLetters(queues, [indexId])).toBe(1);
      await waitFor(async () => indexRuns === 2 && (await queues.queue('index').getFailedCount()) === 1);

      // An update replaces a finished job under the same id.
      const ids = await queues.supersedeBulk('parseArticle', [
        {
          articleId: articleId(1),
          url: 'https://down.test/a',
          feedId: 'f',
          discoveredAt: new Date().toISOString(),
          item: { title: 'new' },
        },
      ]);
      expect(ids).toEqual([articleId(1)]);
      // Two failed attempts, the replay, and now the update.
      await waitFor(() => runs.get(articleId(1)) === 4);
      expect((await queues.finishedPerMinute(1)).articles.completed[0]).toBeGreaterThan(0);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await replayer.close();
      await queues.close();
    }
  });

  // The index queue's master dies here; the articles queue's, in the next test.
  it('reads keys of many slots through a slot map that predates a failover', async () => {
    const stale = createRedis({ url: 'redis://127.0.0.1', clusterNodes: cluster.nodes }, 'stale') as Cluster;
    try {
      await stale.ping();
      const keys = Array.from({ length: 60 }, (_, i) => `stale-map:${i}`);
      await perKey(redis, keys, (pipeline, key, i) => pipeline.set(key, String(i)));
      // Replication is asynchronous: the replica must have the keys before it takes over.
      await new Promise((r) => setTimeout(r, 200));
      await cluster.killMaster(queuePrefix(prefix, 'index'));
      expect(await perKey(stale, keys, (pipeline, key) => pipeline.get(key))).toEqual(
        keys.map((_, i) => String(i)),
      );
    } finally {
      stale.disconnect();
    }
  }, 60_000);

  it("keeps adding and working jobs when the queue's master dies and its replica takes over", async () => {
    const queues = new Queues(redis, prefix);
    const done = new Set<string>();
    const worker = startWorker(
      'parseArticle',
      async (payload) => {
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
    const add = (from: number, to: number) =>
      queues.addBulk(
        'parseArticle',
        Array.from({ length: to - from }, (_, i) => ({
          articleId: articleId(1000 + from + i),
          url: `https://up.test/${from + i}`,
          feedId: 'f',
          discoveredAt: new Date().toISOString(),
          item: {},
        })),
      );
    try {
      await add(0, 20);
      await waitFor(() => done.size === 20);
      // Replication is asynchronous: give the replica a moment to have the first jobs' writes,
      // since this tests failover, not the loss of unreplicated writes.
      await new Promise((r) => setTimeout(r, 200));
      await cluster.killMaster(queuePrefix(prefix, 'articles'));
      await add(20, 40);
      await waitFor(() => done.size === 40, { timeoutMs: 30_000 });
    } finally {
      await worker.close();
      await queues.close();
    }
  }, 60_000);
});
