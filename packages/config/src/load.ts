import { isSentinelUrl } from './redis-url';
import { type Config, EnvSchema } from './schema';

/** Thrown by {@link loadConfig}; its message lists one line per wrong variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse and validate the environment. The only place that reads
 * `process.env`: services call it once at boot and pass the result down.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = EnvSchema.safeParse(env);
  const problems = result.success
    ? conflicts(result.data)
    : result.error.issues.map((issue) => ({ name: String(issue.path[0]), message: issue.message }));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems.map(({ name, message }) => `${name}=${shown(name, env[name])}: ${message}`));
}

// Variables that are right one by one but wrong together (checked here rather than in the schema:
// zod refuses .partial() on an object schema with refinements, and the compose tests use it).
function conflicts(config: Config): Array<{ name: string; message: string }> {
  if (config.REDIS_CLUSTER_NODES && isSentinelUrl(config.REDIS_URL))
    return [
      {
        name: 'REDIS_CLUSTER_NODES',
        message:
          'a Redis Cluster has no sentinels: unset REDIS_CLUSTER_NODES, or give REDIS_URL a redis:// or rediss:// URL (for the cluster’s credentials and TLS)',
      },
    ];
  return [];
}

// A wrong value is repeated so the operator sees what was read, but never a secret: keys and
// tokens are hidden whole, and a URL's user name and password (everything up to its last `@`).
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return 'unset';
  if (name.includes('KEY') || name.includes('TOKEN')) return '(hidden)';
  const scheme = value.indexOf('://');
  const at = value.lastIndexOf('@');
  if (name.endsWith('_URL') && scheme >= 0 && at > scheme)
    return JSON.stringify(`${value.slice(0, scheme + 3)}(hidden)${value.slice(at)}`);
  return JSON.stringify(value);
}

/** Load the config or print the problems and exit: what every service's main does first. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
