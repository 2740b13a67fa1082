import { Cluster, type ClusterNode, Redis, type RedisOptions } from 'ioredis';

export type { Cluster, Redis } from 'ioredis';

/**
 * What every package and service takes as its Redis: one node (or a failover
 * endpoint that always points at the current primary) or a Redis Cluster.
 * Code written against it stays cluster-safe by keeping each multi-key
 * command, transaction and script on keys of one hash slot.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: REDIS_URL, and REDIS_CLUSTER_NODES when the deployment runs a cluster. */
export interface RedisTarget {
  /** One node; with `clusterNodes`, only its user name, password and TLS (`rediss:`) are used. */
  url: string;
  /** `host:port` seeds of a cluster; when given (and not empty) a cluster client is made. */
  clusterNodes?: string[];
}

type ConnectionLogger = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

/**
 * One ioredis connection for a process: the only place that decides between
 * one Redis and a Redis Cluster. `maxRetriesPerRequest: null` is what BullMQ
 * workers require: commands wait through a Redis restart or a cluster
 * failover instead of failing, and the client reconnects on its own with
 * capped back-off.
 */
export function createRedis(url: string, connectionName: string, logger?: ConnectionLogger): Redis;
export function createRedis(
  target: RedisTarget,
  connectionName: string,
  logger?: ConnectionLogger,
): RedisClient;
export function createRedis(
  target: string | RedisTarget,
  connectionName: string,
  logger?: ConnectionLogger,
): RedisClient {
  const { url, clusterNodes } = typeof target === 'string' ? { url: target } : target;
  const retryStrategy = (attempt: number) => Math.min(attempt * 200, 5000);
  const options: RedisOptions = { maxRetriesPerRequest: null, connectionName, retryStrategy };
  const redis: RedisClient =
    clusterNodes && clusterNodes.length > 0
      ? new Cluster(clusterNodes.map(seedOf), {
          redisOptions: { ...options, ...credentialsOf(url) },
          clusterRetryStrategy: retryStrategy,
        })
      : new Redis(url, options);
  // Without a listener ioredis prints every failed reconnect attempt; one
  // line when the connection is lost and one when it is back say enough.
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ err: err.message, redis: connectionName }, 'Redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ redis: connectionName }, 'Redis connection back');
  });
  return redis;
}

/** Whether `redis` is a cluster client: SCAN and per-key batches then go node by node. */
export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

// `host:port`, validated by the config; the last colon splits, so `[::1]:7000` works too.
function seedOf(node: string): ClusterNode {
  const colon = node.lastIndexOf(':');
  return { host: node.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(node.slice(colon + 1)) };
}

// A cluster's nodes share REDIS_URL's credentials and TLS choice.
function credentialsOf(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Resolve if Redis answers PING within `timeoutMs`, for readiness probes. */
export async function pingRedis(redis: RedisClient, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs} ms (${redis.status})`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
