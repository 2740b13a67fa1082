import { searchKeyFor } from '@tidings/search';
import type { ServiceName } from '@tidings/servers';

/** What every benchmarked service needs: the servers the bench started, and leave to fetch from loopback newsrooms. */
export function serviceEnv(
  redisUrl: string,
  meiliUrl: string,
  masterKey: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    REDIS_URL: redisUrl,
    MEILI_URL: meiliUrl,
    MEILI_MASTER_KEY: masterKey,
    ALLOW_PRIVATE_NETWORKS: 'true',
    // Newsrooms listen on random ports.
    ALLOWED_PORTS: '*',
    // These benches count and read documents in the one `articles` index;
    // partitioned ingest is measured by partitions.ts.
    MEILI_PARTITIONS: 'none',
    ...extra,
  };
}

/**
 * A service's environment as `tidings start` hands out keys: the master key to
 * the indexer alone, the search-only key (derived from it) to the readers.
 */
export function envFor(name: ServiceName, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (name === 'indexer' || !env.MEILI_MASTER_KEY) return env;
  const { MEILI_MASTER_KEY: master, ...reader } = env;
  return name === 'api' || name === 'matcher'
    ? { ...reader, MEILI_SEARCH_KEY: searchKeyFor(master) }
    : reader;
}
