export { ConfigError, loadConfig, loadConfigOrExit } from './load';
export { type Config, EnvSchema } from './schema';
