import { type Archive, applyRetention, type Meilisearch } from '@tidings/search';
import type { Logger } from '@tidings/telemetry';

const HOUR = 3600_000;

/**
 * Retention: every hour (and once at start), delete articles published more
 * than `days` ago: month partitions wholly older are deleted as indexes, the
 * partition the cutoff falls in (or the single index) by filter.
 * Idempotent, so several indexers running it is harmless.
 * A failed sweep is logged and tried again the next hour.
 */
export function startRetention(options: {
  client: Meilisearch;
  archive: Archive;
  days: number;
  logger: Logger;
  everyMs?: number;
}): { stop(): void; sweep(): Promise<void> } {
  const sweep = async () => {
    if (options.days <= 0) return;
    const cutoff = new Date(Date.now() - options.days * 24 * HOUR);
    try {
      const { deleted, dropped } = await applyRetention(options.client, options.archive, cutoff);
      options.logger.info({ cutoff, deleted, dropped_partitions: dropped }, 'retention sweep');
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
