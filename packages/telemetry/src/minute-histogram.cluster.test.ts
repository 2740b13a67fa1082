import { startTestRedisCluster, type TestRedisCluster } from '@tidings/testing';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshnessHistograms } from './index';

// The histograms on a real Redis Cluster: reading an hour of minutes is one pipeline, which a
// cluster client refuses when its keys live on different masters.
describe('minute histograms on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let redis: Cluster;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    redis = new Cluster(
      cluster.nodes.map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) })),
    );
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  it('writes and reads the last hour of both freshness histograms', async () => {
    const { discovered, published } = freshnessHistograms(redis, 'tidings');
    const now = Date.UTC(2026, 10, 27, 12, 30, 20);
    for (let minute = 0; minute < 60; minute += 7)
      await discovered.observe([0.4, 2.5], now - minute * 60_000);
    await published.observe([90], now);

    const hour = await discovered.recent(60, now);
    expect(hour).toHaveLength(60);
    expect(hour.filter((m) => m.count === 2)).toHaveLength(9);
    expect(hour.at(-1)).toMatchObject({ count: 2, p50: 0.5, p99: 3 });
    expect((await published.recent(60, now)).at(-1)).toMatchObject({ count: 1, p50: 120 });
  });
});
