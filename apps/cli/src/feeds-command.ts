import { readFile, writeFile } from 'node:fs/promises';
import type { Feed } from '@tidings/contracts';
import type { Command } from 'commander';
import type { ApiClient } from './api-client';

/** `tidings feeds …`: list, import and export feeds through the API. */
export function addFeedsCommands(program: Command, client: () => ApiClient): void {
  const feeds = program
    .command('feeds')
    .description('manage feeds through the API (uses API_PORT and ADMIN_TOKEN)');

  feeds
    .command('list')
    .description('list feeds with their health')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { feeds: list } = (await (await client().request('GET', '/v1/feeds')).json()) as {
        feeds: Feed[];
      };
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
      const res = await client().request('POST', '/v1/feeds/import', {
        type: 'text/xml',
        data: await readFile(file, 'utf8'),
      });
      console.log(JSON.stringify(await res.json(), null, 2));
    });

  feeds
    .command('export')
    .description('print every feed as OPML')
    .option('-o, --output <file>', 'write to a file instead')
    .action(async (options: { output?: string }) => {
      const opml = await (await client().request('GET', '/v1/feeds/export')).text();
      if (options.output) await writeFile(options.output, opml);
      else process.stdout.write(opml);
    });
}
