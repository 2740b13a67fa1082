import type { Config } from '@tidings/config';
import { HttpClient } from '@tidings/http';
import type { Redis } from 'ioredis';
import { RedisHostGate } from './host-gate';

/**
 * The HTTP client every fetching service uses: the config's limits and User-Agent,
 * and the per-host politeness gate shared through Redis by all processes.
 */
export function createPoliteHttpClient(config: Config, redis: Redis): HttpClient {
  return new HttpClient({
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
}
