import { readFile, writeFile } from 'node:fs/promises';
import { ok, type TidingsClient } from '@tidings/api-client';
import type { Command } from 'commander';

/** `tidings feeds …`: list, import and export feeds through the API. */
export function addFeedsCommands(program: Command, client: () => TidingsClient): void {
  const feeds = program
    .command('feeds')
    .description('manage feeds through the API (uses API_PORT and ADMIN_TOKEN)');

  feeds
    .command('list')
    .description('list feeds with their health')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { feeds: list } = await ok(client().GET('/v1/feeds'));
      if (options.json) return void console.log(JSON.stringify(list, null, 2));
      for (const f of list) {
        const state = f.paused
          ? `paused: ${f.pausedReason}`
          : f.lastStatus === 'error'
            ? `failing ×${f.consecutiveFailures}: ${f.lastError}`
            : (f.lastStatus ?? 'not polled yet');
        console.log(
          `${f.id}  every ${f.intervalSeconds}s  items ${f.itemsSeen}  ${f.url}\n    ${state}${f.nextPollAt ? `; next poll ${f.nextPollAt}` : ''}`,
        );
      }
    });

  feeds
    .command('import <file>')
    .description('import the feeds of an OPML file; prints what was added, skipped and invalid')
    .action(async (file: string) => {
      const result = await ok(
        client().POST('/v1/feeds/import', {
          body: await readFile(file, 'utf8'),
          // The document goes as it is, not as a JSON string.
          bodySerializer: (body) => body,
          headers: { 'content-type': 'text/xml' },
        }),
      );
      console.log(JSON.stringify(result, null, 2));
    });

  feeds
    .command('export')
    .description('print every feed as OPML')
    .option('-o, --output <file>', 'write to a file instead')
    .action(async (options: { output?: string }) => {
      const opml = await ok(client().GET('/v1/feeds/export', { parseAs: 'text' }));
      if (options.output) await writeFile(options.output, opml);
      else process.stdout.write(opml);
    });
}
