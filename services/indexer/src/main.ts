import { loadConfigOrExit } from '@tidings/config';
import {
  createRedis,
  pingRedis,
  Queues,
  registerQueueMetrics,
  startWorker,
  type Worker,
  workerRunning,
} from '@tidings/queue';
import {
  Archive,
  archiveKeyIndexes,
  configureNetwork,
  createMeiliClient,
  ensureSearchKey,
  networkFromConfig,
  pingMeili,
  SEARCH_KEY_UID,
  searchKeyFor,
} from '@tidings/search';
import {
  createLogger,
  createMetrics,
  freshnessHistograms,
  onShutdown,
  serveTelemetry,
} from '@tidings/telemetry';
import { matchHandOver } from './hand-over';
import { createIndexing } from './index-articles';
import { startPartitionUpkeep } from './partition-upkeep';
import { reindexOnce } from './reindex-once';
import { MEILISEARCH, meilisearchDeadLetters } from './replay';
import { startRetention } from './retention';

// indexer: index ─ index-article ─▶ Meilisearch. Owns the index and its settings.
const config = loadConfigOrExit();
const logger = createLogger('indexer', config.LOG_LEVEL);
const meili = createMeiliClient(config.MEILI_URL, config.MEILI_MASTER_KEY);
// Several instances (MEILI_REMOTES): each partition is written to the one owning its month.
const network = networkFromConfig(config.MEILI_REMOTES, config.MEILI_PLACEMENT, config.MEILI_MASTER_KEY);
const archive = new Archive(meili, config.MEILI_INDEX, config.MEILI_PARTITIONS, Date.now, network);
if (process.argv[2] === 'reindex') {
  await reindexOnce(meili, archive, logger);
  process.exit(0);
}
const metrics = createMetrics('indexer');
const redis = createRedis(
  { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES },
  'tidings-indexer',
  logger,
);
const queues = new Queues(redis, config.QUEUE_PREFIX);
registerQueueMetrics(metrics.registry, queues);
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

// Settings first: documents indexed before them would be re-indexed anyway.
for (let attempt = 1; ; attempt++) {
  try {
    // Each instance learns its name and the others' before partitions are created on all of them.
    if (network)
      await configureNetwork(
        network,
        config.MEILI_MASTER_KEY ? searchKeyFor(config.MEILI_MASTER_KEY) : undefined,
      );
    const indexes = await archive.prepare();
    await archive.ensureUpcoming();
    logger.info({ indexes, partitions: config.MEILI_PARTITIONS }, 'index settings applied');
    break;
  } catch (err) {
    logger.warn(
      { err: (err as Error).message, attempt },
      'Meilisearch not ready for index settings; retrying',
    );
    // Jittered, like every back-off: indexers restarted together should not knock together.
    const delay = Math.min(attempt * 500, 5000);
    await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
  }
}

const deadLetters = meilisearchDeadLetters({ queues, client: meili, logger, metrics }).start();
// The API's key (search and document reads only), made by whoever holds the master key.
// Without a master key Meilisearch has no keys, and the API needs none.
// On a network every instance needs it: the instance searched sends it to the others.
for (const client of config.MEILI_MASTER_KEY ? (network?.all().map((r) => r.client) ?? [meili]) : []) {
  await ensureSearchKey(client, archiveKeyIndexes(config.MEILI_INDEX)).then(
    () => logger.info({ uid: SEARCH_KEY_UID, index: config.MEILI_INDEX }, "the API's search key is in place"),
    (err: Error) =>
      logger.error(
        { err: err.message },
        "could not create the API's search key, so the API cannot search: is MEILI_MASTER_KEY Meilisearch's master key?",
      ),
  );
}

// Saved searches are matched against each batch once it is searchable, by the matcher
// (services/matcher): the indexer only queues the batch's ids.
const matches = matchHandOver({ queues, logger, metrics });
const indexing = createIndexing({
  client: meili,
  archive,
  retentionDays: config.RETENTION_DAYS,
  metrics,
  maxSize: config.INDEX_BATCH_SIZE,
  maxWaitMs: config.INDEX_FLUSH_MS,
  maxBytes: config.INDEX_BATCH_MAX_BYTES,
  freshness: freshnessHistograms(redis, config.QUEUE_PREFIX),
  onIndexed: () => deadLetters.healthy(MEILISEARCH),
  onSearchable: (articles, searchableAt) => matches.searchable(articles, searchableAt),
});
// Twice the batch size: a full batch in flight to Meilisearch and the next one filling up.
worker = startWorker('indexArticle', indexing.handler, {
  connection: redis,
  prefix: config.QUEUE_PREFIX,
  concurrency: 2 * config.INDEX_BATCH_SIZE,
  logger,
  metrics,
  stage: 'index',
  deadLetters,
});
const upkeep = startPartitionUpkeep({ client: meili, archive, logger });
const retention = startRetention({
  client: meili,
  archive,
  days: config.RETENTION_DAYS,
  logger,
});
logger.info(
  {
    index: config.MEILI_INDEX,
    partitions: config.MEILI_PARTITIONS,
    remotes: network?.remotes.map((r) => r.name),
    batch_size: config.INDEX_BATCH_SIZE,
    flush_ms: config.INDEX_FLUSH_MS,
    batch_max_bytes: config.INDEX_BATCH_MAX_BYTES,
    retention_days: config.RETENTION_DAYS,
  },
  'indexer started',
);

onShutdown(logger, async () => {
  retention.stop();
  upkeep.stop();
  // Stop taking jobs, then let the batch in hand reach Meilisearch, and the matcher's queue.
  const closing = worker?.close();
  await indexing.drain();
  await matches.drain();
  await closing;
  await deadLetters.close();
  telemetry?.close();
  redis.disconnect();
});
