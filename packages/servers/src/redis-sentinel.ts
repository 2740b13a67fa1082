import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports';
import { type RunningServer, spawnServer } from './process';
import { findRedisServer, redisAnswers } from './redis';
import { waitFor } from './wait';

/** A throwaway Redis Sentinel deployment of real processes: a master, one replica, three sentinels. */
export interface TestRedisSentinel {
  /** REDIS_URL for it: `redis+sentinel://:<password>@127.0.0.1:<port>,…/<masterName>`. */
  url: string;
  /** The name the sentinels monitor the master under. */
  masterName: string;
  /** Password of the master, the replica and the sentinels alike. */
  password: string;
  /** Each sentinel's `host:port`. */
  sentinels: string[];
  /** The `host:port` of the master and the replica, in start order. */
  nodes: string[];
  /** The `host:port` the sentinels name as master now. */
  master(): string;
  /**
   * SIGKILL the master, as a crash would, and wait until every sentinel names
   * the replica in its place and the replica answers as a master. Returns the
   * killed node.
   */
  killMaster(): Promise<string>;
  /** Stop every process and delete their directories. */
  stop(): Promise<void>;
}

const MASTER_NAME = 'tidings';
const PASSWORD = 'tidings-test-sentinel';
/** Three sentinels with a quorum of two: a real majority, as in production. */
const SENTINELS = 3;
const QUORUM = 2;
/** How long a silent master is believed alive: short, so a failover takes seconds, not half a minute. */
const DOWN_AFTER_MS = 1000;
/** A failed election is tried again after twice this: short for the same reason. */
const FAILOVER_TIMEOUT_MS = 3000;

/**
 * Start a master and one replica (`redis-server`, no persistence, each with
 * a password), then three `redis-server --sentinel` monitoring them, on free
 * local ports, and wait until every sentinel knows the master, its replica
 * and the other sentinels: only then can they agree on a failover. Needs
 * `redis-server` and `redis-cli` on PATH.
 */
export async function startTestRedisSentinel(): Promise<TestRedisSentinel> {
  const command = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'tidings-redis-sentinel-'));
  const nodes = new Map<string, RunningServer>();
  const sentinels: RunningServer[] = [];
  // Sentinels first, so that none fails the master over while it stops.
  const stopAll = async (graceMs: number) => {
    await Promise.all(sentinels.map((server) => server.stop(graceMs)));
    await Promise.all([...nodes.values()].map((server) => server.stop(graceMs)));
    sentinels.length = 0;
    nodes.clear();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [masterPort = 0, replicaPort = 0, ...sentinelPorts] = await freePorts(2 + SENTINELS);
    const [master, replica] = [`127.0.0.1:${masterPort}`, `127.0.0.1:${replicaPort}`];
    nodes.set(master, await startNode(command, dir, masterPort, []));
    nodes.set(
      replica,
      await startNode(command, dir, replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]),
    );
    // A replica that never finished its first sync is too stale to be promoted.
    await waitFor(() => cli(replica, ['INFO', 'replication']).includes('master_link_status:up'), {
      timeoutMs: 30_000,
      what: 'the replica to sync with its master',
    });

    const addresses = sentinelPorts.map((port) => `127.0.0.1:${port}`);
    sentinels.push(
      ...(await Promise.all(sentinelPorts.map((port) => startSentinel(command, dir, port, masterPort)))),
    );
    // The replica comes from the master's INFO, the other sentinels from their hello messages
    // on the master (every 2 s).
    await waitFor(
      () =>
        addresses.every((sentinel) => {
          const state = fields(cli(sentinel, ['SENTINEL', 'MASTER', MASTER_NAME]));
          return (
            state.flags === 'master' &&
            Number(state['num-slaves']) >= 1 &&
            Number(state['num-other-sentinels']) === SENTINELS - 1
          );
        }),
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: 'the sentinels to know the master, its replica and each other',
      },
    );

    const masterNamedBy = (sentinel: string) => {
      const [host, port] = cli(sentinel, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME])
        .trim()
        .split('\n');
      return `${host}:${port}`;
    };
    return {
      url: `redis+sentinel://:${PASSWORD}@${addresses.join(',')}/${MASTER_NAME}`,
      masterName: MASTER_NAME,
      password: PASSWORD,
      sentinels: addresses,
      nodes: [master, replica],
      master: () => masterNamedBy(addresses[0] ?? ''),
      async killMaster() {
        const victim = masterNamedBy(addresses[0] ?? '');
        const server = nodes.get(victim);
        if (!server) throw new Error(`the sentinels name ${victim}, which is not running`);
        process.kill(server.pid, 'SIGKILL');
        await server.stop(0);
        nodes.delete(victim);
        // Each sentinel notices (DOWN_AFTER_MS), they agree and elect one, which promotes the
        // replica; the others learn the new master from its hello messages.
        await waitFor(
          () => {
            const named = addresses.map(masterNamedBy);
            const successor = named[0] ?? '';
            return (
              named.every((address) => address === successor) &&
              nodes.has(successor) &&
              cli(successor, ['ROLE']).startsWith('master')
            );
          },
          { timeoutMs: 60_000, intervalMs: 100, what: `the sentinels to promote a replica of ${victim}` },
        );
        return victim;
      },
      stop: () => stopAll(2000),
    };
  } catch (err) {
    await stopAll(1000);
    throw err;
  }
}

