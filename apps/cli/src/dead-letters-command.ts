import type { Command } from 'commander';
import type { ApiClient } from './api-client';

/** `tidings dead-letters list|replay`: the jobs that will not be tried again, through the API. */
export function addDeadLetterCommands(program: Command, client: () => ApiClient): void {
  const deadLetters = program
    .command('dead-letters')
    .description('list and replay jobs that failed for good (uses API_PORT and ADMIN_TOKEN)');

  deadLetters
    .command('list')
    .description('print dead letters, newest first, with their reason')
    .option('--limit <n>', 'how many', '50')
    .option('--queue <name>', 'articles or index')
    .action(async (options: { limit: string; queue?: string }) => {
      const query = new URLSearchParams({
        limit: options.limit,
        ...(options.queue ? { queue: options.queue } : {}),
      });
      const res = await client().request('GET', `/v1/dead-letters?${query}`);
      process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`);
    });

  deadLetters
    .command('replay [ids...]')
    .description('queue dead letters again: the given job ids, or all of them')
    .action(async (ids: string[]) => {
      const body = JSON.stringify(ids.length > 0 ? { ids } : {});
      const res = await client().request('POST', '/v1/dead-letters/replay', {
        type: 'application/json',
        data: body,
      });
      process.stdout.write(`${JSON.stringify(await res.json())}\n`);
    });
}
