import { createServer } from 'node:net';
import { freePort } from '@tidings/servers';

/**
 * The environment end-to-end tests give `tidings start`: Redis, Meilisearch
 * and the API on free ports, data under `dataDir`, and limits fit for a local
 * newsroom. `overrides` come last.
 */
export async function stackEnv(options: {
  dataDir: string;
  adminToken: string;
  overrides?: NodeJS.ProcessEnv;
}): Promise<{ env: NodeJS.ProcessEnv; api: string }> {
  const [apiPort, redisPort, meiliPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    MEILI_URL: `http://127.0.0.1:${meiliPort}`,
    MEILI_MASTER_KEY: 'e2e-master-key-0123456789abcdef',
    API_PORT: String(apiPort),
    ADMIN_TOKEN: options.adminToken,
    DATA_DIR: options.dataDir,
    ALLOW_PRIVATE_NETWORKS: 'true',
    // The newsroom listens on a random port.
    ALLOWED_PORTS: '*',
    INDEX_FLUSH_MS: '100',
    // Every newsroom site shares one host (127.0.0.1:port); real publishers don't.
    HOST_MAX_CONCURRENCY: '8',
    HOST_MAX_REQUESTS_PER_SECOND: '100',
    // Workers' metrics ports are fixed by default; 0 keeps parallel runs apart.
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    ...options.overrides,
  };
  return { env, api: `http://127.0.0.1:${apiPort}` };
}

/** A base port with `n` free ports in a row, for the workers' metrics. */
export async function freeRun(n: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort();
    let ok = true;
    for (let i = 1; i < n && ok; i++) ok = await free(base + i);
    if (ok) return base;
  }
  throw new Error(`no ${n} free ports in a row`);
}

/** A feed as the API's feed list shows it: what end-to-end tests check of its health. */
export interface FeedJson {
  url: string;
  lastStatus?: string;
  consecutiveFailures: number;
  itemsSeen: number;
}

/** The JSON body of a response. */
export const json = async <T>(res: Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
