import { loadConfigOrExit } from '@tidings/config';
import { ExtractPool } from '@tidings/extract';
import { createPoliteHttpClient, transientFailureHost } from '@tidings/http';
import {
  createRedis,
  DeadLetterReplayer,
  pingRedis,
  Queues,
  registerQueueMetrics,
  startWorker,
  workerRunning,
} from '@tidings/queue';
import { StoryIndex } from '@tidings/stories';
import { createLogger, createMetrics, onShutdown, serveTelemetry } from '@tidings/telemetry';
import { Counter } from 'prom-client';
import { parseArticle } from './parse-article';
import { SiteRuleBook } from './site-rules';

// parser: articles ─ parse-article ─▶ index. Owns articles: fetches each page and
// extracts it (@tidings/extract). Feeds are parsed by the poller; the name is the
// stage's in the job graph, the compose file, PARSER_CONCURRENCY and the metrics.
const config = loadConfigOrExit();
const logger = createLogger('parser', config.LOG_LEVEL);
const metrics = createMetrics('parser');
const redis = createRedis(
  { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES },
  'tidings-parser',
  logger,
);
const queues = new Queues(redis, config.QUEUE_PREFIX);
const http = createPoliteHttpClient(config, redis, metrics.registry);
registerQueueMetrics(metrics.registry, queues);

const siteRules = config.SITE_RULES_FILE
  ? SiteRuleBook.fromFile(config.SITE_RULES_FILE)
  : SiteRuleBook.empty();
// A page that takes longer than this to extract is pathological, not unlucky.
const extractor = new ExtractPool({ threads: config.EXTRACT_THREADS, timeoutMs: 30_000 });

const textSources = new Counter({
  name: 'tidings_parse_text_source_total',
  help: "Documents queued for indexing, by where their text came from: page, page-fallback (looser thresholds), feed (the feed item's own content).",
  labelNames: ['source'],
  registers: [metrics.registry],
});
// Zero from the start, so a dashboard's rate has a series before the first fallback.
for (const source of ['page', 'page-fallback', 'feed']) textSources.inc({ source }, 0);

const stories = new StoryIndex({ redis, prefix: config.QUEUE_PREFIX });
// Articles that used up their attempts on a site that was down go back to the queue when a page
// of that site is fetched again (here or by another parser, or its feed by a poller).
const deadLetters = new DeadLetterReplayer({
  queues,
  queue: 'articles',
  kind: 'site',
  dependencyOf: transientFailureHost,
  logger,
  metrics,
}).start();

const worker = startWorker(
  'parseArticle',
  parseArticle({
    http,
    queues,
    extractor,
    siteRules,
    stories,
    caps: { maxTextBytes: config.ARTICLE_MAX_TEXT_BYTES, maxHtmlBytes: config.ARTICLE_MAX_HTML_BYTES },
    hostAnswered: (host) => deadLetters.healthy(host),
    textSourceUsed: (source) => textSources.inc({ source }),
  }),
  {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.PARSER_CONCURRENCY,
    logger,
    metrics,
    stage: 'parse',
    deadLetters,
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
  { concurrency: config.PARSER_CONCURRENCY, extract_threads: extractor.threads, site_rules: siteRules.size },
  'parser started',
);

onShutdown(logger, async () => {
  await worker.close();
  await deadLetters.close();
  await Promise.all([queues.close(), http.close(), extractor.close()]);
  telemetry?.close();
  redis.disconnect();
});
