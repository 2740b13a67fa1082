import { loadConfigOrExit } from '@tidings/config';
import { HttpClient } from '@tidings/http';
import { createRedis, FeedRegistry, pingRedis, Queues, RedisHostGate, SeenItems, startWorker } from '@tidings/queue';
import { createLogger, createMetrics, onShutdown, serveTelemetry } from '@tidings/telemetry';
import { loadFeedsFile } from './feeds-file';
import { pollFeed } from './poll-feed';

// poller: feeds ─ poll-feed ─▶ articles. Owns feeds and their schedules.
const config = loadConfigOrExit();
const logger = createLogger('poller', config.LOG_LEVEL);
const metrics = createMetrics('poller');
const redis = createRedis(config.REDIS_URL, 'tidings-poller');
const queues = new Queues(redis, config.QUEUE_PREFIX);
const registry = new FeedRegistry(redis, queues, config.QUEUE_PREFIX);
const http = new HttpClient({
  userAgent: config.USER_AGENT,
  allowPrivateNetworks: config.ALLOW_PRIVATE_NETWORKS,
  maxBytes: config.FETCH_MAX_BYTES,
  totalTimeoutMs: config.FETCH_TIMEOUT_MS,
  gate: new RedisHostGate({
    redis,
    prefix: config.QUEUE_PREFIX,
    maxConcurrency: config.HOST_MAX_CONCURRENCY,
    maxPerSecond: config.HOST_MAX_REQUESTS_PER_SECOND,
    // Longer than any fetch can hold a slot, so only a crashed holder's slot ever expires.
    leaseMs: 2 * config.FETCH_TIMEOUT_MS,
  }),
});

if (config.FEEDS_FILE) await loadFeedsFile(config.FEEDS_FILE, registry, config.POLL_INTERVAL_SECONDS, logger);
const scheduled = await registry.scheduleAll();

const worker = startWorker(
  'pollFeed',
  pollFeed({
    registry,
    seen: new SeenItems(redis, config.QUEUE_PREFIX),
    queues,
    http,
    bounds: {
      minSeconds: config.POLL_MIN_INTERVAL_SECONDS,
      maxSeconds: config.POLL_MAX_INTERVAL_SECONDS,
      pauseAfterMs: config.FEED_PAUSE_AFTER_HOURS * 3600 * 1000,
    },
  }),
  { connection: redis, prefix: config.QUEUE_PREFIX, concurrency: config.POLLER_CONCURRENCY, logger, metrics, stage: 'poll' },
);
const telemetry = config.METRICS_PORT
  ? await serveTelemetry({ port: config.METRICS_PORT, registry: metrics.registry, checks: { redis: () => pingRedis(redis) } })
  : undefined;
logger.info({ feeds: scheduled, concurrency: config.POLLER_CONCURRENCY }, 'poller started');

onShutdown(logger, async () => {
  await worker.close();
  await Promise.all([queues.close(), http.close()]);
  telemetry?.close();
  redis.disconnect();
});
