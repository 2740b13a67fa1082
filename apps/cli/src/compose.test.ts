import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { EnvSchema } from '@tidings/config';
import { SERVICES } from '@tidings/servers';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type ComposeService,
  composeValidator,
  environmentOf,
  interpolate,
  publishedPorts,
  readCompose,
  root,
  VARIABLE,
} from './compose-support';

// Read loosely, as the assertions below walk any part of it.
const compose: ReturnType<typeof parse> = readCompose('docker-compose.yml');

/** The secrets an operator must give compose; with them alone, every other variable takes its default. */
const SECRETS = {
  MEILI_MASTER_KEY: 'meili-master-key-0123456789',
  MEILI_SEARCH_KEY: 'meili-search-key-0123456789',
  ADMIN_TOKEN: 'admin-token-0123456789',
  GRAFANA_ADMIN_PASSWORD: 'grafana-password-0123456789',
};

// No Docker engine runs in CI, so the compose file is checked against the
// Compose Specification's own schema (vendored in infra/compose/).
describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs the same services as `pnpm start`, with the same ports', () => {
    // Prometheus and Grafana run only under compose; `pnpm start` has the API's /status page instead.
    const names = Object.keys(compose.services).sort();
    expect(names).toEqual(
      ['grafana', 'meilisearch', 'prometheus', 'redis', ...SERVICES.map((s) => s.name)].sort(),
    );
    for (const service of SERVICES) {
      const env = environmentOf(compose.services[service.name]);
      if (service.metricsPort) expect(env.METRICS_PORT, service.name).toBe(String(service.metricsPort));
    }
  });

  it('only sets variables the config schema knows', () => {
    const known = new Set(Object.keys(EnvSchema.shape));
    for (const service of SERVICES) {
      for (const name of Object.keys(environmentOf(compose.services[service.name]))) {
        expect(known.has(name), `${service.name} sets unknown ${name}`).toBe(true);
      }
    }
  });

  it("gives Meilisearch's master key to the indexer alone, and the API and the matcher the search-only key", () => {
    for (const service of SERVICES) {
      const env = environmentOf(compose.services[service.name]);
      expect(env.MEILI_MASTER_KEY !== undefined, service.name).toBe(service.name === 'indexer');
    }
    expect(environmentOf(compose.services.api).MEILI_SEARCH_KEY).toMatch(/MEILI_SEARCH_KEY/);
    expect(environmentOf(compose.services.matcher).MEILI_SEARCH_KEY).toMatch(/MEILI_SEARCH_KEY/);
  });

  it('refuses to start without MEILI_MASTER_KEY, MEILI_SEARCH_KEY, ADMIN_TOKEN and GRAFANA_ADMIN_PASSWORD', () => {
    expect(() => interpolate(compose, SECRETS)).not.toThrow();
    for (const name of Object.keys(SECRETS)) {
      const unset: Record<string, string> = { ...SECRETS };
      delete unset[name];
      expect(() => interpolate(compose, unset), `${name} unset`).toThrow(new RegExp(`^${name}: set ${name}`));
      // Left empty, as .env.example has it.
      expect(() => interpolate(compose, { ...SECRETS, [name]: '' }), `${name} empty`).toThrow(
        new RegExp(`^${name}: `),
      );
    }
    expect(() => interpolate(compose, envExample()), '.env.example copied as it is').toThrow();
  });

  it('publishes only the API and Grafana, on the host’s loopback only', () => {
    const services = interpolate(compose, SECRETS).services as Record<string, ComposeService>;
    const published = Object.fromEntries(
      Object.entries(services).map(([name, service]) => [name, publishedPorts(service)]),
    );
    // Redis, Meilisearch, Prometheus and the workers' metrics: the compose network only.
    expect(published).toEqual({
      redis: [],
      meilisearch: [],
      poller: [],
      parser: [],
      indexer: [],
      matcher: [],
      api: [{ hostIp: '127.0.0.1', published: '8080', target: '8080' }],
      prometheus: [],
      grafana: [{ hostIp: '127.0.0.1', published: '3000', target: '3000' }],
    });
    // The host's network would publish every port a container listens on.
    for (const [name, service] of Object.entries(services))
      expect(service.network_mode, name).toBeUndefined();
  });

  it('asks everyone for a login in Grafana, with the operator’s password', () => {
    const env = environmentOf(interpolate(compose, SECRETS).services.grafana);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED ?? 'false').toBe('false');
    expect(env.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toBe(SECRETS.GRAFANA_ADMIN_PASSWORD);
  });

  it('keeps Redis durable, bounded in memory, and never evicting queue keys', () => {
    const command = [interpolate(compose, SECRETS).services.redis.command].flat().join(' ');
    expect(command).toMatch(/--appendonly yes/);
    // BullMQ requires noeviction: with maxmemory, a full Redis refuses writes instead of dropping keys.
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    const maxmemory = /--maxmemory (\S+)/.exec(command)?.[1] ?? '';
    expect(bytesOf(maxmemory), `--maxmemory ${maxmemory}`).toBeGreaterThanOrEqual(256 * 1024 ** 2);
  });

  it('reads only variables .env.example documents, with the same defaults', () => {
    const example = envExample();
    const text = readFileSync(`${root}.env.example`, 'utf8');
    for (const { name, fallback, required } of variablesOf(compose)) {
      expect(example, name).toHaveProperty(name);
      if (fallback !== undefined) expect(example[name], name).toBe(fallback);
      // A secret compose requires stays empty there (so compose refuses it until set) and says so.
      if (required) {
        expect(example[name], name).toBe('');
        // The comment lines right above the variable.
        const lines = text.split('\n');
        const at = lines.findIndex((line) => line.startsWith(`${name}=`));
        let top = at;
        while (lines[top - 1]?.startsWith('#')) top--;
        const comment = lines.slice(top, at).join('\n');
        expect(comment, name).toContain('REQUIRED BY COMPOSE');
      }
    }
  });
});

