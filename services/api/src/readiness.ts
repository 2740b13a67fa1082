import { isCluster, type RedisClient } from '@tidings/queue';
import { Archive, type SearchPool } from '@tidings/search';
import type { ReadinessCheck } from '@tidings/telemetry';

/** A probe answers within this; a dependency slower than that is not ready (compose's probe gives up at 5 s). */
const DEADLINE_MS = 2000;

function withDeadline(what: string, attempt: () => Promise<unknown>): ReadinessCheck {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    });
    try {
      await Promise.race([attempt(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Ready when Redis takes a write, not merely a PING: with `maxmemory` reached
 * and `noeviction` (as compose runs it) Redis answers PING while refusing
 * every write, so feed changes, polls now and replays would all fail. The
 * key expires by itself. On a cluster the write reaches one master, so the
 * cluster must also say it serves every slot (`cluster_state:ok`): a master
 * down without a replica to take over is not ready.
 */
export function redisWritable(redis: RedisClient, prefix: string): ReadinessCheck {
  return withDeadline('redis', async () => {
    await redis.set(`${prefix}:readyz:api`, Date.now(), 'PX', 10_000);
    if (!isCluster(redis)) return;
    // Asked of a master the client knows: a keyless command may otherwise go to a replica it is
    // about to drop from its pool (its slots just refreshed), and fail with "Connection is closed".
    const info = await (redis.nodes('master')[0] ?? redis).cluster('INFO');
    if (!info.includes('cluster_state:ok')) throw new Error('the Redis Cluster does not serve every slot');
  });
}

/**
 * Ready when Meilisearch answers a search of the index with the API's own
 * key: unreachable, a missing or wrong key (MEILI_SEARCH_KEY) and an index
 * not created yet all show here, with Meilisearch's reason. With month
 * partitions the key must also list them; an archive with no partition yet
 * (nothing indexed) is ready: its searches answer with no hits.
 */
export function meiliSearchable(searchPool: SearchPool, index: string | Archive): ReadinessCheck {
  return withDeadline('meilisearch', async () => {
    if (!(index instanceof Archive)) return searchPool.search(index, '', { limit: 0 });
    index.forget();
    const [first] = await index.indexes();
    if (first) await searchPool.search(first, '', { limit: 0 });
  });
}
