import { countByHealth } from '@tidings/contracts';
import { Gauge, type Registry } from 'prom-client';
import type { FeedRegistry } from './feed-registry';

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
