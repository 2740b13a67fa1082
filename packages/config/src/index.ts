export { apiExposureProblem, isLoopbackHost } from './exposure';
export { ConfigError, loadConfig, loadConfigOrExit } from './load';
export { type Config, EnvSchema } from './schema';
