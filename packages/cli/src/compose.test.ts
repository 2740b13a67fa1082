import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvSchema } from '@tidings/config';
import { Ajv } from 'ajv';
import draft7 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SERVICES } from './services';

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
    const names = Object.keys(compose.services).sort();
    expect(names).toEqual(['meilisearch', 'redis', ...SERVICES.map((s) => s.name)].sort());
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

  it('keeps Redis durable and never evicting queue keys', () => {
    const command = [compose.services.redis.command].flat().join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
  });
});

function environmentOf(service: { environment?: Record<string, unknown> | string[] }): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}
