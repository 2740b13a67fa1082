import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeilisearch } from './meilisearch';
import { freePort } from './ports';
import type { RunningServer } from './process';
import { startRedis } from './redis';

/** A throwaway real server for one test file: its URL, and a stop that also deletes its data. */
export interface TestServer {
  url: string;
  /** Stop the server, as in an outage, keeping its directory; `resume` starts it again. */
  halt(): Promise<void>;
  /** Start a halted server again on the same URL and directory (the test Redis keeps no data). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

async function throwaway(
  prefix: string,
  start: (url: string, dir: string) => Promise<RunningServer>,
  scheme: string,
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const url = `${scheme}://127.0.0.1:${await freePort()}`;
  let server: RunningServer | undefined = await start(url, dir);
  return {
    url,
    halt: async () => {
      await server?.stop(5000);
      server = undefined;
    },
    resume: async () => {
      server ??= await start(url, dir);
    },
    stop: async () => {
      await server?.stop(5000);
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Start a private `redis-server` on a free port with no persistence. */
export function startTestRedis(): Promise<TestServer> {
  return throwaway('tidings-redis-', (url, dir) => startRedis({ url, dir, durable: false }), 'redis');
}

/** Master key of every test Meilisearch: long enough for production-mode rules. */
export const TEST_MEILI_KEY = 'tidings-test-master-key-0123456789';

/** Start a private Meilisearch on a free port with a temporary database. */
export function startTestMeilisearch(): Promise<TestServer> {
  return throwaway(
    'tidings-meili-',
    (url, dir) => startMeilisearch({ url, dir, masterKey: TEST_MEILI_KEY }),
    'http',
  );
}
