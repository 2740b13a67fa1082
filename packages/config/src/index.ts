export { apiExposureProblem, isLoopbackHost, masterKeyProblem } from './exposure';
export { ConfigError, loadConfig, loadConfigOrExit } from './load';
export {
  DEFAULT_SENTINEL_PORT,
  isSentinelUrl,
  parseSentinelUrl,
  RedisUrlError,
  SENTINEL_URL_FORM,
  type SentinelAddress,
  type SentinelTarget,
} from './redis-url';
export { type Config, EnvSchema } from './schema';
