export { createLogger, type Logger } from './logger';
export { createMetrics, type Metrics } from './metrics';
export { type ReadinessCheck, runChecks, serveTelemetry } from './server';
export { onShutdown } from './lifecycle';
export { type FreshnessHistograms, freshnessHistograms, MinuteHistogram, type MinuteSummary } from './minute-histogram';
