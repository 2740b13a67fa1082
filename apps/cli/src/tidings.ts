#!/usr/bin/env node
import { ApiUnreachableError } from '@tidings/api-client';
import { loadConfigOrExit } from '@tidings/config';
import { Command } from 'commander';
import { apiClientFor } from './api-client';
import { addDeadLetterCommands } from './dead-letters-command';
import { addDebugCommands } from './debug-commands';
import { addFeedsCommands } from './feeds-command';
import { addMigrateQueuesCommand } from './migrate-queues-command';
import { addReindexCommand } from './reindex-command';
import { start } from './start';

const program = new Command('tidings')
  .description('Tidings: news feeds in, clean searchable articles out.')
  .option('--api <url>', 'API base URL for admin commands (default http://API_HOST:API_PORT)');

program
  .command('start')
  .description('run the whole pipeline on this machine (Redis, Meilisearch, poller, parser, indexer, api)')
  .action(start);

addDebugCommands(program);
addReindexCommand(program);
addMigrateQueuesCommand(program);
const apiClient = () => apiClientFor(loadConfigOrExit(), program.opts<{ api?: string }>().api);
addDeadLetterCommands(program, apiClient);
addFeedsCommands(program, apiClient);

try {
  await program.parseAsync();
} catch (err) {
  const hint = err instanceof ApiUnreachableError ? '; is Tidings running?' : '';
  process.stderr.write(`tidings: ${(err as Error).message}${hint}\n`);
  process.exit(1);
}
