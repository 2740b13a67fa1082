import { readFileSync } from 'node:fs';
import { EnvSchema } from '@tidings/config';
import { SERVICES } from '@tidings/servers';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type ComposeFile,
  composeValidator,
  environmentOf,
  interpolate,
  mergeCompose,
  publishedPorts,
  readCompose,
  root,
} from './compose-support';

const SECRETS = {
  MEILI_MASTER_KEY: 'meili-master-key-0123456789',
  MEILI_SEARCH_KEY: 'meili-search-key-0123456789',
  ADMIN_TOKEN: 'admin-token-0123456789',
  GRAFANA_ADMIN_PASSWORD: 'grafana-password-0123456789',
  // The cluster setup also needs the month the second Meilisearch takes over from.
  MEILI_PLACEMENT: '2027-01=ms1',
};

const base = readCompose('docker-compose.yml');
const override = readCompose('infra/compose.cluster.yml');
// `docker compose -f docker-compose.yml -f infra/compose.cluster.yml`, with the operator's secrets.
const merged = interpolate(mergeCompose(base, override), SECRETS);
const REDIS_NODES = ['redis-1', 'redis-2', 'redis-3', 'redis-4', 'redis-5', 'redis-6'];
const WORKERS = ['poller', 'parser', 'indexer', 'matcher'];

// What `docker compose up` starts: services without a profile.
function started(file: ComposeFile): string[] {
  return Object.entries(file.services)
    .filter(([, service]) => !service.profiles?.length)
    .map(([name]) => name)
    .sort();
}

describe('infra/compose.cluster.yml', () => {
  it('is valid against the Compose Specification, alone and merged over docker-compose.yml', () => {
    const validate = composeValidator();
    for (const [name, file] of [
      ['the override', override],
      ['the merged file', merged],
    ] as const) {
      expect(validate(file), name).toBe(true);
      expect(validate.errors ?? [], `${name}: ${JSON.stringify(validate.errors, null, 2)}`).toEqual([]);
    }
  });

  it('starts a six-node cluster in place of the single Redis', () => {
    expect(started(merged)).toEqual(
      [
        'api',
        'grafana',
        'indexer',
        'matcher',
        'meilisearch',
        'meilisearch-2',
        'parser',
        'poller',
        'prometheus',
        'redis-cluster',
        ...REDIS_NODES,
      ].sort(),
    );
    for (const node of REDIS_NODES) {
      const command = [merged.services[node]?.command].flat().join(' ');
      expect(command, node).toMatch(/--cluster-enabled yes/);
      // As the single Redis: durable, and a full node refuses writes instead of dropping queue keys.
      expect(command, node).toMatch(/--appendonly yes/);
      expect(command, node).toMatch(/--maxmemory-policy noeviction/);
      expect(command, node).toMatch(/--maxmemory \S+/);
    }
    // Each node keeps its own data: six volumes, none shared.
    const volumes = REDIS_NODES.map((node) => merged.services[node]?.volumes?.[0]?.split(':')[0]);
    expect(new Set(volumes).size).toBe(6);
    for (const volume of volumes) expect(Object.keys(merged.volumes ?? {})).toContain(volume);

    const create = [merged.services['redis-cluster']?.command].flat().join(' ');
    expect(create).toMatch(/--cluster create/);
    expect(create).toMatch(/--cluster-replicas 1/);
    expect(merged.services['redis-cluster']?.depends_on).toEqual(
      Object.fromEntries(REDIS_NODES.map((node) => [node, { condition: 'service_healthy' }])),
    );
  });

  it('points every Tidings service at the cluster, started after it, and runs two of each worker', () => {
    for (const service of SERVICES) {
      const composed = merged.services[service.name];
      const env = environmentOf(composed);
      const nodes = env.REDIS_CLUSTER_NODES?.split(',').map((node) => node.split(':')[0]);
      expect(nodes, service.name).toEqual(REDIS_NODES);
      // The config the service parses at start accepts it.
      expect(EnvSchema.shape.REDIS_CLUSTER_NODES.safeParse(env.REDIS_CLUSTER_NODES).success).toBe(true);
      // Not on the single Redis, which is not started.
      expect(composed?.depends_on, service.name).toEqual({
        'redis-cluster': { condition: 'service_completed_successfully' },
        meilisearch: { condition: 'service_healthy' },
        'meilisearch-2': { condition: 'service_healthy' },
      });
      expect(composed?.deploy?.replicas ?? 1, service.name).toBe(WORKERS.includes(service.name) ? 2 : 1);
    }
  });

  it('holds the archive on two Meilisearch instances, which the indexer, the matcher and the API reach', () => {
    const first = environmentOf(merged.services.meilisearch);
    const second = environmentOf(merged.services['meilisearch-2']);
    // The same master key on both: the API's search key, derived from it, is then one value.
    expect(second.MEILI_MASTER_KEY).toBe(first.MEILI_MASTER_KEY);
    expect(merged.services['meilisearch-2']?.image).toBe(merged.services.meilisearch?.image);
    expect(merged.services['meilisearch-2']?.volumes?.[0]).toMatch(/^meili-2-data:/);
    for (const name of ['indexer', 'matcher', 'api']) {
      const env = environmentOf(merged.services[name]);
      const parsed = EnvSchema.partial().safeParse(env);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(env.MEILI_REMOTES, name).toBe('ms0=http://meilisearch:7700,ms1=http://meilisearch-2:7700');
      // Searches go through the first instance, which is one of the remotes.
      expect(env.MEILI_URL, name).toBe('http://meilisearch:7700');
      expect(env.MEILI_PLACEMENT, name).toBe(SECRETS.MEILI_PLACEMENT);
    }
    const { MEILI_PLACEMENT: _, ...without } = SECRETS;
    expect(() => interpolate(mergeCompose(base, override), without)).toThrow(/^MEILI_PLACEMENT: /);
  });

  it('publishes nothing more than the single-node stack does', () => {
    for (const [name, service] of Object.entries(merged.services)) {
      const original = base.services[name];
      const expected = original ? publishedPorts(interpolate(original, SECRETS)) : [];
      expect(publishedPorts(service), name).toEqual(expected);
    }
  });

  it('has Prometheus scrape every replica of each service, at the ports the single-node config uses', () => {
    const mounts = merged.services.prometheus?.volumes ?? [];
    expect(mounts).toContain('./infra/prometheus/prometheus.cluster.yml:/etc/prometheus/prometheus.yml:ro');
    expect(mounts.filter((m) => m.endsWith(':/etc/prometheus/prometheus.yml:ro'))).toHaveLength(1);

    const single = parse(readFileSync(`${root}infra/prometheus/prometheus.yml`, 'utf8'));
    const cluster = parse(readFileSync(`${root}infra/prometheus/prometheus.cluster.yml`, 'utf8'));
    const staticTargets = (single.scrape_configs as ScrapeConfig[]).map((job) => ({
      job: job.job_name,
      targets: job.static_configs?.flatMap((group) => group.targets) ?? [],
    }));
    const dnsTargets = (cluster.scrape_configs as ScrapeConfig[]).map((job) => ({
      job: job.job_name,
      targets: (job.dns_sd_configs ?? []).flatMap((sd) => sd.names.map((name) => `${name}:${sd.port}`)),
    }));
    expect(dnsTargets).toEqual(staticTargets);
  });
});

interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
}
