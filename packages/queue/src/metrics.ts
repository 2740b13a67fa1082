import { Gauge, type Registry } from 'prom-client';
import type { Queues } from './producer';

/**
 * `tidings_queue_jobs{queue,state}`: job counts per queue and state, read
 * from Redis when Prometheus scrapes (one round trip per queue).
 */
export function registerQueueMetrics(registry: Registry, queues: Queues): void {
  new Gauge({
    name: 'tidings_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, prioritized, failed, completed, paused).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, counts] of Object.entries(await queues.counts())) {
        for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      }
    },
  });
}
