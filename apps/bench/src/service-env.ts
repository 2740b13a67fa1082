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
