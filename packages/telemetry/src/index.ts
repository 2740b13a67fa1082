export { onShutdown } from './lifecycle';
export { createLogger, type Logger } from './logger';
export { createMetrics, type Metrics } from './metrics';
export {
  type FreshnessHistograms,
  freshnessHistograms,
  MinuteHistogram,
  type MinuteSummary,
} from './minute-histogram';
export { type ReadinessCheck, runChecks, serveTelemetry } from './server';
