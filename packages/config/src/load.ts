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
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const value = env[name];
    const shown =
      value === undefined
        ? 'unset'
        : name.includes('KEY') || name.includes('TOKEN')
          ? '(hidden)'
          : JSON.stringify(value);
    return `${name}=${shown}: ${issue.message}`;
  });
  throw new ConfigError(problems);
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
