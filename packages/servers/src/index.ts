export { MEILI_VERSION, meilisearchAnswers, meilisearchBinary, startMeilisearch } from './meilisearch';
export { freePort, freePorts } from './ports';
export type { RunningServer } from './process';
export { findRedisServer, redisAnswers, startRedis } from './redis';
export { startTestRedisCluster, type TestRedisCluster } from './redis-cluster';
export { startTestRedisSentinel, type TestRedisSentinel } from './redis-sentinel';
export {
  DEFAULT_METRICS_BASE,
  metricsPortOf,
  SERVICES,
  type Service,
  type ServiceName,
  ServiceProcess,
  type ServiceProcessOptions,
  serviceEntry,
  serviceNamed,
} from './services';
export { startTestMeilisearch, startTestRedis, TEST_MEILI_KEY, type TestServer } from './throwaway';
export { StopWaiting, type WaitOptions, WaitTimeoutError, waitFor } from './wait';
