import { startTestRedisCluster, type TestRedisCluster } from '@tidings/testing';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, StoryIndex } from './index';
import { allKeys, storyIndexCases } from './story-index-cases';
import { loadStoryPairs } from './story-pairs';

// The same cases as story-index.test.ts, through ioredis' Cluster on a real
// 6-node Redis Cluster: a script or multi-key command touching two slots
// fails with CROSSSLOT, and so fails its case. One cluster for the file (it takes seconds to start).
describe('StoryIndex against a real Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let redis: Cluster;
  const connect = () =>
    new Cluster(
      cluster.seeds.split(',').map((seed) => {
        const [host, port] = seed.split(':');
        return { host, port: Number(port) };
      }),
    );

  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    redis = connect();
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  storyIndexCases(() => redis, connect);

  it('spreads its keys over the masters even under a hash-tagged prefix', async () => {
    const index = new StoryIndex({ redis, prefix: '{t-tagged}' });
    const texts = loadStoryPairs()
      .slice(0, 20)
      .map((p) => p.a.text);
    for (const [i, text] of texts.entries())
      await index.assign({
        articleId: `a${i}`,
        signature: fingerprint(text),
        publishedAt: '2026-11-26T09:00:00Z',
        source: 's.test',
      });
    const holding = await Promise.all(redis.nodes('master').map((node) => node.keys('t-tagged:story-of:*')));
    expect(holding.flat()).toHaveLength(20);
    expect(holding.filter((keys) => keys.length > 0).length).toBeGreaterThan(1);
  });

  it('spreads its keys over every master', async () => {
    // Run after the cases above, which wrote thousands of keys under their prefixes.
    const perMaster = await Promise.all(redis.nodes('master').map((node) => node.dbsize()));
    expect(perMaster).toHaveLength(3);
    for (const count of perMaster) expect(count).toBeGreaterThan(100);
    expect((await allKeys(redis, 't-*:story-of:*')).length).toBeGreaterThan(100);
  });
});
