import { isIP } from 'node:net';
import { z } from 'zod';
import { isSentinelUrl, parseSentinelUrl, SENTINEL_URL_FORM } from './redis-url';

// Env values are strings; "true"/"1"/"yes" are the only truthy spellings so
// that a typo like ALLOW_PRIVATE_NETWORKS=flase is rejected, not read as true.
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

// Names proxy-addr (Fastify's trustProxy) knows for whole address ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (entry: string) => {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [ip = '', bits, ...rest] = entry.split('/');
  const family = isIP(ip);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};
// One Redis (`redis://`, `rediss://`), or the sentinels that know which Redis is the master.
const plainRedisUrl = z.url({ protocol: /^rediss?$/ });
const redisUrl = z
  .string()
  .superRefine((value, ctx) => {
    if (!isSentinelUrl(value)) {
      if (!plainRedisUrl.safeParse(value).success)
        ctx.addIssue({ code: 'custom', message: `a redis://, rediss:// or ${SENTINEL_URL_FORM} URL` });
      return;
    }
    try {
      parseSentinelUrl(value);
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        message: `${(err as Error).message}; the form is ${SENTINEL_URL_FORM}`,
      });
    }
  })
  .default('redis://127.0.0.1:6379');
// `host:port` seeds of a Redis Cluster, comma-separated; unset or blank means one Redis at REDIS_URL.
const clusterNodes = z
  .string()
  .optional()
  .transform((raw, ctx): string[] | undefined => {
    const value = raw?.trim() ?? '';
    if (value === '') return undefined;
    const nodes = value.split(',').map((n) => n.trim());
    const wrong = nodes.filter((node) => {
      const colon = node.lastIndexOf(':');
      const portText = node.slice(colon + 1);
      const portNumber = Number(portText);
      const host = node.slice(0, colon);
      const hostOk = colon > 0 && !/[/@\s]/.test(host);
      return !hostOk || !/^\d{1,5}$/.test(portText) || portNumber < 1 || portNumber > 65535;
    });
    if (wrong.length > 0) {
      ctx.addIssue({ code: 'custom', message: `host:port seeds, comma-separated; not ${wrong.join(', ')}` });
      return z.NEVER;
    }
    return nodes;
  });
