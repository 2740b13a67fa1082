import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedisCluster, type TestRedisCluster } from './redis-cluster';

// redis-cli in cluster mode (-c) follows MOVED redirects, as a cluster client does.
function clusterCli(node: string, ...args: string[]): string {
  const [host, port] = node.split(':') as [string, string];
  const result = spawnSync('redis-cli', ['-c', '-h', host, '-p', port, ...args], { encoding: 'utf8' });
  return result.stdout.trim();
}

describe('a throwaway Redis Cluster', () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startTestRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('has 3 masters and serves keys of every slot from any node', () => {
    expect(cluster.nodes).toHaveLength(6);
    expect(cluster.seeds.split(',')).toEqual(cluster.nodes);
    expect(cluster.masters()).toHaveLength(3);
    for (const key of ['a', 'b', 'c', 'tidings:feeds', '{articles}:x']) {
      expect(clusterCli(cluster.nodes[0]!, 'SET', key, `value of ${key}`)).toBe('OK');
      expect(clusterCli(cluster.nodes[5]!, 'GET', key)).toBe(`value of ${key}`);
    }
  });

  it("fails a killed master over to its replica, which keeps the master's keys", async () => {
    const key = 'survives-failover';
    expect(clusterCli(cluster.nodes[0]!, 'SET', key, 'kept')).toBe('OK');
    // Replication is asynchronous: wait until a replica has the write before the crash.
    expect(clusterCli(cluster.nodes[0]!, 'WAIT', '1', '5000')).toBe('1');
    const before = cluster.masters();
    const killed = await cluster.killMaster(key);
    expect(before).toContain(killed);
    const after = cluster.masters();
    expect(after).not.toContain(killed);
    expect(after).toHaveLength(3);
    const survivor = cluster.nodes.find((node) => node !== killed)!;
    expect(clusterCli(survivor, 'GET', key)).toBe('kept');
  }, 60_000);
});
