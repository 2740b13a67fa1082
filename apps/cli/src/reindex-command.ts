import { loadConfigOrExit } from '@tidings/config';
import { Archive, createMeiliClient, reindex } from '@tidings/search';
import type { Command } from 'commander';

/**
 * `tidings reindex`: rebuild each index of the archive with the current
 * settings and swap it in, with no downtime, and move documents to where
 * MEILI_PARTITIONS puts them (a single index into partitions, or back).
 */
export function addReindexCommand(program: Command): void {
  program
    .command('reindex')
    .description(
      'rebuild each Meilisearch index (partition) with the current settings and swap it in (searches keep answering); moves articles to the layout MEILI_PARTITIONS asks for',
    )
    .action(async () => {
      const config = loadConfigOrExit();
      const client = createMeiliClient(config.MEILI_URL, config.MEILI_MASTER_KEY);
      const archive = new Archive(client, config.MEILI_INDEX, config.MEILI_PARTITIONS);
      let shown = 0;
      let current = '';
      const report = await reindex(client, archive, (copied, index) => {
        if (index !== current) [current, shown] = [index, 0];
        if (copied - shown >= 10_000 || shown === 0) {
          process.stderr.write(`${index}: copied ${copied} documents…\n`);
          shown = copied;
        }
      });
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
