import rateLimit from '@fastify/rate-limit';
import { QueueName } from '@tidings/contracts';
import type { FeedRegistry } from '@tidings/feed-state';
import type { FeedPool } from '@tidings/feeds';
import type { Queues } from '@tidings/queue';
import type { Meilisearch, SearchPool, StoryDescriber } from '@tidings/search';
import type { FreshnessHistograms, Logger, Metrics, ReadinessCheck } from '@tidings/telemetry';
import Fastify, { LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Histogram } from 'prom-client';
import { registerErrorHandling } from './errors';
import { adminRoutes } from './routes/admin';
import { deadLetterRoutes } from './routes/dead-letters';
import { feedRoutes } from './routes/feeds';
import { healthRoutes } from './routes/health';
import { queueBoardRoutes } from './routes/queue-board';
import { searchRoutes } from './routes/search';
import { statusRoutes } from './routes/status';
import { storyRoutes } from './routes/stories';

export interface AppDeps {
  registry: FeedRegistry;
  /** Parses OPML imports in a worker thread with a deadline (FEED_PARSE_TIMEOUT_MS). */
  opmlParser: FeedPool;
  queues: Queues;
  meili: Meilisearch;
  /** Kept-alive connections for searches, the hot path. */
  searchPool: SearchPool;
  index: string;
  metrics: Metrics;
  logger: Logger;
  checks: Record<string, ReadinessCheck>;
  adminToken?: string;
  defaultIntervalSeconds: number;
  /** Story sizes and sources for collapsed search hits. */
  describeStories?: StoryDescriber;
  /** Required on search and article routes when set (the admin token passes too). */
  searchToken?: string;
  /** Requests per minute per client IP; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Per-minute freshness the indexer records, for the status page. */
  freshness: FreshnessHistograms;
}

/** The status page's files: src/public in development, dist/public once built (the build copies them). */
const PUBLIC_DIR = new URL('./public/', import.meta.url);

/** Build the API without listening, so tests can `inject` requests into it. */
export function buildApp(deps: AppDeps) {
  // Per-request log lines would drown the job outcome lines; request timings go to /metrics.
  const base = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  registerErrorHandling(base);
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const duration = new Histogram({
    name: 'tidings_api_request_duration_seconds',
    help: 'API request duration by route and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [deps.metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  if (deps.rateLimitPerMinute > 0) {
    app.register(rateLimit, {
      max: deps.rateLimitPerMinute,
      timeWindow: 60_000,
      // Probes and scrapers must never be throttled.
      allowList: (request) => /^\/(healthz|readyz|metrics)\b/.test(request.url),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `more than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
      }),
    });
  }
  app.register(healthRoutes({ registry: deps.metrics.registry, checks: deps.checks }));
  app.register(
    searchRoutes({
      meili: deps.meili,
      searchPool: deps.searchPool,
      index: deps.index,
      describeStories: deps.describeStories,
      searchToken: deps.searchToken,
      adminToken: deps.adminToken,
    }),
  );
  app.register(storyRoutes({ meili: deps.meili, index: deps.index }));
  app.register(adminRoutes({ meili: deps.meili, index: deps.index, adminToken: deps.adminToken }));
  app.register(deadLetterRoutes({ queues: deps.queues, adminToken: deps.adminToken }));
  app.register(
    statusRoutes({
      queues: deps.queues,
      feeds: deps.registry,
      freshness: deps.freshness,
      adminToken: deps.adminToken,
      publicDir: PUBLIC_DIR,
    }),
  );
  app.register(
    queueBoardRoutes({ queues: deps.queues, names: Object.values(QueueName), adminToken: deps.adminToken }),
  );
  app.register(
    feedRoutes({
      registry: deps.registry,
      opmlParser: deps.opmlParser,
      adminToken: deps.adminToken,
      defaultIntervalSeconds: deps.defaultIntervalSeconds,
    }),
  );
  return app;
}
