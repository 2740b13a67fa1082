import { searchKeyFor } from '@tidings/search';
import { type ServiceName, serviceNamed } from '@tidings/servers';

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

/** A service's environment with the Meilisearch key `tidings start` gives it (SERVICES' `meiliKey`). */
export function envFor(name: ServiceName, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { meiliKey } = serviceNamed(name);
  if (meiliKey === 'master' || !env.MEILI_MASTER_KEY) return env;
  const { MEILI_MASTER_KEY: master, ...reader } = env;
  return meiliKey === 'search' ? { ...reader, MEILI_SEARCH_KEY: searchKeyFor(master) } : reader;
}
