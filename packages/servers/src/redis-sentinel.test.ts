import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAnswers } from './redis';
import { startTestRedisSentinel, type TestRedisSentinel } from './redis-sentinel';

function cli(node: string, password: string, ...args: string[]): string {
  const [host = '', port = ''] = node.split(':');
  const result = spawnSync('redis-cli', ['-h', host, '-p', port, ...args], {
    encoding: 'utf8',
    env: password ? { ...process.env, REDISCLI_AUTH: password } : process.env,
  });
  return result.stdout.trim();
}

describe('a throwaway Redis Sentinel deployment', () => {
  let sentinel: TestRedisSentinel;
  beforeAll(async () => {
    sentinel = await startTestRedisSentinel();
  }, 90_000);
  afterAll(async () => {
    await sentinel?.stop();
  });

  it('names its master in a sentinel URL, and guards every process with the password', () => {
    expect(sentinel.sentinels).toHaveLength(3);
    expect(sentinel.url).toBe(
      `redis+sentinel://:${sentinel.password}@${sentinel.sentinels.join(',')}/${sentinel.masterName}`,
    );
    expect(sentinel.master()).toBe(sentinel.nodes[0]);
    for (const node of [...sentinel.nodes, ...sentinel.sentinels])
      expect(cli(node, '', 'PING'), node).toMatch(/NOAUTH/);
    expect(cli(sentinel.nodes[1]!, sentinel.password, 'ROLE').split('\n')[0]).toBe('slave');
  });

  it("fails a killed master over to its replica, which keeps the master's keys", async () => {
    const [master, replica] = sentinel.nodes as [string, string];
    expect(cli(master, sentinel.password, 'SET', 'survives-failover', 'kept')).toBe('OK');
    // Replication is asynchronous: wait until the replica has the write before the crash.
    expect(cli(master, sentinel.password, 'WAIT', '1', '5000')).toBe('1');
    expect(await sentinel.killMaster()).toBe(master);
    expect(await redisAnswers(`redis://${master}`)).toBe(false);
    expect(sentinel.master()).toBe(replica);
    expect(cli(replica, sentinel.password, 'ROLE').split('\n')[0]).toBe('master');
    expect(cli(replica, sentinel.password, 'GET', 'survives-failover')).toBe('kept');
  }, 90_000);

  it('stops every process', async () => {
    const all = [...sentinel.nodes.slice(1), ...sentinel.sentinels];
    await sentinel.stop();
    for (const node of all) expect(await redisAnswers(`redis://${node}`), node).toBe(false);
  });
});
