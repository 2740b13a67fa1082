// What the compose tests share: the Compose Specification's validator, and
// compose's own reading of a file (interpolation, environment, ports, merging
// an override). Not a test file: vitest runs only *.test.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import draft7 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The Compose Specification's schema (vendored in infra/compose/), compiled. */
export function composeValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(`${root}infra/compose/compose-spec.json`, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schema names its meta-schema without the "#" ajv registers draft-07 under.
  ajv.addMetaSchema({ ...draft7, $id: schema.$schema });
  return ajv.compile(schema);
}

// Compose's `!override` tag (2.24+): the value replaces the base file's instead of merging with it.
const OVERRIDE = Symbol('compose !override');
class OverrideMap extends YAMLMap {
  override toJSON(...args: Parameters<YAMLMap['toJSON']>) {
    return Object.assign(super.toJSON(...args), { [OVERRIDE]: true });
  }
}
class OverrideSeq extends YAMLSeq {
  override toJSON(...args: Parameters<YAMLSeq['toJSON']>) {
    return Object.assign(super.toJSON(...args), { [OVERRIDE]: true });
  }
}
const overrideTags = [
  { tag: '!override', collection: 'map' as const, nodeClass: OverrideMap, identify: () => false },
  { tag: '!override', collection: 'seq' as const, nodeClass: OverrideSeq, identify: () => false },
];

/** A compose file of the repository, parsed as compose reads it (YAML merge keys, `!override`). */
export function readCompose(path: string): ComposeFile {
  const doc = parseDocument(readFileSync(`${root}${path}`, 'utf8'), {
    merge: true,
    customTags: overrideTags,
  });
  if (doc.errors.length > 0 || doc.warnings.length > 0)
    throw new Error(`${path}: ${[...doc.errors, ...doc.warnings].map((e) => e.message).join('; ')}`);
  return doc.toJS();
}

/**
 * `docker compose -f base -f override`: mappings merge key by key, sequences
 * are appended (without repeats), anything else and any `!override` value
 * replaces the base's.
 */
export function mergeCompose<T>(base: T, override: T): T {
  if (isOverride(override)) return override;
  if (Array.isArray(base) && Array.isArray(override)) return [...new Set([...base, ...override])] as T;
  if (isPlainObject(base) && isPlainObject(override)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override))
      merged[key] = key in merged ? mergeCompose(merged[key], value) : value;
    return merged as T;
  }
  return override;
}

function isOverride(value: unknown): boolean {
  return typeof value === 'object' && value !== null && OVERRIDE in value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A compose file, as far as the tests read it. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export function environmentOf(
  service: { environment?: Record<string, unknown> | string[] } | undefined,
): Record<string, string> {
  const env = service?.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(env.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}

export interface ComposeService {
  image?: string;
  command?: string | string[];
  profiles?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { replicas?: number };
  volumes?: string[];
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { host_ip?: string; published?: string | number; target: string | number })[];
  network_mode?: string;
}

/**
 * A service's published ports: the host address ('' for every interface, as
 * compose reads "8080:8080"), the host port and the container port.
 */
export function publishedPorts(
  service: ComposeService,
): { hostIp: string; published: string; target: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object')
      return {
        hostIp: port.host_ip ?? '',
        published: String(port.published ?? ''),
        target: String(port.target),
      };
    const bare = String(port).replace(/\/(tcp|udp)$/, '');
    const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(bare);
    const parts = ipv6 ? [ipv6[1]!, ...ipv6[2]!.split(':')] : bare.split(':');
    const [hostIp = '', published = '', target = ''] =
      parts.length === 3 ? parts : parts.length === 2 ? ['', ...parts] : ['', '', ...parts];
    return { hostIp, published, target };
  });
}

/** Compose's interpolation syntax; `$$` is a literal dollar. */
export const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/**
 * A compose document as `docker compose` reads it with these variables set:
 * ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message} and ${VAR?message}
 * in every string. Like compose, throws for a required variable unset (or
 * empty, with `:?`), naming it.
 */
export function interpolate<T>(value: T, env: Record<string, string>): T {
  if (typeof value === 'string')
    return value.replace(VARIABLE, (whole, name: string, op: string | undefined, arg: string) => {
      if (whole === '$$') return '$';
      const given = env[name];
      const missing = given === undefined || (op?.startsWith(':') && given === '');
      if (!missing) return given ?? '';
      if (op?.endsWith('?')) throw new Error(`${name}: ${arg}`);
      return op?.endsWith('-') ? arg : '';
    }) as T;
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)])) as T;
  return value;
}
