import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

/**
 * One ioredis connection for a process. `maxRetriesPerRequest: null` is what
 * BullMQ workers require: commands wait through a Redis restart instead of
 * failing, and the client reconnects on its own with capped back-off.
 */
export function createRedis(
  url: string,
  connectionName: string,
  logger?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void },
): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  // Without a listener ioredis prints every failed reconnect attempt; one
  // line when the connection is lost and one when it is back say enough.
  let down = false;
  redis.on('error', (err) => {
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

/** Resolve if Redis answers PING within `timeoutMs`, for readiness probes. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
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
