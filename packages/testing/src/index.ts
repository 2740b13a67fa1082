export * from './hostile-server';
export * from './newsroom';
export { useTestRedis } from './test-redis';
export {
  StopWaiting,
  startTestMeilisearch,
  startTestRedis,
  TEST_MEILI_KEY,
  type TestServer,
  type WaitOptions,
  WaitTimeoutError,
  waitFor,
} from '@tidings/servers';
export * from './hostile-clients';
export { createRandom, type Random, seedFrom } from './newsroom-random';
export { englishDateline, isoWithOffset, koreanDateline, rfc822 } from './newsroom-markup';
export { withParticle } from './newsroom-prose';
export { type ArticleOverrides, articleDocument } from './articles';
