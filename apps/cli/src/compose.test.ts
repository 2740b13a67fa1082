import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvSchema } from '@tidings/config';
import { SERVICES } from '@tidings/servers';
import { Ajv } from 'ajv';
import draft7 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const compose = parse(readFileSync(`${root}docker-compose.yml`, 'utf8'), { merge: true });

// No Docker engine runs in CI, so the compose file is checked against the
// Compose Specification's own schema (vendored in infra/compose/).
describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification', () => {
    const schema = JSON.parse(readFileSync(`${root}infra/compose/compose-spec.json`, 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    // The schema names its meta-schema without the "#" ajv registers draft-07 under.
    ajv.addMetaSchema({ ...draft7, $id: schema.$schema });
    const validate = ajv.compile(schema);
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

  it("gives Meilisearch's master key to the indexer alone, and the API its search-only key", () => {
    for (const service of SERVICES) {
      const env = environmentOf(compose.services[service.name]);
      expect(env.MEILI_MASTER_KEY !== undefined, service.name).toBe(service.name === 'indexer');
    }
    expect(environmentOf(compose.services.api).MEILI_SEARCH_KEY).toMatch(/MEILI_SEARCH_KEY/);
  });

  it('keeps Redis durable and never evicting queue keys', () => {
    const command = [compose.services.redis.command].flat().join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
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
    const prometheusPort = String(compose.services.prometheus.ports[0]).split(':').at(-1);
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

function environmentOf(service: {
  environment?: Record<string, unknown> | string[];
}): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(env.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}
