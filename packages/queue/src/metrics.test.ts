import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FeedRegistry, Queues, registerFeedMetrics, registerQueueMetrics } from './index';
import { useTestRedis } from './test-redis';

describe('queue and feed metrics against a real Redis', () => {
  const { redis } = useTestRedis('test');

  it('reports jobs per queue and state, and feeds by health', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const feeds = new FeedRegistry(redis(), queues, prefix);
    const registry = new Registry();
    registerQueueMetrics(registry, queues);
    registerFeedMetrics(registry, feeds);
    const base = { feedId: 'f', discoveredAt: new Date().toISOString(), item: {} };
    await queues.addBulk('parseArticle', [1, 2].map((n) => ({ ...base, articleId: n.toString(16).padStart(32, '0'), url: `https://x.test/${n}` })));
    await feeds.register({ id: 'a', url: 'https://x.test/a.xml', defaultIntervalSeconds: 60 });
    await feeds.register({ id: 'b', url: 'https://x.test/b.xml', defaultIntervalSeconds: 60 });
    await feeds.recordPoll('b', { status: 'error', error: 'HTTP 500' }, { kind: 'next', at: new Date(Date.now() + 60_000), intervalSeconds: 60 });
    const text = await registry.metrics();
    expect(text).toContain('tidings_queue_jobs{queue="articles",state="waiting"} 2');
    expect(text).toContain('tidings_feeds{state="healthy"} 1');
    expect(text).toContain('tidings_feeds{state="failing"} 1');
    await queues.close();
  });
});
