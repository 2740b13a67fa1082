import { readFile } from 'node:fs/promises';
import { feedIdFor } from '@tidings/contracts';
import type { FeedRegistry } from '@tidings/feed-state';
import { canonicalUrl, parseFeedsFile } from '@tidings/feeds';
import type { Logger } from '@tidings/telemetry';

/**
 * Register every feed listed in FEEDS_FILE (YAML or OPML). Feeds already
 * registered are left as they are; a bad entry is logged and skipped, never
 * stopping the others.
 */
export async function loadFeedsFile(
  path: string,
  registry: FeedRegistry,
  defaultIntervalSeconds: number,
  logger: Logger,
): Promise<{ added: number; skipped: number }> {
  const sources = parseFeedsFile(await readFile(path, 'utf8'), path);
  let added = 0;
  let skipped = 0;
  for (const source of sources) {
    try {
      const url = canonicalUrl(source.url);
      const { created } = await registry.register({
        id: feedIdFor(url),
        url,
        title: source.title,
        tags: source.categories,
        intervalSeconds: source.intervalSeconds,
        defaultIntervalSeconds,
      });
      if (created) added++;
      else skipped++;
    } catch (err) {
      skipped++;
      logger.warn(
        { file: path, url: source.url, err: (err as Error).message },
        'skipped a feed from FEEDS_FILE',
      );
    }
  }
  logger.info({ file: path, added, skipped }, 'loaded FEEDS_FILE');
  return { added, skipped };
}
