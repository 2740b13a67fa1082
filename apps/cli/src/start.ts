import { join, resolve } from 'node:path';
import {
  apiExposureProblem,
  type Config,
  isSentinelUrl,
  loadConfigOrExit,
  parseSentinelUrl,
  type SentinelTarget,
} from '@tidings/config';
import { searchKeyFor } from '@tidings/search';
import {
  DEFAULT_METRICS_BASE,
  meilisearchAnswers,
  metricsPortOf,
  type RunningServer,
  redisAnswers,
  SERVICES,
  type Service,
  type ServiceProcess,
  startMeilisearch,
  startRedis,
  waitFor,
} from '@tidings/servers';
import { supervised } from './supervisor';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);

/**
 * `tidings start`: the whole pipeline on one machine without Docker. Uses
 * the Redis and Meilisearch at REDIS_URL / MEILI_URL when they answer, else
 * starts them with their data under DATA_DIR (Redis with an append-only file,
 * as compose runs it); a Redis Cluster at REDIS_CLUSTER_NODES and the Redis
 * that the sentinels of a `redis+sentinel://` REDIS_URL name are used, never
 * started. Then runs the services and supervises them.
 * Ctrl-C or SIGTERM stops the services first, then what it started.
 * Without ADMIN_TOKEN the API stays on loopback: another API_HOST is refused
 * before anything starts.
 */
export async function start(): Promise<void> {
  const config = loadConfigOrExit();
  const dataDir = resolve(config.DATA_DIR);
  const note = (message: string) => process.stderr.write(`tidings: ${message}\n`);
  const exposure = apiExposureProblem(config);
  if (exposure) {
    note(exposure);
    process.exit(78); // EX_CONFIG, as for any other wrong variable
  }
  if (!config.ADMIN_TOKEN)
    note(
      `no ADMIN_TOKEN, so the API listens on ${config.API_HOST} only (this machine; feed and admin routes unguarded): set ADMIN_TOKEN to guard them and to serve other machines`,
    );
  const started: Array<{ name: string; server: RunningServer }> = [];

  const stopServers = async () => {
    for (const { name, server } of started.reverse()) {
      note(`stopping ${name} (pid ${server.pid})`);
      await server.stop(15_000);
    }
  };

  let services: ServiceProcess[] = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    note(`${signal}: stopping services`);
    await Promise.all(services.map((s) => s.stop(30_000)));
    await stopServers();
    note('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    if (config.REDIS_CLUSTER_NODES) await ensureCluster(config.REDIS_CLUSTER_NODES, note);
    else if (isSentinelUrl(config.REDIS_URL)) await ensureSentinels(parseSentinelUrl(config.REDIS_URL), note);
    else
      await ensure(
        'Redis',
        config.REDIS_URL,
        () => redisAnswers(config.REDIS_URL),
        () => startRedis({ url: config.REDIS_URL, dir: join(dataDir, 'redis'), durable: true }),
        started,
        note,
      );
    await ensure(
      'Meilisearch',
      config.MEILI_URL,
      () => meilisearchAnswers(config.MEILI_URL),
      () =>
        startMeilisearch({
          url: config.MEILI_URL,
          dir: join(dataDir, 'meilisearch'),
          masterKey: config.MEILI_MASTER_KEY,
          maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY,
        }),
      started,
      note,
    );
  } catch (err) {
    note((err as Error).message);
    await stopServers();
    process.exit(1);
  }

  const pretty = Boolean(process.stdout.isTTY);
  services = SERVICES.map((s) => supervised(s.name, serviceEnv(config, s), pretty, note));
  for (const service of services) service.start();
  await announce(config, note);
}

