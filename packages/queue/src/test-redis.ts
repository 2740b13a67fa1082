import { startTestRedis, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll } from 'vitest';
import { createRedis, type Redis } from './connection';

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
    connection = createRedis(server.url, name);
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
