import { startTestRedis, type TestServer } from '@tidings/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { storyIndexCases } from './story-index-cases';

describe('StoryIndex against a real Redis', () => {
  let server: TestServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url, { connectionName: 'story-test' });
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  storyIndexCases(
    () => redis,
    () => new Redis(server.url, { connectionName: 'story-test-parser' }),
  );
});
