import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { startTestRedis, type TestServer, waitFor } from '@tidings/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, Queues, startWorker } from './index';

const articleId = (n: number) => n.toString(16).padStart(32, '0');
const portOf = (url: string) => Number(new URL(url).port);

/**
 * A managed failover endpoint (a DNS name or virtual IP that a cloud Redis
 * moves to the new primary) as a TCP proxy: new connections go to the
 * current primary, open ones stay where they were. Real Redis servers stand
 * behind it; only the address that moves is played here.
 */
async function movingEndpoint(port: number) {
  let target = port;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const [socket, peer] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        peer.destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    moveTo: (next: number) => {
      target = next;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a failover endpoint whose old primary lives on as a replica', () => {
  let primary: TestServer;
  let standby: TestServer;
  let endpoint: Awaited<ReturnType<typeof movingEndpoint>>;
  let admin: { primary: Redis; standby: Redis };
  beforeAll(async () => {
    [primary, standby] = await Promise.all([startTestRedis(), startTestRedis()]);
    admin = { primary: new Redis(primary.url), standby: new Redis(standby.url) };
    await admin.standby.replicaof('127.0.0.1', portOf(primary.url));
    endpoint = await movingEndpoint(portOf(primary.url));
  });
  afterAll(async () => {
    admin?.primary.disconnect();
    admin?.standby.disconnect();
    await endpoint?.close();
    await Promise.all([primary?.stop(), standby?.stop()]);
  });

  it('keeps adding and working jobs: a READONLY reply sends the client to the new primary', async () => {
    const redis = createRedis(endpoint.url, 'test');
    // An idle connection of its own, so that its first command after the failover is the one
    // that meets READONLY (the worker's connection may meet it first with a command of its own).
    const probe = createRedis(endpoint.url, 'probe');
    const prefix = 'endpoint';
    const queues = new Queues(redis, prefix);
    const done = new Set<string>();
    const worker = startWorker(
      'parseArticle',
      async (payload) => {
        done.add(payload.articleId);
        return { status: 'done' };
      },
      {
        connection: redis,
        prefix,
        concurrency: 2,
        logger: createLogger('test', 'silent'),
        metrics: createMetrics('test'),
        stage: 'parse',
      },
    );
    const add = (from: number, to: number) =>
      queues.addBulk(
        'parseArticle',
        Array.from({ length: to - from }, (_, i) => ({
          articleId: articleId(from + i),
          url: `https://up.test/${from + i}`,
          feedId: 'f',
          discoveredAt: new Date().toISOString(),
          item: {},
        })),
      );
    try {
      await add(0, 10);
      await waitFor(() => done.size === 10);
      expect(await probe.ping()).toBe('PONG');
      await admin.primary.set('replicated', '1');
      expect(await admin.primary.wait(1, 20_000)).toBe(1);

      // The failover: the standby is promoted, the endpoint moves to it, and the old primary turns
      // into its replica, keeping every open connection (none is closed for the client to notice).
      await admin.standby.replicaof('NO', 'ONE');
      endpoint.moveTo(portOf(standby.url));
      await admin.primary.replicaof('127.0.0.1', portOf(standby.url));
      await expect(probe.set('probe', 'refused')).rejects.toThrow(/^READONLY/);
      // Refused, not sent again: the client reconnected, and the next command reaches the new primary.
      expect(await probe.set('probe', 'accepted')).toBe('OK');
      expect(await admin.standby.get('probe')).toBe('accepted');

      // A write refused with READONLY is not run; the producer retries it, as a failed poll would,
      // and the deterministic job ids keep a retry from adding anything twice.
      await waitFor(() => add(10, 20).then(() => true), { what: 'an add through the new primary' });
      await waitFor(() => done.size === 20, { timeoutMs: 30_000, what: 'all 20 jobs to be worked' });
      // Completed article jobs are removed at once (JOB_OPTIONS): an empty queue is a finished one.
      await waitFor(
        async () =>
          Object.values(
            await queues
              .queue('articles')
              .getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
          ).every((n) => n === 0),
        { what: 'the queue to empty' },
      );
      expect((await redis.role())[0]).toBe('master');
    } finally {
      await worker.close();
      await queues.close();
      redis.disconnect();
      probe.disconnect();
    }
  }, 60_000);
});
