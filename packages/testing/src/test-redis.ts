import { startTestRedis, type TestServer } from '@tidings/servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/**
 * For a test file: a throwaway Redis server and one connection to it, made
 * before the tests and closed after them. Call the returned function inside
 * tests for the connection; `url()` gives the server's URL for more.
 */
export function useTestRedis(name = 'test'): { redis: () => Redis; url: () => string } {
  let server: TestServer | undefined;
  let connection: Redis | undefined;
  beforeAll(async () => {
    server = await startTestRedis();
    // As the services connect (createRedis in @tidings/queue): BullMQ needs commands to wait out reconnects.
    connection = new Redis(server.url, { connectionName: name, maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    connection?.disconnect();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestRedis: the test Redis is not started yet');
    return value;
  };
  return { redis: () => started(connection), url: () => started(server).url };
}
