import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  metricsPortOf,
  redisAnswers,
  SERVICES,
  ServiceProcess,
  startTestMeilisearch,
  startTestRedis,
  startTestRedisSentinel,
  TEST_MEILI_KEY,
  type TestServer,
} from '@tidings/servers';
import { waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeRun } from './test-stack';

const launcher = new URL('../dist/tidings.js', import.meta.url).pathname;

/**
 * Without ADMIN_TOKEN the feed and admin routes are open, so nothing but this
 * machine may reach the API: `pnpm start` and the API service itself refuse
 * any other interface, and what `pnpm start` runs listens on loopback only.
 */
describe('without ADMIN_TOKEN', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('`tidings start` refuses a non-loopback API_HOST before starting anything', async () => {
    const redisUrl = `redis://127.0.0.1:${await freePort()}`;
    const ownData = join(dataDir, 'refused');
    const run = spawnSync(process.execPath, [launcher, 'start'], {
      env: { PATH: process.env.PATH, API_HOST: '0.0.0.0', REDIS_URL: redisUrl, DATA_DIR: ownData },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(78);
    expect(run.stderr).toMatch(/API_HOST=0\.0\.0\.0 without ADMIN_TOKEN .*set ADMIN_TOKEN/);
    expect(await redisAnswers(redisUrl)).toBe(false);
    expect(existsSync(ownData)).toBe(false);
  });

  it('`tidings start` uses a Redis Cluster it is given and never starts a Redis in its place', async () => {
    const [redisUrl, seedPort] = [`redis://127.0.0.1:${await freePort()}`, await freePort()];
    const ownData = join(dataDir, 'cluster');
    const run = spawnSync(process.execPath, [launcher, 'start'], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: redisUrl,
        REDIS_CLUSTER_NODES: `127.0.0.1:${seedPort}`,
        DATA_DIR: ownData,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/no seed of REDIS_CLUSTER_NODES answers \(127\.0\.0\.1:\d+\)/);
    expect(await redisAnswers(redisUrl)).toBe(false);
    expect(existsSync(join(ownData, 'redis'))).toBe(false);
  });

  it('`tidings start` uses a Redis Sentinel it is given and never starts a Redis in its place', async () => {
    const sentinels = [await freePort(), await freePort()].map((port) => `127.0.0.1:${port}`);
    const ownData = join(dataDir, 'sentinel');
    const run = spawnSync(process.execPath, [launcher, 'start'], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: `redis+sentinel://:pw@${sentinels.join(',')}/mymaster`,
        DATA_DIR: ownData,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(`no sentinel of REDIS_URL answers (${sentinels.join(',')})`);
    expect(run.stderr).not.toContain(':pw@');
    for (const address of sentinels) expect(await redisAnswers(`redis://${address}`)).toBe(false);
    expect(existsSync(join(ownData, 'redis'))).toBe(false);
  });

  it('`tidings start` goes on with the Redis Sentinel when one of its sentinels answers', async () => {
    const sentinel = await startTestRedisSentinel();
    try {
      const ownData = join(dataDir, 'sentinel-up');
      // A Meilisearch it may not start (not this machine's address as the launcher reads it) ends
      // the run right after Redis was settled, so no service starts.
      const meiliUrl = `http://127.0.0.2:${await freePort()}`;
      const run = spawnSync(process.execPath, [launcher, 'start'], {
        env: { PATH: process.env.PATH, REDIS_URL: sentinel.url, MEILI_URL: meiliUrl, DATA_DIR: ownData },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toContain(
        `using the Redis Sentinel at ${sentinel.sentinels.join(',')} (master ${sentinel.masterName})`,
      );
      expect(run.stderr).toContain(`nothing answers at ${meiliUrl}`);
      expect(run.status, run.stderr).toBe(1);
      expect(existsSync(join(ownData, 'redis'))).toBe(false);
    } finally {
      await sentinel.stop();
    }
  }, 90_000);

  it('the API service refuses a non-loopback API_HOST too', async () => {
    let stderr = '';
    let exit: (code: number | null) => void = () => {};
    const exited = new Promise<number | null>((resolve) => (exit = resolve));
    const api = new ServiceProcess('api', {
      env: { PATH: process.env.PATH, API_HOST: '::', API_PORT: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
      onSpawn: (child) => child.stderr?.on('data', (d) => (stderr += String(d))),
      onUnexpectedExit: ({ code }) => exit(code),
    });
    api.start();
    try {
      expect(await exited).toBe(78);
      expect(stderr).toMatch(/API_HOST=:: without ADMIN_TOKEN/);
    } finally {
      // Should it listen after all, it must not outlive the test.
      await api.stop(1000);
    }
  });

  describe('`tidings start`', () => {
    let redis: TestServer;
    let meili: TestServer;
    let apiPort: number;
    let metricsBase: number;
    const output: string[] = [];
    let exitCode: Promise<number | null>;
    let stop: () => void;

    beforeAll(async () => {
      // Servers of the test's own, so the launcher only runs the services.
      [redis, meili] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
      [apiPort, metricsBase] = await Promise.all([freePort(), freeRun(4)]);
      const child = spawn(process.execPath, [launcher, 'start'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          REDIS_URL: redis.url,
          MEILI_URL: meili.url,
          MEILI_MASTER_KEY: TEST_MEILI_KEY,
          API_PORT: String(apiPort),
          METRICS_PORT: String(metricsBase),
          DATA_DIR: join(dataDir, 'started'),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d) => output.push(String(d)));
      child.stderr.on('data', (d) => output.push(String(d)));
      exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      stop = () => child.kill('SIGTERM');
      const ports = [apiPort, ...SERVICES.flatMap((s) => metricsPortOf(s, metricsBase) ?? [])];
      await waitFor(() => ports.every((port) => listeners(port).length > 0), {
        timeoutMs: 60_000,
        what: `the API and the workers' metrics to listen; the launcher said:\n${output.join('')}`,
      });
    }, 90_000);

    afterAll(async () => {
      stop?.();
      await exitCode;
      await Promise.all([redis?.stop(), meili?.stop()]);
    });

    it('says so in one line', () => {
      const lines = output.join('').split('\n');
      const said = lines.filter((line) => line.includes('ADMIN_TOKEN'));
      expect(said).toEqual([
        'tidings: no ADMIN_TOKEN, so the API listens on 127.0.0.1 only (this machine; feed and admin routes unguarded): set ADMIN_TOKEN to guard them and to serve other machines',
      ]);
    });

    it('listens on loopback only: the API and every worker’s metrics', async () => {
      expect((await fetch(`http://127.0.0.1:${apiPort}/healthz`)).ok).toBe(true);
      const ports = [apiPort, ...SERVICES.flatMap((s) => metricsPortOf(s, metricsBase) ?? [])];
      expect(ports).toHaveLength(5);
      for (const port of ports) {
        const addresses = listeners(port);
        expect(addresses.length, `port ${port}`).toBeGreaterThan(0);
        for (const address of addresses) expect(LOOPBACK, `port ${port}: ${address}`).toContain(address);
      }
    });

    it('stops cleanly', async () => {
      stop();
      expect(await exitCode).toBe(0);
    });
  });
});

/** 127.0.0.1 and ::1 as /proc/net/tcp and tcp6 write them. */
const LOOPBACK = ['0100007F', '00000000000000000000000001000000'];

/** The local addresses listening on `port`, in the kernel's hex; on every interface is all zeros. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Field 1 is local address:port, field 3 the state: 0A is LISTEN.
      .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`))
      .map((fields) => fields[1]!.split(':')[0]!),
  );
}
