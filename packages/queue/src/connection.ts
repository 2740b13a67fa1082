import { isSentinelUrl, parseSentinelUrl } from '@tidings/config';
import { Cluster, type ClusterNode, Redis, type RedisOptions } from 'ioredis';

export type { Cluster, Redis } from 'ioredis';

/**
 * What every package and service takes as its Redis: one node (a failover
 * endpoint that always points at the current primary, or the master Redis
 * Sentinel names) or a Redis Cluster.
 * Code written against it stays cluster-safe by keeping each multi-key
 * command, transaction and script on keys of one hash slot.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: REDIS_URL, and REDIS_CLUSTER_NODES when the deployment runs a cluster. */
export interface RedisTarget {
  /**
   * One node (`redis://`, `rediss://`) or the sentinels of one (`redis+sentinel://`, `rediss+sentinel://`);
   * with `clusterNodes`, only its user name, password and TLS (`rediss:`) are used.
   */
  url: string;
  /** `host:port` seeds of a cluster; when given (and not empty) a cluster client is made. */
  clusterNodes?: string[];
}

type ConnectionLogger = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

/**
 * One ioredis connection for a process: the only place that decides between
 * one Redis, the master Redis Sentinel names, and a Redis Cluster.
 * `maxRetriesPerRequest: null` is what BullMQ workers require: commands wait
 * through a Redis restart or a failover instead of failing, and the client
 * reconnects on its own with capped back-off (through the sentinels, which
 * name the new master once they have promoted a replica).
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
  // Without a listener ioredis prints every failed reconnect attempt; one
  // line when the connection is lost and one when it is back say enough.
  let down = false;
  const lost = (err: Error, message: string) => {
    if (down) return;
    down = true;
    logger?.warn({ err: err.message, redis: connectionName }, message);
  };
  const reconnectOnError = (err: Error) => {
    if (!isReadOnlyError(err)) return false;
    lost(err, 'Redis answered READONLY (a replica now); reconnecting to the primary');
    return true;
  };
  const retryStrategy = (attempt: number) => Math.min(attempt * 200, 5000);
  const options: RedisOptions = { maxRetriesPerRequest: null, connectionName, retryStrategy };
  let redis: RedisClient;
  if (clusterNodes && clusterNodes.length > 0) {
    if (isSentinelUrl(url))
      throw new Error('a Redis Cluster has no sentinels: give it a redis:// or rediss:// URL');
    redis = new Cluster(clusterNodes.map(seedOf), {
      redisOptions: { ...options, ...credentialsOf(url) },
      clusterRetryStrategy: retryStrategy,
    });
  } else if (isSentinelUrl(url)) {
    redis = new Redis({ ...options, ...sentinelOptionsOf(url), reconnectOnError });
  } else {
    redis = new Redis(url, { ...options, reconnectOnError });
  }
  redis.on('error', (err: Error) => lost(err, 'Redis connection lost; reconnecting'));
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ redis: connectionName }, 'Redis connection back');
  });
  return redis;
}

/**
 * Whether a reply means the connection reached a replica: after a failover
 * that leaves the old primary running (a managed endpoint whose address moved
 * on, a demoted master) the open connection stays up and every write fails
 * with READONLY. ioredis then reconnects, which finds the new primary: the
 * endpoint resolves anew, the sentinels name the promoted replica. The failed
 * command is rejected (`true`), not sent again (`2`): a command of a MULTI
 * sent again alone would run outside its transaction, so the caller retries
 * (a job attempt, BullMQ's next lock renewal).
 */
function isReadOnlyError(err: Error): boolean {
  return err.message.includes('READONLY');
}

// The sentinels to ask and the master to ask for, as the ioredis documentation names them. The
// URL's user and password log in to the master; the sentinels get the password alone, as Sentinel's
// `requirepass` (sentinels rarely have ACL users). TLS, when asked for, goes to both.
function sentinelOptionsOf(url: string): RedisOptions {
  const target = parseSentinelUrl(url);
  return {
    sentinels: target.sentinels,
    name: target.masterName,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password, sentinelPassword: target.password } : {}),
    ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
  };
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
