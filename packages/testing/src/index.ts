export {
  StopWaiting,
  startTestMeilisearch,
  startTestRedis,
  startTestRedisCluster,
  startTestRedisSentinel,
  TEST_MEILI_KEY,
  type TestRedisCluster,
  type TestRedisSentinel,
  type TestServer,
  type WaitOptions,
  WaitTimeoutError,
  waitFor,
} from '@tidings/servers';
export { type ArticleOverrides, articleDocument } from './articles';
export * from './hostile-clients';
export * from './hostile-server';
export * from './newsroom';
export { createRandom, type Random, seedFrom } from './newsroom/random';
export { withParticle } from './newsroom/story';
export { writeStoryPairs } from './newsroom/story-pairs';
export { useTestRedis } from './test-redis';
