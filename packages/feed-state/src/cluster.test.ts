import { type Cluster, createRedis, Queues } from '@tidings/queue';
import { startTestRedisCluster, type TestRedisCluster } from '@tidings/testing';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedRegistry, registerFeedMetrics, SeenItems } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');

// Every operation of the feed state on a real Redis Cluster: a command, transaction or pipeline
// whose keys span slots (or masters) fails, and so fails this test.
describe('feed state on a Redis Cluster', () => {
  const prefix = 'tidings';
  let cluster: TestRedisCluster;
  let redis: Cluster;
  let queues: Queues;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    redis = createRedis({ url: 'redis://127.0.0.1', clusterNodes: cluster.nodes }, 'test') as Cluster;
    queues = new Queues(redis, prefix);
  }, 60_000);
  afterAll(async () => {
    await queues?.close();
    redis?.disconnect();
    await cluster?.stop();
  });

  it('registers, lists, records polls, pauses, resumes and removes feeds', async () => {
    const registry = new FeedRegistry(redis, queues, prefix);
    const ids = Array.from({ length: 12 }, (_, i) => `feed${i}`);
    for (const id of ids)
      await registry.register({ id, url: `https://x.test/${id}.xml`, defaultIntervalSeconds: 300 });
    // The feeds' hashes are spread over several masters, and still listed in one call.
    // Asked of a master: a keyless command may go to a replica the client drops as the slots settle.
    const master = redis.nodes('master')[0]!;
    const slots = await Promise.all(ids.map((id) => master.cluster('KEYSLOT', `${prefix}:feed:${id}`)));
    expect(new Set(slots).size).toBeGreaterThan(1);
    expect((await registry.list()).map((f) => f.id).sort()).toEqual([...ids].sort());

    await registry.recordPoll(
      'feed1',
      { status: 'error', error: 'HTTP 500' },
      { kind: 'pause', reason: 'failing for a week' },
    );
    expect(await registry.get('feed1')).toMatchObject({ paused: true, consecutiveFailures: 1 });
    expect(await registry.resume('feed1')).toMatchObject({ paused: false, consecutiveFailures: 0 });
    await registry.recordPoll(
      'feed2',
      { status: 'ok', newItems: 3, etag: '"v2"' },
      { kind: 'next', at: new Date(Date.now() + 60_000), intervalSeconds: 60 },
    );
    expect(await registry.get('feed2')).toMatchObject({ itemsSeen: 3, etag: '"v2"', intervalSeconds: 60 });

    const metrics = new Registry();
    registerFeedMetrics(metrics, registry);
    const gauge = await metrics.getSingleMetricAsString('tidings_feeds');
    // feed1 failed its last poll (failing, not paused any more); the others are healthy.
    expect(gauge).toMatch(/state="healthy"} 11\n/);
    expect(gauge).toMatch(/state="failing"} 1\n/);

    expect(await registry.remove('feed3')).toBe(true);
    expect(await registry.remove('feed3')).toBe(false);
    expect((await registry.list()).map((f) => f.id)).not.toContain('feed3');
    expect(await registry.scheduleAll()).toBe(11);
  });

  it('classifies and remembers items whose keys live on different masters', async () => {
    const seen = new SeenItems(redis, prefix);
    const items = Array.from({ length: 30 }, (_, i) => ({
      articleId: articleId(i),
      fingerprint: `v1-${i}`,
      guid: `guid-${i}`,
    }));
    expect(await seen.classify(items)).toEqual({ fresh: items.map((i) => i.articleId), changed: [] });
    await seen.remember('feed1', items);
    const changed = items.map((item, i) => (i === 7 ? { ...item, fingerprint: 'v2' } : item));
    expect(await seen.classify([...changed, { articleId: articleId(99), fingerprint: 'x' }])).toEqual({
      fresh: [articleId(99)],
      changed: [articleId(7)],
    });
    expect(await seen.articlesForGuids('feed1', ['guid-3', 'guid-29', 'unknown'])).toEqual([
      articleId(3),
      articleId(29),
      undefined,
    ]);
  });
});
