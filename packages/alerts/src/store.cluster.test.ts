import { type Alert, alertIdFor } from '@tidings/contracts';
import { type Cluster, createRedis, Queues } from '@tidings/queue';
import { startTestRedisCluster, type TestRedisCluster, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SavedSearchInput } from './saved-search';
import { SavedSearchStore } from './store';
import { AlertSubscriber } from './subscriber';

// Everything saved searches do in Redis, on a real Redis Cluster: a script, transaction or
// pipeline whose keys span slots fails (CROSSSLOT), and so fails this test.
describe('saved searches on a Redis Cluster', () => {
  const prefix = 'tidings';
  let cluster: TestRedisCluster;
  let redis: Cluster;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    redis = createRedis({ url: 'redis://127.0.0.1', clusterNodes: cluster.nodes }, 'test') as Cluster;
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  it('creates, lists, changes and deletes searches, records alerts once per story and publishes them to a subscriber', async () => {
    const store = new SavedSearchStore(redis, prefix, { limit: 5 });
    const made = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        store.create(
          SavedSearchInput.parse({
            name: `s${i}`,
            q: 'harbour',
            channels: [{ type: 'webhook', url: `https://hooks.example/${i}` }],
          }),
        ),
      ),
    );
    const [first] = made.map((m) => m.search);
    expect((await store.list({ limit: 10, offset: 0 })).total).toBe(4);
    expect(await store.update(first!.id, { q: 'harbor' })).toBeDefined();
    const stream = await store.createTransient({ q: 'ferry', filters: {} }, 60_000);
    expect(await store.refreshTransient(stream.id, 60_000)).toBe(true);
    expect((await store.loadAll()).map((s) => s.id)).toContain(stream.id);

    // The subscriber's connection is on whichever node; the script publishes on the slot's master.
    const subscriber = new AlertSubscriber(redis, prefix);
    const heard: string[] = [];
    const unsubscribe = await subscriber.subscribe(first!.id, (alert) => heard.push(alert.id));
    try {
      const alert = (n: number, storyId: string): { alert: Alert; storyId: string; transient: boolean } => {
        const articleId = n.toString(16).padStart(32, '0');
        return {
          alert: {
            id: alertIdFor(first!.id, articleId),
            savedSearchId: first!.id,
            article: {
              id: articleId,
              title: 'Harbour',
              source: 'news.test',
              publishedAt: '2026-11-20T10:00:00.000Z',
              language: 'en',
              snippet: '',
              storyId,
            },
            searchableAt: '2026-11-20T10:00:01.000Z',
            matchedAt: '2026-11-20T10:00:01.000Z',
          },
          storyId,
          transient: false,
        };
      };
      const recorded = await store.record([alert(1, 'a'), alert(2, 'a'), alert(3, 'b')]);
      expect(recorded).toHaveLength(2);
      expect((await store.alerts(first!.id)).map((a) => a.article.id)).toHaveLength(2);
      await waitFor(() => heard.length === 2, { timeoutMs: 5000, what: 'both alerts published' });
    } finally {
      await unsubscribe();
      await subscriber.close();
    }

    // Webhook jobs go on their own queue, under its own hash tag.
    const queues = new Queues(redis, prefix);
    try {
      await queues.add('deliverWebhook', {
        channelId: first!.channels[0]!.id,
        alert: (await store.alerts(first!.id))[0]!,
      });
      expect((await queues.counts()).webhooks.waiting).toBe(1);
    } finally {
      await queues.close();
    }

    expect(await store.remove(stream.id)).toBe(true);
    expect(await store.remove(first!.id)).toBe(true);
    expect((await store.list({ limit: 10, offset: 0 })).total).toBe(3);
  });
});
