import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { type RunningServer, spawnServer } from './process';
import { findRedisServer, redisAnswers } from './redis';
import { waitFor } from './wait';

/** A throwaway Redis Cluster of real `redis-server` processes: 3 masters, 3 replicas. */
export interface TestRedisCluster {
  /** Seeds as `REDIS_CLUSTER_NODES` takes them: `127.0.0.1:P1,127.0.0.1:P2,…` (every node). */
  seeds: string;
  /** Every node's `host:port`, in start order. */
  nodes: string[];
  /** The `host:port` of each node that is a master now. */
  masters(): string[];
  /**
   * SIGKILL the master serving `key`'s slot (the first master when no key is
   * given), as a crash would, and wait until its replica has taken over and
   * the cluster answers for every slot again. Returns the killed node.
   */
  killMaster(key?: string): Promise<string>;
  /** Stop every node and delete their directories. */
  stop(): Promise<void>;
}

/** How long a silent master is believed alive: short, so a failover takes a few seconds, not 15. */
const NODE_TIMEOUT_MS = 1000;

/**
 * Start a 6-node Redis Cluster on free local ports (`redis-cli --cluster
 * create … --cluster-replicas 1`), with no persistence, and wait until it
 * serves every slot. Needs `redis-server` and `redis-cli` on PATH.
 */
export async function startTestRedisCluster(size = 6): Promise<TestRedisCluster> {
  const command = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'tidings-redis-cluster-'));
  const servers = new Map<string, RunningServer>();
  try {
    const ports = await distinctFreePorts(size);
    await Promise.all(
      ports.map(async (port) => {
        const node = `127.0.0.1:${port}`;
        const nodeDir = join(dir, String(port));
        const server = await spawnServer({
          name: `redis-server (cluster node ${port})`,
          command,
          args: [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--dir',
            nodeDir,
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            String(NODE_TIMEOUT_MS),
            '--save',
            '',
            '--appendonly',
            'no',
            '--maxmemory-policy',
            'noeviction',
            // A diskless sync waits 5 s for more replicas by default; here each master has one.
            '--repl-diskless-sync-delay',
            '0',
          ],
          logFile: join(nodeDir, 'redis.log'),
          url: `redis://${node}`,
          ready: () => redisAnswers(`redis://${node}`, 300),
        });
        servers.set(node, server);
      }),
    );
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    cli(['--cluster', 'create', ...nodes, '--cluster-replicas', '1', '--cluster-yes']);
    await waitForCoverage(nodes);
    // A replica that never finished its first sync is too stale to be promoted: killMaster would
    // then wait in vain. Every replica must be linked to its master before the cluster is used.
    await waitFor(
      () =>
        nodes
          .filter((node) => role(node) === 'slave')
          .every((node) => nodeCli(node, ['INFO', 'replication']).includes('master_link_status:up')),
      { timeoutMs: 30_000, intervalMs: 100, what: 'every replica to sync with its master' },
    );

    const masters = () => nodes.filter((node) => servers.has(node) && role(node) === 'master');
    return {
      seeds: nodes.join(','),
      nodes,
      masters,
      async killMaster(key) {
        const before = masters();
        const victim = key === undefined ? before[0] : masterFor(before, key);
        const server = victim ? servers.get(victim) : undefined;
        if (!victim || !server) throw new Error('no master to kill');
        process.kill(server.pid, 'SIGKILL');
        await server.stop(0);
        servers.delete(victim);
        // The others still say cluster_state:ok until they have noticed (NODE_TIMEOUT_MS): wait for
        // the replica's promotion first, then for every node to agree.
        await waitFor(() => masters().length === before.length, {
          timeoutMs: 30_000,
          intervalMs: 100,
          what: `a replica of ${victim} to take over`,
        });
        await waitForCoverage([...servers.keys()]);
        return victim;
      },
      async stop() {
        await Promise.all([...servers.values()].map((server) => server.stop(2000)));
        servers.clear();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all([...servers.values()].map((server) => server.stop(1000)));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

// Ports picked one by one can repeat (each is free again once probed), so ask until they differ.
// A cluster node also listens on its port + 10000 (the cluster bus), so a port must leave room
// for that (Redis refuses ports over 55535) and the bus port must be free as well.
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = await freePort();
    if (port <= MAX_NODE_PORT && (await isFree(port + CLUSTER_BUS_OFFSET))) ports.add(port);
  }
  return [...ports];
}

const CLUSTER_BUS_OFFSET = 10_000;
const MAX_NODE_PORT = 65_535 - CLUSTER_BUS_OFFSET;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function cli(args: string[]): string {
  const result = spawnSync('redis-cli', args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0)
    throw new Error(
      `redis-cli ${args.slice(0, 2).join(' ')} failed: ${result.error?.message ?? result.stderr ?? result.stdout}`,
    );
  return result.stdout;
}

function nodeCli(node: string, args: string[]): string {
  const [host, port] = node.split(':') as [string, string];
  return cli(['-h', host, '-p', port, ...args]);
}

function role(node: string): string {
  return nodeCli(node, ['ROLE']).split('\n')[0]?.trim() ?? '';
}

// The master among `masters` that serves the slot of `key`.
function masterFor(masters: string[], key: string): string | undefined {
  const slot = Number(nodeCli(masters[0] ?? '', ['CLUSTER', 'KEYSLOT', key]).trim());
  return masters.find((node) => servesSlot(node, slot));
}

// A node serves a slot when CLUSTER NODES lists it as `myself,master` with the slot in its ranges.
function servesSlot(node: string, slot: number): boolean {
  const me = nodeCli(node, ['CLUSTER', 'NODES'])
    .split('\n')
    .find((line) => line.includes('myself'));
  if (!me?.includes('master')) return false;
  return me
    .split(' ')
    .slice(8)
    .some((range) => {
      const [from, to = from] = range.split('-').map(Number) as [number, number?];
      return slot >= from && slot <= (to ?? from);
    });
}

// Every live node says cluster_state:ok: each slot has a master that answers.
async function waitForCoverage(nodes: string[]): Promise<void> {
  await waitFor(
    () => nodes.every((node) => nodeCli(node, ['CLUSTER', 'INFO']).includes('cluster_state:ok')),
    { timeoutMs: 30_000, intervalMs: 100, what: 'the Redis Cluster to serve every slot' },
  );
}
