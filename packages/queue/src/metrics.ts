import { countByHealth } from '@tidings/contracts';
import { Gauge, type Registry } from 'prom-client';
import type { FeedRegistry } from './feed-registry';
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

/** `tidings_feeds{state}`: feeds that are healthy, failing (last poll failed) or paused. */
export function registerFeedMetrics(registry: Registry, feeds: FeedRegistry): void {
  new Gauge({
    name: 'tidings_feeds',
    help: 'Registered feeds by health: healthy, failing (last poll failed), paused.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries(countByHealth(await feeds.list()))) this.set({ state }, n);
    },
  });
}
