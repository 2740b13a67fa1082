/// <reference path="./cluster-key-slot.d.ts" />
import calculateSlot from 'cluster-key-slot';
import type { ChainableCommander } from 'ioredis';
import { isCluster, type RedisClient } from './connection';

/**
 * One command per key, for keys that may sit in different cluster slots (seen
 * items by article, feeds by id): one pipeline on a single Redis, one
 * pipeline per master on a cluster, sent at once. `add` queues the command
 * for `keys[i]` and must touch that key only. Resolves to the replies in the
 * order of `keys`; the first failed command rejects. A command redirected
 * (MOVED after a failover) is sent again on its own, as ioredis then follows it.
 */
export async function perKey(
  redis: RedisClient,
  keys: string[],
  add: (pipeline: ChainableCommander, key: string, i: number) => void,
): Promise<unknown[]> {
  if (keys.length === 0) return [];
  const replies = new Array<unknown>(keys.length);
  await Promise.all(groupsOf(redis, keys).map((indexes) => send(redis, keys, indexes, add, replies, true)));
  return replies;
}

/** One pipeline for the keys at `indexes`; replies land in `replies` at the same indexes. */
async function send(
  redis: RedisClient,
  keys: string[],
  indexes: number[],
  add: (pipeline: ChainableCommander, key: string, i: number) => void,
  replies: unknown[],
  followRedirections: boolean,
): Promise<void> {
  const pipeline = redis.pipeline();
  for (const i of indexes) add(pipeline, keys[i]!, i);
  const results = (await pipeline.exec()) ?? [];
  const redirected: number[] = [];
  results.forEach(([err, value], j) => {
    if (!err) replies[indexes[j]!] = value;
    else if (followRedirections && isRedirection(err)) redirected.push(indexes[j]!);
    else throw err;
  });
  // After a failover the slot map is stale and a pipeline may reach a node that answers MOVED,
  // one slot per command. ioredis follows a redirection only when every command of a pipeline got
  // the same one, and otherwise leaves the map stale. A redirected command was not run: sent alone,
  // it gets its redirection followed and the map refreshed.
  await Promise.all(redirected.map((i) => send(redis, keys, [i], add, replies, false)));
}

// Replies that mean the command was not run, only sent to the wrong node or too early.
const REDIRECTIONS = ['MOVED ', 'ASK ', 'TRYAGAIN ', 'CLUSTERDOWN '];
function isRedirection(err: Error): boolean {
  return REDIRECTIONS.some((prefix) => err.message.startsWith(prefix));
}

// ioredis sends a cluster pipeline to one node and refuses one whose keys live on several, so
// keys are grouped by the master its slot map names (by slot while the map is still empty).
function groupsOf(redis: RedisClient, keys: string[]): number[][] {
  if (!isCluster(redis)) return [keys.map((_, i) => i)];
  const groups = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const slot = calculateSlot(key);
    const node = redis.slots[slot]?.[0] ?? `slot ${slot}`;
    const group = groups.get(node);
    if (group) group.push(i);
    else groups.set(node, [i]);
  });
  return [...groups.values()];
}

/**
 * Every key matching `pattern` (a SCAN MATCH glob), walked with SCAN on a
 * single Redis or on every master of a cluster (each holds only its own
 * slots). For operator tools and benchmarks, never for a request path.
 */
export async function scanKeys(redis: RedisClient, pattern: string, count = 1000): Promise<string[]> {
  const nodes = isCluster(redis) ? redis.nodes('master') : [redis];
  const found = await Promise.all(
    nodes.map(async (node) => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    }),
  );
  // SCAN may return a key twice (rehashing); callers get each once.
  return [...new Set(found.flat())];
}
