import { deleteOlderThan, type Meilisearch } from '@tidings/search';
import type { Logger } from '@tidings/telemetry';

const HOUR = 3600_000;

/**
 * Retention: every hour (and once at start), delete articles published more
 * than `days` ago. Idempotent, so several indexers running it is harmless.
 * A failed sweep is logged and tried again the next hour.
 */
export function startRetention(options: {
  client: Meilisearch;
  index: string;
  days: number;
  logger: Logger;
  everyMs?: number;
}): { stop(): void; sweep(): Promise<void> } {
  const sweep = async () => {
    if (options.days <= 0) return;
    const cutoff = new Date(Date.now() - options.days * 24 * HOUR);
    try {
      const deleted = await deleteOlderThan(options.client, options.index, cutoff);
      options.logger.info({ cutoff, deleted }, 'retention sweep');
    } catch (err) {
      options.logger.warn({ err: (err as Error).message }, 'retention sweep failed; will retry');
    }
  };
  if (options.days <= 0) return { stop: () => {}, sweep };
  void sweep();
  const timer = setInterval(sweep, options.everyMs ?? HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
