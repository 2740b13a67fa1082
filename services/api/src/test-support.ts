import { randomUUID } from 'node:crypto';
import { AlertSubscriber, deliveryMetrics, SavedSearchStore } from '@tidings/alerts';
import type { ArticleDocument } from '@tidings/contracts';
import { FeedRegistry } from '@tidings/feed-state';
import { FeedPool } from '@tidings/feeds';
import { createRedis, Queues, type Redis } from '@tidings/queue';
import {
  applyIndexSettings,
  archiveKeyIndexes,
  createMeiliClient,
  ensureSearchKey,
  SearchPool,
  upsertArticles,
} from '@tidings/search';
import { createLogger, createMetrics, freshnessHistograms } from '@tidings/telemetry';
import {
  articleDocument,
  startTestMeilisearch,
  startTestRedis,
  TEST_MEILI_KEY,
  type TestServer,
} from '@tidings/testing';
import { type AppDeps, buildApp } from './app';
import { meiliSearchable, redisWritable } from './readiness';

/** The one article every API test file finds indexed. */
export const testArticle: ArticleDocument = articleDocument({
  url: 'https://news.test/world/harbour-cranes',
  title: 'Harbour cranes stop',
  publishedAt: '2026-11-20T10:00:00.000Z',
  discoveredAt: '2026-11-20T10:00:05.000Z',
  captions: ['A crane. Photo: AP'],
  text: 'The harbour cranes stopped on Tuesday.',
});

/**
 * Real Redis and Meilisearch for one test file, set up as the indexer leaves
 * them: the `articles` index with {@link testArticle}, and the API's
 * search-only key, which is the only key the API is given (as in production).
 */
export interface TestBackends {
  redisServer: TestServer;
  meiliServer: TestServer;
  redis: Redis;
  queues: Queues;
  prefix: string;
  searchKey: string;
  /** Builds an API on these backends; `overrides` replace any dependency. */
  app(overrides?: Partial<AppDeps>): ReturnType<typeof buildApp>;
  close(): Promise<void>;
}

export async function startTestBackends(): Promise<TestBackends> {
  const [redisServer, meiliServer] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
  const master = createMeiliClient(meiliServer.url, TEST_MEILI_KEY);
  await applyIndexSettings(master, 'articles');
  await upsertArticles(master, 'articles', [testArticle]);
  const searchKey = await ensureSearchKey(master, archiveKeyIndexes('articles'));
  const redis = createRedis(redisServer.url, 'test');
  // Connected before any test runs: a test that never touches Redis would otherwise QUIT while
  // the client is still connecting, and ioredis's own connect-time commands (CLIENT SETNAME, the
  // INFO of its ready check) then reject unhandled with "Connection is closed" (seen under load).
  await redis.ping();
  const prefix = `t-${randomUUID()}`;
  const queues = new Queues(redis, prefix);
  const opmlParser = new FeedPool({ threads: 1, timeoutMs: 30_000 });
  const pools: SearchPool[] = [];
  const subscribers: AlertSubscriber[] = [];
  return {
    redisServer,
    meiliServer,
    redis,
    queues,
    prefix,
    searchKey,
    app(overrides = {}) {
      const searchPool = new SearchPool(meiliServer.url, searchKey);
      pools.push(searchPool);
      const alertSubscriber = new AlertSubscriber(redis, prefix);
      subscribers.push(alertSubscriber);
      const metrics = createMetrics('api');
      return buildApp({
        registry: new FeedRegistry(redis, queues, prefix),
        opmlParser,
        queues,
        meili: createMeiliClient(meiliServer.url, searchKey),
        searchPool,
        index: 'articles',
        metrics,
        deliveryMetrics: deliveryMetrics(metrics.registry, ['sse', 'webhook']),
        logger: createLogger('api', 'silent'),
        checks: { redis: redisWritable(redis, prefix), meilisearch: meiliSearchable(searchPool, 'articles') },
        defaultIntervalSeconds: 300,
        rateLimitPerMinute: 0,
        freshness: freshnessHistograms(redis, prefix),
        savedSearches: new SavedSearchStore(redis, prefix),
        alertSubscriber,
        maxStreams: 100,
        ...overrides,
      });
    },
    async close() {
      await Promise.all([
        queues.close(),
        opmlParser.close(),
        ...pools.map((p) => p.close()),
        ...subscribers.map((s) => s.close()),
      ]);
      // QUIT after the replies still due, not a cut connection: a command some hook left in
      // flight (a readiness write, a rate-limit count) would otherwise reject unhandled.
      await redis.quit().catch(() => redis.disconnect());
      await Promise.all([redisServer.stop(), meiliServer.stop()]);
    },
  };
}
