import { type Archive, foldClosedPartitions, type Meilisearch } from '@tidings/search';
import type { Logger } from '@tidings/telemetry';

const HOUR = 3600_000;

/**
 * The archive's partitions over time, every hour and once at start:
 * this month's and (on a month's last day) next month's partitions are
 * created before their first article, and with MEILI_PARTITIONS=tiered the
 * months that left the open tier are folded into their years' indexes
 * (`foldClosedPartitions`). A failed round is logged and tried again the next
 * hour; folding is idempotent, so several indexers doing it is harmless.
 */
export function startPartitionUpkeep(options: {
  client: Meilisearch;
  archive: Archive;
  logger: Logger;
  everyMs?: number;
}): { stop(): void; round(): Promise<void> } {
  const { client, archive, logger } = options;
  let running: Promise<void> | undefined;
  const round = async () => {
    try {
      await archive.ensureUpcoming();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'could not create the upcoming partitions');
    }
    try {
      const started = Date.now();
      for (const { index, moved } of await foldClosedPartitions(client, archive))
        logger.info(
          { partition: index, moved, ms: Date.now() - started },
          'closed partition folded into its year',
        );
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'could not fold closed partitions; will retry');
    }
  };
  // One round at a time: a fold of a large month may outlast the interval.
  const tick = () => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };
  void tick();
  const timer = setInterval(tick, options.everyMs ?? HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), round: tick };
}