/** Use the server at `url` if it answers; otherwise start one, when the URL is on this machine. */
async function ensure(
  name: string,
  url: string,
  answers: () => Promise<boolean>,
  launch: () => Promise<RunningServer>,
  started: Array<{ name: string; server: RunningServer }>,
  note: (m: string) => void,
): Promise<void> {
  if (await answers()) {
    note(`using the ${name} at ${url}`);
    return;
  }
  if (!LOCAL_HOSTS.has(new URL(url).hostname))
    throw new Error(
      `nothing answers at ${url}, and it is not on this machine, so ${name} cannot be started here`,
    );
  const server = await launch();
  started.push({ name, server });
  note(`started ${name} at ${url} (pid ${server.pid})`);
}

/**
 * A Redis Cluster is the operator's to run: it is used when one of its seeds
 * answers, and never started here (one throwaway node would not be the cluster
 * the operator asked for).
 */
async function ensureCluster(seeds: string[], note: (m: string) => void): Promise<void> {
  for (const seed of seeds) {
    if (await redisAnswers(`redis://${seed}`)) {
      note(`using the Redis Cluster at ${seeds.join(',')}`);
      return;
    }
  }
  throw new Error(
    `no seed of REDIS_CLUSTER_NODES answers (${seeds.join(',')}); tidings start does not start a Redis Cluster: start it, or unset REDIS_CLUSTER_NODES for one Redis at REDIS_URL`,
  );
}

/**
 * Redis Sentinel, too, is the operator's: the deployment is used when one of
 * its sentinels answers, and no Redis is started in its place. A TLS sentinel
 * (`rediss+sentinel:`) is not probed here: the services find out, and log it.
 */
async function ensureSentinels(target: SentinelTarget, note: (m: string) => void): Promise<void> {
  const addresses = target.sentinels.map(
    ({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`,
  );
  const named = `the Redis Sentinel at ${addresses.join(',')} (master ${target.masterName})`;
  if (target.tls) {
    note(`using ${named} over TLS`);
    return;
  }
  for (const address of addresses) {
    if (await redisAnswers(`redis://${address}`)) {
      note(`using ${named}`);
      return;
    }
  }
  throw new Error(
    `no sentinel of REDIS_URL answers (${addresses.join(',')}); tidings start does not start Redis Sentinel: start it, or give REDIS_URL a redis:// URL for one Redis`,
  );
}

function serviceEnv(config: Config, service: Service): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // One METRICS_PORT for four workers would clash: given to the launcher it
  // is the first of four (poller, parser, indexer, matcher), as 9101 is by default;
  // 0 leaves metrics off.
  const base = process.env.METRICS_PORT === undefined ? DEFAULT_METRICS_BASE : config.METRICS_PORT;
  const metricsPort = metricsPortOf(service, base);
  if (metricsPort !== undefined && base !== 0) env.METRICS_PORT = String(metricsPort);
  // Services read the same defaults; only what the launcher decided is passed on.
  env.REDIS_URL = config.REDIS_URL;
  if (config.REDIS_CLUSTER_NODES) env.REDIS_CLUSTER_NODES = config.REDIS_CLUSTER_NODES.join(',');
  env.MEILI_URL = config.MEILI_URL;
  // The search-only key's value is derived from the master key, so known before the indexer creates it.
  if (service.meiliKey !== 'master') delete env.MEILI_MASTER_KEY;
  const searchKey =
    config.MEILI_SEARCH_KEY ?? (config.MEILI_MASTER_KEY && searchKeyFor(config.MEILI_MASTER_KEY));
  if (service.meiliKey === 'search' && searchKey) env.MEILI_SEARCH_KEY = searchKey;
  return env;
}

async function announce(config: Config, note: (m: string) => void): Promise<void> {
  const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  const url = `http://${host}:${config.API_PORT}`;
  try {
    await waitFor(async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: 60_000, what: 'the API' });
    note(
      `Tidings is running. Search in the browser: ${url}/  API: ${url}  (search: ${url}/v1/search?q=…, feeds: POST ${url}/v1/feeds). Ctrl-C stops it.`,
    );
  } catch {
    note(`the API did not answer at ${url} within 60 s; see its log lines above`);
  }
}
