import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Stage latency buckets in seconds: from a cache hit to a slow page fetch. */
const STAGE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics every Tidings process exposes, on its own registry. */
export interface Metrics {
  registry: Registry;
  jobsProcessed: Counter<'stage' | 'outcome'>;
  jobDuration: Histogram<'stage'>;
  jobFailures: Counter<'stage' | 'error_class'>;
}

/**
 * Create the process registry with Node runtime metrics and the per-stage
 * job metrics. Service-specific metrics are registered on `registry`.
 */
export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'tidings_' });
  return {
    registry,
    jobsProcessed: new Counter({
      name: 'tidings_jobs_processed_total',
      help: 'Jobs finished, by stage and outcome (completed, failed, permanent_failure).',
      labelNames: ['stage', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'tidings_job_duration_seconds',
      help: 'Time spent processing one job, by stage.',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS,
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'tidings_job_failures_total',
      help: 'Failed jobs (retried or permanent) by stage and error class.',
      labelNames: ['stage', 'error_class'],
      registers: [registry],
    }),
  };
}