// One data node; a replica gets `--replicaof host port` in `extra`. The password guards both,
// and the replica (and a master demoted later) logs in to its master with it.
function startNode(command: string, dir: string, port: number, extra: string[]): Promise<RunningServer> {
  const nodeDir = join(dir, `node-${port}`);
  const url = `redis://127.0.0.1:${port}`;
  return spawnServer({
    name: `redis-server (sentinel test node ${port})`,
    command,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      nodeDir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      // A diskless sync waits 5 s for more replicas by default; here there is one.
      '--repl-diskless-sync-delay',
      '0',
      '--requirepass',
      PASSWORD,
      '--masterauth',
      PASSWORD,
      ...extra,
    ],
    logFile: join(nodeDir, 'redis.log'),
    url,
    // An answer of -NOAUTH counts: the node is up, and guarded.
    ready: () => redisAnswers(url, 300),
  });
}

// A sentinel needs a configuration file it can rewrite (it records what it learns there).
function startSentinel(
  command: string,
  dir: string,
  port: number,
  masterPort: number,
): Promise<RunningServer> {
  const sentinelDir = join(dir, `sentinel-${port}`);
  mkdirSync(sentinelDir, { recursive: true });
  const config = join(sentinelDir, 'sentinel.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${sentinelDir}`,
      `requirepass ${PASSWORD}`,
      // What this sentinel logs in to the other sentinels with (votes go sentinel to sentinel).
      `sentinel sentinel-pass ${PASSWORD}`,
      `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} ${QUORUM}`,
      `sentinel auth-pass ${MASTER_NAME} ${PASSWORD}`,
      `sentinel down-after-milliseconds ${MASTER_NAME} ${DOWN_AFTER_MS}`,
      `sentinel failover-timeout ${MASTER_NAME} ${FAILOVER_TIMEOUT_MS}`,
      '',
    ].join('\n'),
  );
  const url = `redis://127.0.0.1:${port}`;
  return spawnServer({
    name: `redis-server --sentinel (port ${port})`,
    command,
    args: [config, '--sentinel'],
    logFile: join(sentinelDir, 'sentinel.log'),
    url,
    ready: () => redisAnswers(url, 300),
  });
}

function cli(node: string, args: string[]): string {
  const [host = '', port = ''] = node.split(':');
  const result = spawnSync('redis-cli', ['-h', host, '-p', port, ...args], {
    encoding: 'utf8',
    timeout: 10_000,
    // How redis-cli logs in without warning that a password on its command line is unsafe.
    env: { ...process.env, REDISCLI_AUTH: PASSWORD },
  });
  if (result.error || result.status !== 0)
    throw new Error(
      `redis-cli ${args.slice(0, 2).join(' ')} at ${node} failed: ${result.error?.message || result.stderr || result.stdout}`,
    );
  return result.stdout;
}

// A reply of field and value lines (SENTINEL MASTER) as an object.
function fields(reply: string): Record<string, string> {
  const lines = reply.trim().split('\n');
  const result: Record<string, string> = {};
  for (let i = 0; i + 1 < lines.length; i += 2) result[lines[i] ?? ''] = lines[i + 1] ?? '';
  return result;
}
