import { startTestRedisCluster, type TestRedisCluster } from '@tidings/servers';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostBusyError, RedisHostGate } from './index';

// The gate's scripts on a real Redis Cluster: a script whose keys span two slots fails with
// CROSSSLOT, and so fails this test.
describe('RedisHostGate on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  // Two connections stand in for two worker processes.
  let first: Cluster;
  let second: Cluster;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
    const seeds = cluster.nodes.map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) }));
    first = new Cluster(seeds);
    second = new Cluster(seeds);
    await Promise.all([first, second].map((client) => new Promise((ready) => client.once('ready', ready))));
  }, 60_000);
  afterAll(async () => {
    first?.disconnect();
    second?.disconnect();
    await cluster?.stop();
  });

  it('limits each host across processes, with hosts spread over the masters', async () => {
    const settings = { prefix: 'tidings', maxConcurrency: 1, maxPerSecond: 1000, maxWaitMs: 100 };
    const a = new RedisHostGate({ redis: first, ...settings });
    const b = new RedisHostGate({ redis: second, ...settings });
    const hosts = Array.from({ length: 8 }, (_, i) => `site${i}.test`);
    // Asked of one master: a keyless command goes to any node the client knows, replicas
    // included, and a replica it drops from its pool when the slots settle takes the reply with it.
    const master = first.nodes('master')[0]!;
    const slots = await Promise.all(
      hosts.map((h) => master.cluster('KEYSLOT', `tidings:host:{${h}}:leases`)),
    );
    expect(new Set(slots).size).toBeGreaterThan(1);

    for (const host of hosts) {
      const release = await a.acquire(host);
      // The other process finds the host full, and gets its slot once it is released.
      await expect(b.acquire(host)).rejects.toBeInstanceOf(HostBusyError);
      await release();
      await (await b.acquire(host))();
    }

    // A Retry-After holds the host for every process.
    await a.holdOff(hosts[0]!, 60_000);
    const held = await b.acquire(hosts[0]!).catch((err: unknown) => err);
    expect(held).toBeInstanceOf(HostBusyError);
    expect((held as HostBusyError).retryAfterMs).toBeGreaterThan(50_000);
  });
});
