import { ok, type TidingsClient } from '@tidings/api-client';
import { type Command, Option } from 'commander';

const QUEUES = ['articles', 'index', 'matches', 'webhooks'] as const;

/** `tidings dead-letters list|replay`: the jobs that will not be tried again, through the API. */
export function addDeadLetterCommands(program: Command, client: () => TidingsClient): void {
  const deadLetters = program
    .command('dead-letters')
    .description('list and replay jobs that failed for good (uses API_PORT and ADMIN_TOKEN)');

  deadLetters
    .command('list')
    .description('print dead letters, newest first, with their reason')
    .option('--limit <n>', 'how many', '50')
    .addOption(new Option('--queue <name>', 'only this queue').choices(QUEUES))
    .action(async (options: { limit: string; queue?: (typeof QUEUES)[number] }) => {
      const page = await ok(
        client().GET('/v1/dead-letters', {
          params: {
            query: { limit: Number(options.limit), ...(options.queue ? { queue: options.queue } : {}) },
          },
        }),
      );
      process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    });

  deadLetters
    .command('replay [ids...]')
    .description('queue dead letters again: the given job ids, or all of them')
    .action(async (ids: string[]) => {
      const result = await ok(
        client().POST('/v1/dead-letters/replay', { body: ids.length > 0 ? { ids } : {} }),
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
