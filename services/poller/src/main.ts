import { loadConfigOrExit } from '@tidings/config';
import { FeedRegistry, registerFeedMetrics, SeenItems } from '@tidings/feed-state';
import { FeedPool } from '@tidings/feeds';
import { createPoliteHttpClient } from '@tidings/http';
import {
  createRedis,
  DeadLetterReplayer,
  pingRedis,
  Queues,
  registerQueueMetrics,
  startWorker,
  workerRunning,
} from '@tidings/queue';
import { createLogger, createMetrics, onShutdown, serveTelemetry } from '@tidings/telemetry';
import { Counter } from 'prom-client';
import { Backpressure } from './backpressure';
import { loadFeedsFile } from './feeds-file';
import { pollFeed } from './poll-feed';

// poller: feeds ─ poll-feed ─▶ articles. Owns feeds and their schedules.
const config = loadConfigOrExit();
const logger = createLogger('poller', config.LOG_LEVEL);
const metrics = createMetrics('poller');
const redis = createRedis(
  { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES },
  'tidings-poller',
  logger,
);
const queues = new Queues(redis, config.QUEUE_PREFIX);
const registry = new FeedRegistry(redis, queues, config.QUEUE_PREFIX);
const http = createPoliteHttpClient(config, redis, metrics.registry);
const parser = new FeedPool({ threads: config.FEED_PARSE_THREADS, timeoutMs: config.FEED_PARSE_TIMEOUT_MS });
registerQueueMetrics(metrics.registry, queues);
registerFeedMetrics(metrics.registry, registry);
const polls = new Counter({
  name: 'tidings_feed_polls_total',
  help: 'Feed polls by outcome: ok, not_modified (304), error.',
  labelNames: ['outcome'],
  registers: [metrics.registry],
});

if (config.FEEDS_FILE) await loadFeedsFile(config.FEEDS_FILE, registry, config.POLL_INTERVAL_SECONDS, logger);
const scheduled = await registry.scheduleAll();
// A feed that answers shows its site is up: article dead letters waiting on that host go back
// to the queue (the parsers record them; a poller only sees the sites come back).
const deadLetters = new DeadLetterReplayer({
  queues,
  queue: 'articles',
  kind: 'site',
  logger,
  metrics,
}).start();

const worker = startWorker(
  'pollFeed',
  pollFeed({
    registry,
    seen: new SeenItems(redis, config.QUEUE_PREFIX),
    queues,
    http,
    parser,
    bounds: {
      minSeconds: config.POLL_MIN_INTERVAL_SECONDS,
      maxSeconds: config.POLL_MAX_INTERVAL_SECONDS,
      pauseAfterMs: config.FEED_PAUSE_AFTER_HOURS * 3600 * 1000,
    },
    maxItemsPerPoll: config.FEED_MAX_ITEMS_PER_POLL,
    maxItemContentBytes: config.FEED_ITEM_CONTENT_MAX_BYTES,
    itemSpacingMs: 1000 / config.HOST_MAX_REQUESTS_PER_SECOND,
    onPolled: (outcome) => polls.inc({ outcome }),
    hostAnswered: (host) => deadLetters.healthy(host),
    backpressure: new Backpressure(() => queues.queue('articles').getWaitingCount(), {
      highWater: config.ARTICLES_HIGH_WATER,
      lowWater: config.ARTICLES_LOW_WATER,
    }),
  }),
  {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.POLLER_CONCURRENCY,
    logger,
    metrics,
    stage: 'poll',
  },
);
const telemetry = config.METRICS_PORT
  ? await serveTelemetry({
      port: config.METRICS_PORT,
      host: config.METRICS_HOST,
      registry: metrics.registry,
      checks: { redis: () => pingRedis(redis), worker: workerRunning(() => worker) },
    })
  : undefined;
logger.info(
  { feeds: scheduled, concurrency: config.POLLER_CONCURRENCY, parse_threads: config.FEED_PARSE_THREADS },
  'poller started',
);

onShutdown(logger, async () => {
  await worker.close();
  await deadLetters.close();
  // After the worker: polls still running need their threads until then.
  await Promise.all([queues.close(), http.close(), parser.close()]);
  telemetry?.close();
  redis.disconnect();
});
