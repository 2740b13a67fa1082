import { AlertMatcher, matcherMetrics, SavedSearchStore } from '@tidings/alerts';
import { loadConfigOrExit, masterKeyProblem } from '@tidings/config';
import {
  createRedis,
  pingRedis,
  Queues,
  registerQueueMetrics,
  startWorker,
  type Worker,
  workerRunning,
} from '@tidings/queue';
import { Archive, createMeiliClient, networkFromConfig, pingMeili, SearchPool } from '@tidings/search';
import { createLogger, createMetrics, onShutdown, serveTelemetry } from '@tidings/telemetry';
import { MATCH_CONCURRENCY, matchBatches } from './match-batches';

// matcher: matches ─ match-batch ─▶ saved searches in Meilisearch ─▶ alerts (feed, streams) and webhooks.
const config = loadConfigOrExit();
// Like the API, the matcher only reads Meilisearch: it gets the search key, never the master key.
const problem = masterKeyProblem(config, 'matcher');
if (problem) {
  process.stderr.write(`matcher: ${problem}\n`);
  process.exit(78); // EX_CONFIG, as for any other wrong variable
}
const logger = createLogger('matcher', config.LOG_LEVEL);
const metrics = createMetrics('matcher');
const redis = createRedis(
  { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES },
  'tidings-matcher',
  logger,
);
const queues = new Queues(redis, config.QUEUE_PREFIX);
registerQueueMetrics(metrics.registry, queues);
const meili = createMeiliClient(config.MEILI_URL, config.MEILI_SEARCH_KEY);
// Several instances (MEILI_REMOTES): each partition is asked of the instance owning its month.
const network = networkFromConfig(config.MEILI_REMOTES, config.MEILI_PLACEMENT, config.MEILI_SEARCH_KEY);
const archive = new Archive(meili, config.MEILI_INDEX, config.MEILI_PARTITIONS, Date.now, network);
// Kept-alive connections to each instance, for the multi-searches (the matcher's hot path).
const pools = new Map<string | undefined, SearchPool>();
const poolOf = (owner: string | undefined) => {
  let pool = pools.get(owner);
  if (!pool) {
    const url = owner === undefined ? config.MEILI_URL : network!.remotes.find((r) => r.name === owner)!.url;
    pool = new SearchPool(url, config.MEILI_SEARCH_KEY, 2);
    pools.set(owner, pool);
  }
  return pool;
};
const matcher = new AlertMatcher({
  store: new SavedSearchStore(redis, config.QUEUE_PREFIX, { limit: config.SAVED_SEARCH_LIMIT }),
  archive,
  pool: poolOf,
  // Webhook jobs go on the webhooks queue, sent by the API's processes (services/api/src/main.ts).
  queues,
  metrics: matcherMetrics(metrics.registry),
  logger,
});
let worker: Worker | undefined;
const telemetry = config.METRICS_PORT
  ? await serveTelemetry({
      port: config.METRICS_PORT,
      host: config.METRICS_HOST,
      registry: metrics.registry,
      checks: {
        redis: () => pingRedis(redis),
        meilisearch: () => pingMeili(meili),
        worker: workerRunning(() => worker),
      },
    })
  : undefined;
worker = startWorker('matchBatch', matchBatches(matcher), {
  connection: redis,
  prefix: config.QUEUE_PREFIX,
  concurrency: MATCH_CONCURRENCY,
  logger,
  metrics,
  stage: 'match',
});
logger.info(
  { index: config.MEILI_INDEX, partitions: config.MEILI_PARTITIONS, concurrency: MATCH_CONCURRENCY },
  'matcher started',
);

onShutdown(logger, async () => {
  // Stop taking batches; those in hand are matched first.
  await worker?.close();
  await matcher.drain();
  await Promise.all([...pools.values()].map((p) => p.close()));
  telemetry?.close();
  redis.disconnect();
});
