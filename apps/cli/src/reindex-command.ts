import { loadConfigOrExit } from '@tidings/config';
import { createMeiliClient, reindex } from '@tidings/search';
import type { Command } from 'commander';

/** `tidings reindex`: rebuild the index with the current settings and swap it in, with no downtime. */
export function addReindexCommand(program: Command): void {
  program
    .command('reindex')
    .description(
      'rebuild the Meilisearch index with the current settings and swap it in (searches keep answering)',
    )
    .action(async () => {
      const config = loadConfigOrExit();
      const client = createMeiliClient(config.MEILI_URL, config.MEILI_MASTER_KEY);
      let shown = 0;
      const report = await reindex(client, config.MEILI_INDEX, (copied) => {
        if (copied - shown >= 10_000 || shown === 0) {
          process.stderr.write(`copied ${copied} documents…\n`);
          shown = copied;
        }
      });
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
