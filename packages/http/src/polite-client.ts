import type { Cluster, Redis } from 'ioredis';
import { Counter, Histogram, type Registry } from 'prom-client';
import { HttpClient } from './client';
import { RedisHostGate } from './redis-host-gate';

/**
 * The settings a polite client needs, named as the environment names them,
 * so a service passes its parsed config as it is and this package stays free
 * of the app-wide config schema.
 */
export interface PoliteClientSettings {
  USER_AGENT: string;
  ALLOW_PRIVATE_NETWORKS: boolean;
  /** Ports fetched besides 80 and 443, or `'any'`. */
  ALLOWED_PORTS: readonly number[] | 'any';
  FETCH_MAX_BYTES: number;
  FETCH_TIMEOUT_MS: number;
  /** Key prefix of the politeness state, shared by every process of one stack. */
  QUEUE_PREFIX: string;
  HOST_MAX_CONCURRENCY: number;
  HOST_MAX_REQUESTS_PER_SECOND: number;
}

/**
 * The HTTP client every fetching service uses: the settings' limits and
 * User-Agent, and the per-host politeness gate shared through Redis by all
 * processes. With a registry, fetch outcomes and gate waits become metrics.
 */
export function createPoliteHttpClient(
  settings: PoliteClientSettings,
  redis: Redis | Cluster,
  registry?: Registry,
): HttpClient {
  const fetches = registry
    ? new Counter({
        name: 'tidings_http_fetches_total',
        help: 'Feed and page fetches by outcome: status class or error code.',
        labelNames: ['outcome'],
        registers: [registry],
      })
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
    userAgent: settings.USER_AGENT,
    allowPrivateNetworks: settings.ALLOW_PRIVATE_NETWORKS,
    allowedPorts: settings.ALLOWED_PORTS,
    maxBytes: settings.FETCH_MAX_BYTES,
    totalTimeoutMs: settings.FETCH_TIMEOUT_MS,
    gate: new RedisHostGate({
      redis,
      prefix: settings.QUEUE_PREFIX,
      maxConcurrency: settings.HOST_MAX_CONCURRENCY,
      maxPerSecond: settings.HOST_MAX_REQUESTS_PER_SECOND,
      // Longer than any fetch can hold a slot, so only a crashed holder's slot ever expires.
      leaseMs: 2 * settings.FETCH_TIMEOUT_MS,
    }),
  });
}
