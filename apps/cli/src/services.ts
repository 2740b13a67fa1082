import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The four pipeline processes, in start order (consumers before producers),
 * with the port of each worker's /metrics and health endpoints. The compose
 * file runs the same services with the same ports; a test keeps them equal.
 */
export const SERVICES = [
  { name: 'indexer', metricsPort: 9103 },
  { name: 'parser', metricsPort: 9102 },
  { name: 'poller', metricsPort: 9101 },
  { name: 'api', metricsPort: undefined },
] as const;

/** The poller's metrics port; parser and indexer follow it. */
export const DEFAULT_METRICS_BASE = 9101;

/**
 * A service's metrics port when the poller's is `base` (METRICS_PORT given to
 * the launcher): the default ports shifted alike. Undefined for the API.
 */
export function metricsPortOf(service: (typeof SERVICES)[number], base = DEFAULT_METRICS_BASE): number | undefined {
  return service.metricsPort === undefined ? undefined : base + service.metricsPort - DEFAULT_METRICS_BASE;
}

export type ServiceName = (typeof SERVICES)[number]['name'];

/** Path of a service's built entry point. */
export function serviceEntry(name: ServiceName): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`@tidings/${name}/package.json`)), 'dist', 'main.js');
}