// What Fastify's `trustProxy` takes, spelled for an environment variable.
const trustProxy = z
  .string()
  .default('')
  .transform((raw, ctx): boolean | string[] => {
    const value = raw.trim();
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    const entries = value.split(',').map((e) => e.trim());
    const wrong = entries.filter((e) => !isProxyAddress(e));
    if (wrong.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `true, false, or addresses and CIDR ranges (or loopback, linklocal, uniquelocal); not ${wrong.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/**
 * Every environment variable Tidings reads, with its default. Names marked
 * "stable" are part of the public contract and documented in .env.example.
 */
export const EnvSchema = z.object({
  /**
   * stable — Redis holding queues, feed state and seen items: `redis://` or `rediss://` (TLS) for
   * one Redis or a failover endpoint, or `redis+sentinel://[[user]:password@]host:port[,host:port…]/<masterName>[/<db>]`
   * (`rediss+sentinel://` for TLS) for the master that Redis Sentinel names (`@tidings/config` redis-url.ts).
   */
  REDIS_URL: redisUrl,
  /**
   * stable — seeds of a Redis Cluster (`host:port,host:port,…`, a few masters are enough: the
   * client learns the rest). When set, Tidings uses the cluster and REDIS_URL only for its
   * user name, password and TLS (`rediss:`; a sentinel URL is refused); unset, the Redis at REDIS_URL.
   */
  REDIS_CLUSTER_NODES: clusterNodes,
  /** stable — Meilisearch base URL. */
  MEILI_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:7700'),
  /**
   * stable — Meilisearch master key. Only the indexer (and `tidings reindex`)
   * holds it: the indexer writes with it and creates the API's search key.
   */
  MEILI_MASTER_KEY: optionalString,
  /**
   * The API's Meilisearch key: search, document reads and index listing on
   * MEILI_INDEX and its partitions, no writes (`@tidings/search` keys.ts). The indexer creates it; `pnpm start`
   * derives its value from the master key, compose takes it from here.
   */
  MEILI_SEARCH_KEY: optionalString,
  /** stable — port of the search API. */
  API_PORT: port.default(8080),
  /**
   * Interface the API binds to: loopback by default, 0.0.0.0 in containers.
   * Any interface but loopback needs ADMIN_TOKEN (apiExposureProblem).
   */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** stable — when set, feed and admin routes need `Authorization: Bearer <token>`. */
  ADMIN_TOKEN: optionalString,
  /** When set, search and article routes need `Authorization: Bearer <token>` (or the admin token). */
  SEARCH_TOKEN: optionalString,
  /** Requests per minute one client (IP) may make to the API; 0 turns the limit off. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /**
   * Proxies in front of the API whose X-Forwarded-For names the client (for
   * the rate limit and logs): empty or `false` none, each connection is a
   * client; `true` any (only if nothing but the proxy reaches the API); or
   * the proxies' addresses and CIDR ranges, comma-separated.
   */
  TRUST_PROXY: trustProxy,
  /**
   * Saved searches (`/v1/saved-searches`) there may be at most. The indexer matches every one
   * against every batch (docs/alerts.md: 1,000 cost it about 19 % more CPU at 20 articles/s).
   */
  SAVED_SEARCH_LIMIT: positiveInt.default(10_000),
  /**
   * Live streams (`GET /v1/stream`) one API process keeps open at once; more are refused
   * with 503. Each ad-hoc one (`?q=`) is also a search the indexer matches while it is open.
   */
  STREAM_MAX_CONNECTIONS: positiveInt.default(1000),
  /** stable — where `pnpm start` keeps Redis and Meilisearch data. */
  DATA_DIR: z.string().min(1).default('./.data'),
  /** stable — YAML or OPML list of feeds registered at poller start. */
  FEEDS_FILE: optionalString,
  /** stable — allow fetching loopback, private and link-local addresses (local newsrooms, tests). */
  ALLOW_PRIVATE_NETWORKS: bool,
  /**
   * stable — ports feed and article URLs may name besides 80 and 443, comma-separated; `*`
   * allows any port (local newsrooms on random ports, tests). Independent of
   * ALLOW_PRIVATE_NETWORKS, which lifts the address policy only.
   */
  ALLOWED_PORTS: z
    .string()
    .default('')
    .transform((raw, ctx): number[] | 'any' => {
      if (raw.trim() === '*') return 'any';
      const ports: number[] = [];
      for (const piece of raw.split(',')) {
        const text = piece.trim();
        if (text === '') continue;
        const value = Number(text);
        if (!/^\d{1,5}$/.test(text) || value < 1 || value > 65535) {
          ctx.addIssue({ code: 'custom', message: `"${text}" is not a port (1-65535); use * for any port` });
          return z.NEVER;
        }
        ports.push(value);
      }
      return ports;
    }),
  /**
   * Memory Meilisearch may use for indexing, for the Meilisearch `pnpm start`
   * launches (compose sets the same on its container). Meilisearch's own
   * default is two thirds of the machine's RAM, and it pays for that budget
   * on every task: on a 24 GiB machine a task of one document cost 0.7
   * CPU-seconds, mostly in the kernel, against 0.1 with 1 GiB (pnpm bench,
   * docs/performance.md).
   */
  MEILI_MAX_INDEXING_MEMORY: z
    .string()
    .regex(/^\d+(\.\d+)? ?([KMGTPE]i?)?B?$/i, 'a size such as 1GiB or 512MiB')
    .default('1GiB'),
  /** Meilisearch index holding the articles. */
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('articles'),
  /**
   * How the archive is split into Meilisearch indexes, by UTC month of
   * publishedAt: `tiered` (the current and previous month each in an index
   * of its own, `<MEILI_INDEX>-YYYY-MM`, older months folded into one index
   * per year, `<MEILI_INDEX>-YYYY`, by the indexer every hour), `month` (one
   * index per month, whatever its age) or `none` (one index, MEILI_INDEX).
   * Partitions keep each indexing task on a small index, so ingest does not
   * slow as the archive grows, and retention deletes old partitions whole;
   * `tiered` also keeps a search to a few indexes (docs/performance.md). The
   * base index is searched in every mode; `tidings reindex` moves documents
   * to where the setting puts them.
   */
  MEILI_PARTITIONS: z.enum(['tiered', 'month', 'none']).default('tiered'),
  /**
   * Several Meilisearch instances for one archive: `name=url,name=url`
   * (names a-z, 0-9, - and _). Each month partition lives on one of them
   * (MEILI_PLACEMENT); searches go through MEILI_URL, which should be one of
   * them, as one remote federated search (Meilisearch's `network` feature,
   * which the indexer configures at start). Unset: one instance, MEILI_URL.
   * Every instance has the same master key. docs/operations.md.
   */
  MEILI_REMOTES: optionalString,
  /**
   * Which instance owns which months: `YYYY-MM=name,…`, each from that month
   * on, until the next entry; months before the first entry (and the base
   * index) live on the first of MEILI_REMOTES. Only ever append an entry
   * starting at a future month: an entry covering past months would point
   * searches away from where those months' documents are.
   */
  MEILI_PLACEMENT: optionalString,
  /** Key prefix of every BullMQ queue; give two stacks sharing one Redis different prefixes. */
  QUEUE_PREFIX: z.string().min(1).default('tidings'),
  /** Default poll interval for feeds added without one. */
  POLL_INTERVAL_SECONDS: positiveInt.default(300),
  /** Shortest interval the adaptive scheduler may choose for a feed. */
  POLL_MIN_INTERVAL_SECONDS: positiveInt.default(60),
  /** Longest interval the adaptive scheduler may choose (also the cap of error back-off). */
  POLL_MAX_INTERVAL_SECONDS: positiveInt.default(6 * 3600),
  /** A feed failing without a success for this long is paused (kept, not polled) with the reason. */
  FEED_PAUSE_AFTER_HOURS: z.coerce.number().positive().default(72),
  /** Newest items queued from one poll of a feed; the rest of an oversized feed (say 100,000 items) is ignored. */
  FEED_MAX_ITEMS_PER_POLL: positiveInt.default(1000),
  /**
   * Bytes of an item's feed content (content:encoded, Atom content) carried in
   * its parse job: the text the parser falls back to when the page has none,
   * and the whole text of a feed-only item. Bounds Redis: at the article
   * queue's high-water mark (50,000 jobs) the default is at most 3.2 GB, and
   * typical items are a tenth of it.
   */
  FEED_ITEM_CONTENT_MAX_BYTES: positiveInt.default(64 * 1024),
  /** Polls wait while this many article jobs are waiting for a parser (backpressure)… */
  ARTICLES_HIGH_WATER: positiveInt.default(50_000),
  /** …and resume once the queue is down to this many. */
  ARTICLES_LOW_WATER: z.coerce.number().int().min(0).default(25_000),
  /** Feeds polled at once by one poller process. */
  POLLER_CONCURRENCY: positiveInt.default(16),
  /**
   * Threads parsing feeds in one poller process (the API has one thread of
   * its own for OPML imports). Parsing runs off the event loop so a huge or hostile feed cannot stop the
   * poller renewing its job locks; a poller mostly waits on the network, so one
   * thread is enough and the rest of the CPU stays with the parsers.
   */
  FEED_PARSE_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Longest one feed (or OPML import) may take to parse, counted from when a
   * thread takes it up. Past it the thread is stopped and the poll fails
   * permanently with the reason on the feed: the same bytes would take as long
   * again. An 8 MB feed parses in about 0.5 s (packages/feeds/README.md).
   */
  FEED_PARSE_TIMEOUT_MS: positiveInt.default(10_000),
  /**
   * Article pages in flight at once in one parser process. Most of a job's
   * time is spent waiting (on the network, on a host's politeness slot), so
   * this is well above the number of extraction threads.
   */
  PARSER_CONCURRENCY: positiveInt.default(32),
  /** YAML file of per-site extraction rules (CSS selectors to keep or drop), see docs/extraction.md. */
  SITE_RULES_FILE: optionalString,
  /** Threads extracting articles in one parser process; 0 picks one per core. */
  EXTRACT_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /** Articles published longer ago than this many days leave the index (checked hourly); 0 keeps them forever. */
  RETENTION_DAYS: z.coerce.number().min(0).default(0),
  /** Documents per Meilisearch batch: the indexer flushes at this count... */
  INDEX_BATCH_SIZE: positiveInt.default(500),
  /** ...or this many milliseconds after the first document of a batch arrived. */
  INDEX_FLUSH_MS: positiveInt.default(500),
  /**
   * ...or when its documents reach this many bytes of JSON (one larger document goes alone).
   * Keep it under Meilisearch's HTTP payload limit (100 MB by default): a larger request is refused whole.
   */
  INDEX_BATCH_MAX_BYTES: positiveInt.default(20 * 1024 * 1024),
  /**
   * UTF-8 bytes of an article's `text` kept by the parser; the rest is cut at a word
   * boundary and the document marked `truncated`. 200 KiB is some 30,000 words, a
   * long report; Meilisearch stops indexing an attribute's words at 65,535 anyway.
   */
  ARTICLE_MAX_TEXT_BYTES: positiveInt.default(200 * 1024),
  /** UTF-8 bytes of an article's sanitised `html` kept, cut between tags; markup about doubles the text. */
  ARTICLE_MAX_HTML_BYTES: positiveInt.default(400 * 1024),
  /** Largest response body accepted, after decompression. */
  FETCH_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  /** Whole-request timeout for feed and page fetches. */
  FETCH_TIMEOUT_MS: positiveInt.default(30_000),
  /** Requests in flight per host (feeds and pages alike), across every worker process. */
  HOST_MAX_CONCURRENCY: positiveInt.default(2),
  /** Request starts per host per second, across every worker process; may be fractional (0.5 = one every 2 s). */
  HOST_MAX_REQUESTS_PER_SECOND: z.coerce.number().positive().default(2),
  /** User-Agent sent with every fetch. */
  USER_AGENT: z.string().min(1).default('TidingsBot/0.1 (+https://github.com/tidings/tidings)'),
  /** Port of a worker's /metrics, /healthz and /readyz; 0 disables it. */
  METRICS_PORT: port.default(0),
  /**
   * Interface a worker's /metrics, /healthz and /readyz listen on: loopback by
   * default, so `pnpm start` shows other machines nothing; 0.0.0.0 in
   * containers, where Prometheus reaches them over the compose network.
   */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The parsed configuration. */
export type Config = z.infer<typeof EnvSchema>;