describe('Prometheus and Grafana', () => {
  const prometheusConfig = parse(readFileSync(`${root}infra/prometheus/prometheus.yml`, 'utf8'));
  const dashboardDir = `${root}infra/grafana/dashboards/`;
  const dashboards = readdirSync(dashboardDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, json: JSON.parse(readFileSync(dashboardDir + file, 'utf8')) as Dashboard }));

  it('mounts the Prometheus config where Prometheus reads it', () => {
    const service = compose.services.prometheus;
    const configFile = [service.command]
      .flat()
      .find((arg: string) => arg.startsWith('--config.file='))
      ?.split('=')[1];
    expect(mountsOf(service)).toContainEqual({
      source: 'infra/prometheus/prometheus.yml',
      target: configFile,
      readOnly: true,
    });
  });

  it('scrapes every Tidings service at the port compose gives it', () => {
    const scraped = (prometheusConfig.scrape_configs as ScrapeConfig[]).flatMap((job) => {
      expect(job.metrics_path ?? '/metrics', job.job_name).toBe('/metrics');
      return job.static_configs.flatMap((group) => group.targets);
    });
    const expected = SERVICES.map((service) => {
      const env = environmentOf(compose.services[service.name]);
      const port = service.metricsPort ? env.METRICS_PORT : env.API_PORT;
      expect(port, service.name).toMatch(/^\d+$/);
      // Every interface of the container, so Prometheus reaches it on the compose network (it is published nowhere).
      expect(service.metricsPort ? env.METRICS_HOST : env.API_HOST, service.name).toBe('0.0.0.0');
      return `${service.name}:${port}`;
    });
    expect(scraped.sort()).toEqual(expected.sort());
  });

  it('points Grafana at the compose Prometheus and the mounted dashboards', () => {
    const mounts = mountsOf(compose.services.grafana);
    const targetOf = (source: string) => mounts.find((m) => m.source === source && m.readOnly)?.target;
    // Grafana reads provisioning from here unless GF_PATHS_PROVISIONING says otherwise.
    expect(targetOf('infra/grafana/provisioning')).toBe('/etc/grafana/provisioning');
    expect(environmentOf(compose.services.grafana).GF_PATHS_PROVISIONING).toBeUndefined();
    const dashboardsMount = targetOf('infra/grafana/dashboards');
    expect(dashboardsMount).toBeDefined();

    const provisioning = `${root}infra/grafana/provisioning/`;
    const providers = readdirSync(`${provisioning}dashboards`).flatMap(
      (file) =>
        parse(readFileSync(`${provisioning}dashboards/${file}`, 'utf8')).providers as DashboardProvider[],
    );
    expect(providers.map((p) => p.options.path)).toEqual([dashboardsMount]);

    const home = environmentOf(compose.services.grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    if (home) {
      expect(posix.dirname(home)).toBe(dashboardsMount);
      expect(existsSync(dashboardDir + posix.basename(home)), home).toBe(true);
    }

    const datasources = readdirSync(`${provisioning}datasources`).flatMap(
      (file) => parse(readFileSync(`${provisioning}datasources/${file}`, 'utf8')).datasources as Datasource[],
    );
    const prometheusPort = String(compose.services.prometheus.expose[0]);
    expect(datasources.map((d) => d.url)).toEqual([`http://prometheus:${prometheusPort}`]);
    for (const { file, json } of dashboards) {
      for (const panel of json.panels.filter((p) => p.type !== 'row')) {
        expect(panel.datasource?.uid, `${file}: ${panel.title}`).toBe(datasources[0]?.uid);
      }
    }
  });

  it('has dashboards whose every panel queries Tidings metrics', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    for (const { file, json } of dashboards) {
      const ids = json.panels.map((p) => p.id);
      expect(new Set(ids).size, `${file}: duplicate panel ids`).toBe(ids.length);
      for (const panel of json.panels.filter((p) => p.type !== 'row')) {
        const where = `${file}: ${panel.title}`;
        const exprs = (panel.targets ?? []).map((t) => t.expr?.trim() ?? '');
        expect(exprs.length, where).toBeGreaterThan(0);
        for (const expr of exprs) {
          expect(expr, where).not.toBe('');
          // The dashboards define no template variables, and Prometheus must be able to run every expression as written.
          expect(expr, where).not.toContain('$');
          const metrics = metricNamesIn(expr);
          expect(metrics.length, `${where}: ${expr}`).toBeGreaterThan(0);
          for (const metric of metrics) expect(metric, `${where}: ${expr}`).toMatch(/^tidings_/);
        }
      }
    }
  });

  it('finds the metric names in an expression', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (route, le) (rate(tidings_api_request_duration_seconds_bucket{route!~"/x"}[5m]))) / on (service) up',
      ),
    ).toEqual(['tidings_api_request_duration_seconds_bucket', 'up']);
  });
});

