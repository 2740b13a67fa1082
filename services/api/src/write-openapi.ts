// `pnpm openapi` (this is its first half): build the API in-process, serve
// no request, and write its OpenAPI document where the typed client's package
// (packages/api-client) generates its types from. The document depends on
// the routes alone, not on the backends: only Redis is real here, because the
// queue board opens its queues as it is built; Meilisearch is never called.
// src/openapi.test.ts fails while the committed file differs from what the
// API serves.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { AlertSubscriber, deliveryMetrics, SavedSearchStore } from '@tidings/alerts';
import { FeedRegistry } from '@tidings/feed-state';
import { FeedPool } from '@tidings/feeds';
import { createRedis, Queues } from '@tidings/queue';
import { createMeiliClient, SearchPool } from '@tidings/search';
import { startTestRedis } from '@tidings/servers';
import { createLogger, createMetrics, freshnessHistograms } from '@tidings/telemetry';
import { buildApp } from './app';
import { COMMITTED_DOCUMENT, documentText } from './openapi';

const UNUSED_MEILISEARCH = 'http://127.0.0.1:1';

const redisServer = await startTestRedis();
const redis = createRedis(redisServer.url, 'openapi');
const queues = new Queues(redis, 'openapi');
const opmlParser = new FeedPool({ threads: 1, timeoutMs: 1000 });
const searchPool = new SearchPool(UNUSED_MEILISEARCH);
const alertSubscriber = new AlertSubscriber(redis, 'openapi');
const metrics = createMetrics('api');
try {
  const app = buildApp({
    registry: new FeedRegistry(redis, queues, 'openapi'),
    opmlParser,
    queues,
    meili: createMeiliClient(UNUSED_MEILISEARCH),
    searchPool,
    index: 'articles',
    metrics,
    logger: createLogger('api', 'silent'),
    checks: {},
    defaultIntervalSeconds: 300,
    rateLimitPerMinute: 0,
    freshness: freshnessHistograms(redis, 'openapi'),
    savedSearches: new SavedSearchStore(redis, 'openapi'),
    alertSubscriber,
    deliveryMetrics: deliveryMetrics(metrics.registry, ['sse', 'webhook']),
    maxStreams: 1,
  });
  await app.ready();
  await writeFile(COMMITTED_DOCUMENT, documentText(app.swagger()));
  await app.close();
  process.stdout.write(`wrote ${fileURLToPath(COMMITTED_DOCUMENT)}\n`);
} finally {
  await Promise.all([queues.close(), opmlParser.close(), searchPool.close(), alertSubscriber.close()]);
  await redis.quit().catch(() => redis.disconnect());
  await redisServer.stop();
}
