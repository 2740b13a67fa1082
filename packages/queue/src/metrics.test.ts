import { randomUUID } from 'node:crypto';
import { useTestRedis } from '@tidings/testing';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Queues, registerQueueMetrics } from './index';

describe('queue metrics against a real Redis', () => {
  const { redis } = useTestRedis();

  it('reports jobs per queue and state', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis(), prefix);
    const registry = new Registry();
    registerQueueMetrics(registry, queues);
    const base = { feedId: 'f', discoveredAt: new Date().toISOString(), item: {} };
    await queues.addBulk(
      'parseArticle',
      [1, 2].map((n) => ({
        ...base,
        articleId: n.toString(16).padStart(32, '0'),
        url: `https://x.test/${n}`,
      })),
    );
    const text = await registry.metrics();
    expect(text).toContain('tidings_queue_jobs{queue="articles",state="waiting"} 2');
    expect(text).toContain('tidings_queue_jobs{queue="index",state="waiting"} 0');
    await queues.close();
  });
});