interface Dashboard {
  panels: {
    id: number;
    type: string;
    title: string;
    datasource?: { uid: string };
    targets?: { expr?: string }[];
  }[];
}

interface DashboardProvider {
  options: { path: string };
}

interface Datasource {
  uid: string;
  url: string;
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs: { targets: string[] }[];
}

/** Bind mounts of a compose service, with the host path relative to the repository root. */
function mountsOf(service: { volumes?: string[] }): { source: string; target: string; readOnly: boolean }[] {
  return (service.volumes ?? [])
    .map((volume) => volume.split(':'))
    .filter(([source]) => source?.startsWith('.'))
    .map(([source, target, mode]) => ({
      source: posix.normalize(source!),
      target: target!,
      readOnly: mode === 'ro',
    }));
}

/**
 * The metric names in a PromQL expression: identifiers left once strings, label
 * matchers, ranges and grouping clauses are removed, that are not calls or keywords.
 */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const keywords = new Set(['and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter(([, name, call]) => !call && !keywords.has(name!.toLowerCase()))
    .map(([, name]) => name!);
}

/** Every variable a compose document reads, with its fallback (if any) and whether it is required. */
function variablesOf(value: unknown): { name: string; fallback?: string; required: boolean }[] {
  const found = new Map<string, { name: string; fallback?: string; required: boolean }>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const [whole, name, op, arg] of v.matchAll(VARIABLE)) {
        if (whole === '$$' || !name) continue;
        found.set(name, {
          name,
          required: op?.endsWith('?') ?? false,
          ...(op?.endsWith('-') ? { fallback: arg ?? '' } : {}),
        });
      }
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...found.values()];
}

/** The variables of .env.example, as `cp .env.example .env` hands them to compose. */
function envExample(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(`${root}.env.example`, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Bytes in a Redis memory size: 4gb, 512mb, 100000 (Redis's units are binary for kb, mb and gb). */
function bytesOf(size: string): number {
  const match = /^(\d+)(k|kb|m|mb|g|gb)?$/i.exec(size);
  if (!match) return Number.NaN;
  const unit = (match[2] ?? '').toLowerCase();
  const factor =
    { '': 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 }[unit] ?? Number.NaN;
  return Number(match[1]) * factor;
}
