import rateLimit from '@fastify/rate-limit';
import type { AlertSubscriber, DeliveryMetrics, SavedSearchStore } from '@tidings/alerts';
import { QueueName } from '@tidings/contracts';
import type { FeedRegistry } from '@tidings/feed-state';
import type { FeedPool } from '@tidings/feeds';
import type { Queues } from '@tidings/queue';
import type { Archive, Meilisearch, SearchPool, StoryDescriber } from '@tidings/search';
import type { FreshnessHistograms, Logger, Metrics, ReadinessCheck } from '@tidings/telemetry';
import Fastify, { LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Histogram } from 'prom-client';
import { checkAccess, requireDeclaredAccess } from './auth';
import { registerErrorHandling } from './errors';
import { registerDocumentation } from './openapi';
import { deadLetterRoutes } from './routes/dead-letters';
import { docsRoutes } from './routes/docs';
import { feedRoutes } from './routes/feeds';
import { healthRoutes } from './routes/health';
import { queueBoardRoutes } from './routes/queue-board';
import { savedSearchRoutes } from './routes/saved-searches';
import { searchRoutes } from './routes/search';
import { statusRoutes } from './routes/status';
import { storyRoutes } from './routes/stories';
import { streamRoutes } from './routes/stream';
import { findWebApp, webAppRoutes } from './routes/web-app';
import { addSecurityHeaders } from './security-headers';

export interface AppDeps {
  registry: FeedRegistry;
  /** Parses OPML imports in a worker thread with a deadline (FEED_PARSE_TIMEOUT_MS). */
  opmlParser: FeedPool;
  queues: Queues;
  /** Holds the API's search key only (MEILI_SEARCH_KEY): it reads, never writes. */
  meili: Meilisearch;
  /** Kept-alive connections for searches, the hot path. */
  searchPool: SearchPool;
  /** Where articles are read: one index by name, or the month-partitioned archive (MEILI_PARTITIONS). */
  index: string | Archive;
  metrics: Metrics;
  logger: Logger;
  /** What `/readyz` checks (readiness.ts). */
  checks: Record<string, ReadinessCheck>;
  /** Required on admin routes when set (auth.ts). */
  adminToken?: string;
  defaultIntervalSeconds: number;
  /** Story sizes and sources for collapsed search hits. */
  describeStories?: StoryDescriber;
  /** Required on every route that reads articles when set (the admin token passes too). */
  searchToken?: string;
  /** Requests per minute per client IP; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Proxies whose X-Forwarded-For names the client (TRUST_PROXY, as Fastify's `trustProxy`); none by default. */
  trustProxy?: boolean | string[];
  /** Per-minute freshness the indexer records, for the status page. */
  freshness: FreshnessHistograms;
  /** Where to look for the built web app, the first that holds one wins (default {@link WEB_APP_DIRS}). */
  webAppDirs?: URL[];
  /** Saved searches and their alert logs. */
  savedSearches: SavedSearchStore;
  /** New alerts as the indexer makes them, for this process's live streams. */
  alertSubscriber: AlertSubscriber;
  /** Alert deliveries (`deliveryMetrics` of `@tidings/alerts`, on `metrics.registry`): the streams count in it. */
  deliveryMetrics: DeliveryMetrics;
  /** Live streams open at once at most (STREAM_MAX_CONNECTIONS). */
  maxStreams: number;
  /** A live stream's heartbeat comment period; 15 s. */
  streamHeartbeatMs?: number;
}

/** The status page's files: src/public in development, dist/public once built (the build copies them). */
const PUBLIC_DIR = new URL('./public/', import.meta.url);

/** Requests past this are answered 413. */
const BODY_LIMIT = 1024 * 1024;
/** Probes and scrapers: never throttled. */
const UNTHROTTLED = /^\/(healthz|readyz|metrics)\b/;

/**
 * The analysts' web app: dist/web once the API is built (its build copies
 * apps/web/dist there, so an image of the API alone carries it), else
 * apps/web/dist itself (development, tests: the same path from src/ and dist/).
 */
export const WEB_APP_DIRS = [
  new URL('./web/', import.meta.url),
  new URL('../../../apps/web/dist/', import.meta.url),
];

/** Build the API without listening, so tests can `inject` requests into it. */
export function buildApp(deps: AppDeps) {
  // Per-request log lines would drown the job outcome lines; request timings go to /metrics.
  const base = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // The client address the rate limit counts by: the connection's, unless it comes from a trusted proxy.
    trustProxy: deps.trustProxy ?? false,
  });
  registerErrorHandling(base);
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  requireDeclaredAccess(app);
  addSecurityHeaders(app);
  // Before any route: the document covers the routes added after it.
  registerDocumentation(app, { bodyLimit: BODY_LIMIT, throttled: (url) => !UNTHROTTLED.test(url) });

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

  const limited = deps.rateLimitPerMinute > 0;
  if (limited)
    app.register(rateLimit, {
      // Applied below as the first onRequest hook, so that it counts requests the token check refuses.
      global: false,
      max: deps.rateLimitPerMinute,
      timeWindow: 60_000,
      allowList: (request) => UNTHROTTLED.test(request.url),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `more than ${context.max} requests a minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
      }),
    });
  // Once the limiter is loaded: its hook first, then the token check (auth.ts).
  app.after(() => {
    if (limited) app.addHook('onRequest', app.rateLimit());
    checkAccess(app, {
      adminToken: deps.adminToken,
      searchToken: deps.searchToken,
      feedKey: (request) => {
        // The saved search a feed or stream request names, and the key it brings.
        const { key, savedSearch } = request.query as Record<string, unknown>;
        const id = (request.params as Record<string, unknown>).id ?? savedSearch;
        if (typeof id !== 'string' || typeof key !== 'string') return Promise.resolve(false);
        return deps.savedSearches.feedKeyMatches(id, key);
      },
    });
  });
  app.register(docsRoutes());
  app.register(healthRoutes({ registry: deps.metrics.registry, checks: deps.checks }));
  app.register(
    searchRoutes({
      meili: deps.meili,
      searchPool: deps.searchPool,
      index: deps.index,
      describeStories: deps.describeStories,
    }),
  );
  app.register(storyRoutes({ meili: deps.meili, index: deps.index }));
  app.register(savedSearchRoutes({ store: deps.savedSearches }));
  app.register(
    streamRoutes({
      store: deps.savedSearches,
      subscriber: deps.alertSubscriber,
      metrics: deps.deliveryMetrics,
      maxStreams: deps.maxStreams,
      heartbeatMs: deps.streamHeartbeatMs,
    }),
  );
  app.register(deadLetterRoutes({ queues: deps.queues }));
  app.register(
    statusRoutes({
      queues: deps.queues,
      feeds: deps.registry,
      freshness: deps.freshness,
      publicDir: PUBLIC_DIR,
    }),
  );
  app.register(webAppRoutes(findWebApp(deps.webAppDirs ?? WEB_APP_DIRS)));
  app.register(queueBoardRoutes({ queues: deps.queues, names: Object.values(QueueName) }));
  app.register(
    feedRoutes({
      registry: deps.registry,
      opmlParser: deps.opmlParser,
      defaultIntervalSeconds: deps.defaultIntervalSeconds,
    }),
  );
  return app;
}
