import { AlertSubscriber, createWebhookDelivery, deliveryMetrics, SavedSearchStore } from '@tidings/alerts';
import { apiExposureProblem, loadConfigOrExit, masterKeyProblem } from '@tidings/config';
import { FeedRegistry, registerFeedMetrics } from '@tidings/feed-state';
import { FeedPool } from '@tidings/feeds';
import { HttpClient } from '@tidings/http';
import { createRedis, Queues, registerQueueMetrics, startWorker } from '@tidings/queue';
import { Archive, createMeiliClient, networkFromConfig, SearchPool } from '@tidings/search';
import { StoryIndex } from '@tidings/stories';
import { createLogger, createMetrics, freshnessHistograms, onShutdown } from '@tidings/telemetry';
import { buildApp } from './app';
import { meiliSearchable, redisWritable } from './readiness';

// api: search for analysts, feed administration for operators.
const config = loadConfigOrExit();
// The API only reads Meilisearch, with a key that can do nothing else.
const problem = apiExposureProblem(config) ?? masterKeyProblem(config, 'API');
if (problem) {
  process.stderr.write(`api: ${problem}\n`);
  process.exit(78); // EX_CONFIG, as for any other wrong variable
}
const logger = createLogger('api', config.LOG_LEVEL);
const metrics = createMetrics('api');
const redis = createRedis(
  { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES },
  'tidings-api',
  logger,
);
const queues = new Queues(redis, config.QUEUE_PREFIX);
const meili = createMeiliClient(config.MEILI_URL, config.MEILI_SEARCH_KEY);
// Several instances (MEILI_REMOTES): searches through MEILI_URL (the next instance while it is
// down) name each partition's owner as a remote.
const network = networkFromConfig(config.MEILI_REMOTES, config.MEILI_PLACEMENT, config.MEILI_SEARCH_KEY);
const searchPool = new SearchPool(
  [config.MEILI_URL, ...(network?.remotes.map((r) => r.url) ?? [])].filter(
    (url, at, all) => all.indexOf(url) === at,
  ),
  config.MEILI_SEARCH_KEY,
);
const archive = new Archive(meili, config.MEILI_INDEX, config.MEILI_PARTITIONS, Date.now, network);
const stories = new StoryIndex({ redis, prefix: config.QUEUE_PREFIX });
const feeds = new FeedRegistry(redis, queues, config.QUEUE_PREFIX);
// One thread: imports are rare operator actions; what matters is that they never run on the event loop.
const opmlParser = new FeedPool({ threads: 1, timeoutMs: config.FEED_PARSE_TIMEOUT_MS });
registerQueueMetrics(metrics.registry, queues);
registerFeedMetrics(metrics.registry, feeds);
const savedSearches = new SavedSearchStore(redis, config.QUEUE_PREFIX, { limit: config.SAVED_SEARCH_LIMIT });
const alertSubscriber = new AlertSubscriber(redis, config.QUEUE_PREFIX, logger);
const alertDeliveries = deliveryMetrics(metrics.registry, ['sse', 'webhook']);

const app = buildApp({
  registry: feeds,
  opmlParser,
  queues,
  meili,
  searchPool,
  describeStories: (ids) => stories.describe(ids),
  index: archive,
  metrics,
  logger,
  checks: {
    redis: redisWritable(redis, config.QUEUE_PREFIX),
    meilisearch: meiliSearchable(searchPool, archive),
  },
  adminToken: config.ADMIN_TOKEN,
  searchToken: config.SEARCH_TOKEN,
  rateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
  trustProxy: config.TRUST_PROXY,
  defaultIntervalSeconds: config.POLL_INTERVAL_SECONDS,
  freshness: freshnessHistograms(redis, config.QUEUE_PREFIX),
  savedSearches,
  alertSubscriber,
  deliveryMetrics: alertDeliveries,
  maxStreams: config.STREAM_MAX_CONNECTIONS,
});

// Webhooks of the alerts the indexer queues: sent from the API's processes, which scale out and
// mostly wait, so that calling third parties (and their retries) never costs the indexer, the
// pipeline's one writer. The same SSRF guard and ports as feeds and pages: a webhook URL is
// anyone's with the read token.
const webhookHttp = new HttpClient({
  userAgent: config.USER_AGENT,
  allowPrivateNetworks: config.ALLOW_PRIVATE_NETWORKS,
  allowedPorts: config.ALLOWED_PORTS,
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 10_000,
});
const webhooks = startWorker(
  'deliverWebhook',
  createWebhookDelivery({ store: savedSearches, http: webhookHttp, metrics: alertDeliveries }),
  {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    // Deliveries in flight at once: each mostly waits on its receiver.
    concurrency: 16,
    logger,
    metrics,
    stage: 'webhook',
  },
);
await app.listen({ port: config.API_PORT, host: config.API_HOST });
logger.info(
  {
    url: `http://${config.API_HOST}:${config.API_PORT}`,
    admin_token: config.ADMIN_TOKEN ? 'required' : 'not set',
    web_app: `http://${config.API_HOST}:${config.API_PORT}/`,
    status_page: `http://${config.API_HOST}:${config.API_PORT}/status`,
  },
  'api listening',
);

onShutdown(logger, async () => {
  const closing = webhooks.close();
  await app.close();
  await closing;
  await webhookHttp.close();
  await Promise.all([queues.close(), searchPool.close(), opmlParser.close(), alertSubscriber.close()]);
  redis.disconnect();
});
