import type { Config } from '@tidings/config';
import { HttpClient } from '@tidings/http';
import type { Redis } from 'ioredis';
import { Counter, Histogram, type Registry } from 'prom-client';
import { RedisHostGate } from './host-gate';

/**
 * The HTTP client every fetching service uses: the config's limits and User-Agent,
 * and the per-host politeness gate shared through Redis by all processes.
 */
export function createPoliteHttpClient(config: Config, redis: Redis, registry?: Registry): HttpClient {
  const fetches = registry
    ? new Counter({ name: 'tidings_http_fetches_total', help: 'Feed and page fetches by outcome: status class or error code.', labelNames: ['outcome'], registers: [registry] })
    : undefined;
  const hostWait = registry
    ? new Histogram({
        name: 'tidings_http_host_wait_seconds',
        help: 'Time each request waited for its per-host politeness slot.',
        buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2],
        registers: [registry],
      })
    : undefined;
  return new HttpClient({
    onFetched: fetches ? (outcome) => fetches.inc({ outcome }) : undefined,
    onGateWait: hostWait ? (_host, ms) => hostWait.observe(ms / 1000) : undefined,
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
