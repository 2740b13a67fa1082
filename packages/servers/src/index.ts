export { MEILI_VERSION, meilisearchAnswers, meilisearchBinary, startMeilisearch } from './meilisearch';
export { freePort } from './ports';
export type { RunningServer } from './process';
export { findRedisServer, redisAnswers, startRedis } from './redis';
